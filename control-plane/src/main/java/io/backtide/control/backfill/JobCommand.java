package io.backtide.control.backfill;

import io.backtide.control.Redact;
import io.backtide.jobstore.BackfillJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line that runs {@code BackfillApp} for a job: in a child JVM in Spark local mode, or
 * through {@code SparkSubmit} against a master.
 */
public final class JobCommand {
  /**
   * The module openings Spark needs on Java 17 (as org.apache.spark.launcher.JavaModuleOptions),
   * read from a resource the build fills from the root pom's {@code spark.jvm.opens} property, so
   * tests, scripts and job JVMs share one list.
   */
  static final List<String> SPARK_JVM_OPTIONS = sparkJvmOptions();

  static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";

  private final LaunchSettings settings;
  private final Optional<String> sparkMaster;

  /** With {@code sparkMaster} the job goes through SparkSubmit; without, a plain child JVM. */
  public JobCommand(LaunchSettings settings, Optional<String> sparkMaster) {
    this.settings = settings;
    this.sparkMaster = sparkMaster;
  }

  public Optional<String> sparkMaster() {
    return sparkMaster;
  }

  List<String> build(BackfillJob job, ConfiguredFeed feed) {
    List<String> jvm = new ArrayList<>(JobHeap.options(feed));
    jvm.addAll(JobJit.options(feed.feed(), job.range()));
    jvm.addAll(JobHugePages.options());
    return build(
        job, jvm, LaunchSettings.MAIN_CLASS, "backtide-backfill-", appArguments(job, feed));
  }

  /**
   * The command that runs {@code mainClass} with {@code appArguments} for a job in a JVM with
   * {@code jvmOptions} (the heap's among them), as a child JVM or through SparkSubmit ({@code
   * namePrefix} + job id goes to {@code --name}; the name the application gives its session when it
   * starts wins on the cluster's pages).
   */
  List<String> build(
      BackfillJob job,
      List<String> jvmOptions,
      String mainClass,
      String namePrefix,
      List<String> appArguments) {
    List<String> cmd = new ArrayList<>();
    cmd.add(settings.javaBin().toString());
    cmd.addAll(SPARK_JVM_OPTIONS);
    cmd.addAll(jvmOptions);
    cmd.add("-Dbacktide.job.id=" + job.id());
    cmd.add("-cp");
    cmd.add(settings.classpath());
    if (sparkMaster.isPresent()) {
      cmd.add(SPARK_SUBMIT);
      cmd.addAll(submitArguments(job, mainClass, namePrefix));
    } else {
      cmd.add(mainClass);
    }
    cmd.addAll(appArguments);
    return cmd;
  }

  /**
   * SparkSubmit in client mode: the driver runs here with the whole classpath; executors on the
   * cluster get the application jar (spark-jobs, the first classpath entry) and, through {@code
   * --jars}, what a cluster's own Spark does not carry: our modules and Delta. Spark, Scala and
   * Hadoop come from the cluster.
   */
  List<String> submitArguments(BackfillJob job) {
    return submitArguments(job, LaunchSettings.MAIN_CLASS, "backtide-backfill-");
  }

  private List<String> submitArguments(BackfillJob job, String mainClass, String namePrefix) {
    List<String> entries = List.of(settings.classpath().split(java.io.File.pathSeparator));
    String appJar =
        entries.isEmpty() || !entries.get(0).endsWith(".jar") ? "spark-internal" : entries.get(0);
    List<String> shipped =
        entries.stream()
            .skip(1)
            .filter(e -> e.endsWith(".jar"))
            .filter(
                e ->
                    SHIPPED_JAR
                        .matcher(java.nio.file.Path.of(e).getFileName().toString())
                        .matches())
            .toList();
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--master", sparkMaster.orElseThrow(), "--deploy-mode", "client"));
    args.addAll(List.of("--name", namePrefix + job.id()));
    args.addAll(List.of("--conf", "spark.ui.enabled=false", "--class", mainClass));
    if (!shipped.isEmpty()) {
      args.addAll(List.of("--jars", String.join(",", shipped)));
    }
    args.add(appJar);
    return args;
  }

  static List<String> sparkJvmOptions() {
    try (InputStream in = JobCommand.class.getResourceAsStream(JVM_OPTIONS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(JVM_OPTIONS_RESOURCE + " is missing from the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (text.isEmpty() || text.contains("${")) {
        throw new IllegalStateException(
            JVM_OPTIONS_RESOURCE
                + " was not filled by the build (spark.jvm.opens): '"
                + text
                + "'");
      }
      return List.of(text.split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + JVM_OPTIONS_RESOURCE, e);
    }
  }

  private static final String JVM_OPTIONS_RESOURCE = "spark-jvm-options.txt";

  private static final java.util.regex.Pattern SHIPPED_JAR =
      java.util.regex.Pattern.compile("(backtide-|delta-).*\\.jar");

  private List<String> appArguments(BackfillJob job, ConfiguredFeed feed) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--job-id", job.id().toString(),
                "--data-dir", settings.dataDir().toString(),
                "--page-size", String.valueOf(feed.pageSize())));
    settings
        .providerUrl(feed)
        .filter(url -> !carriesSecret(url))
        .ifPresent(url -> args.addAll(List.of("--provider-url", url)));
    feed.batchRows().ifPresent(n -> args.addAll(List.of("--batch-rows", String.valueOf(n))));
    if (feed.archive()) {
      args.addAll(List.of("--archive-url", settings.archiveUrl(feed)));
    } else {
      args.addAll(List.of("--archive", "false"));
    }
    feed.maxOutage().ifPresent(d -> args.addAll(List.of("--max-outage", d)));
    return args;
  }

  /**
   * What the job reads from its environment rather than its command line, which every local user
   * sees in {@code ps}: the database login (a {@code DB_URL} may hold a password) and a provider
   * URL with credentials in it.
   */
  Map<String, String> secretEnvironment(ConfiguredFeed feed) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_URL", settings.dbUrl());
    env.put("DB_USER", settings.dbUser());
    env.put("DB_PASSWORD", settings.dbPassword());
    settings
        .providerUrl(feed)
        .filter(JobCommand::carriesSecret)
        .ifPresent(url -> env.put("PROVIDER_URL", url));
    return env;
  }

  static boolean carriesSecret(String url) {
    return !Redact.secrets(url).equals(url);
  }

  /** The command as it may be logged: the classpath shortened, passwords masked. */
  static String printable(List<String> cmd) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < cmd.size(); i++) {
      String arg = cmd.get(i);
      if (i > 0 && "-cp".equals(cmd.get(i - 1))) {
        arg = "<" + arg.split(java.io.File.pathSeparator).length + " classpath entries>";
      } else if (arg.startsWith("--add-opens")
          || arg.startsWith("-Dio.netty")
          || arg.startsWith("-Djdk")) {
        continue;
      }
      shown.add(Redact.secrets(arg));
    }
    return String.join(" ", shown);
  }
}
