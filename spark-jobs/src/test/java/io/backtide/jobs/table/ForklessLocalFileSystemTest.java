package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's local file system: every Hadoop configuration gets it from the job jar's {@code
 * core-site.xml}, it does what Delta's log store relies on (a rename never replaces a commit), and
 * neither it nor a Delta commit through it starts a process.
 */
class ForklessLocalFileSystemTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");

  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("forkless-test", warehouse);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** The command lines of the processes {@code work} started, from a JFR recording. */
  private List<String> processesStartedBy(Executable work) throws Throwable {
    Path file = dir.resolve("processes.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart");
      recording.start();
      work.execute();
      recording.stop();
      recording.dump(file);
    }
    List<String> commands = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      commands.add(e.getString("command"));
    }
    return commands;
  }

  @Test
  void everyHadoopConfigurationGetsTheForklessFileSystemForFileUris() throws Exception {
    Configuration conf = new Configuration();
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
    }
    assertThat(FileContext.getLocalFSFileContext(conf).getDefaultFileSystem())
        .isInstanceOf(ForklessLocalFs.class);
    assertThat(spark.sparkContext().hadoopConfiguration().get("fs.file.impl"))
        .isEqualTo(ForklessLocalFileSystem.class.getName());
  }

  @Test
  void whatDeltasLogStoreDoesWorksWithoutStartingAProcess() throws Throwable {
    FileContext fc = FileContext.getLocalFSFileContext(new Configuration());
    org.apache.hadoop.fs.Path log =
        new org.apache.hadoop.fs.Path(dir.resolve("_delta_log").toUri());
    org.apache.hadoop.fs.Path commit =
        new org.apache.hadoop.fs.Path(log, "00000000000000000000.json");
    List<String> started =
        processesStartedBy(
            () -> {
              fc.mkdir(log, FsPermission.getDirDefault(), true);
              for (String attempt : List.of("first", "second")) {
                org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(log, "." + attempt);
                try (var out =
                    fc.create(
                        temp,
                        EnumSet.of(CreateFlag.CREATE),
                        Options.CreateOpts.perms(new FsPermission((short) 0640)))) {
                  out.write(attempt.getBytes(StandardCharsets.UTF_8));
                }
                try {
                  fc.rename(temp, commit, Options.Rename.NONE);
                } catch (FileAlreadyExistsException e) {
                  fc.delete(temp, false);
                }
              }
            });

    assertThat(started).as("processes started").isEmpty();
    Path committed = dir.resolve("_delta_log/00000000000000000000.json");
    assertThat(Files.readString(committed))
        .as("the second rename did not replace it")
        .isEqualTo("first");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(committed)))
        .isEqualTo("rw-r-----");
    assertThatThrownBy(
            () ->
                fc.rename(
                    new org.apache.hadoop.fs.Path(log, "missing"), commit, Options.Rename.NONE))
        .isInstanceOf(java.io.FileNotFoundException.class);
  }

  @Test
  void hadoopsOwnLocalFileSystemStartsTheProcessesTheRecordingCounts() throws Throwable {
    Path file = Files.writeString(dir.resolve("file"), "x");
    org.apache.hadoop.fs.RawLocalFileSystem stock = new org.apache.hadoop.fs.RawLocalFileSystem();
    stock.initialize(URI.create("file:///"), new Configuration());

    List<String> started =
        processesStartedBy(
            () ->
                stock.setPermission(
                    new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission((short) 0600)));

    assertThat(started).anyMatch(command -> command.startsWith("chmod"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aSymbolicLinkIsStillReportedAsHadoopReportsIt() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), new Configuration())) {
      // a link is left to Hadoop's own check, which reads a path without a scheme (its readlink
      // does not take a file: URI, so Hadoop never finds a link behind one)
      FileStatus ofLink = fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(link.toString()));
      FileStatus ofFile = fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(target.toUri()));

      assertThat(ofLink.isSymlink()).isTrue();
      assertThat(ofLink.getSymlink().toUri().getPath()).isEqualTo(target.toString());
      assertThat(ofFile.isSymlink()).isFalse();
      assertThat(ofFile.getLen()).isEqualTo(1);
      assertThatThrownBy(
              () -> fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(dir.resolve("no").toUri())))
          .isInstanceOf(java.io.FileNotFoundException.class);
    }
  }

  @Test
  void aDeltaTableIsCreatedAndCommittedToWithoutStartingAProcess() throws Throwable {
    CandleTable table = new CandleTable(spark, dir.resolve("data"), WriteMode.REBUILD);
    table.write(FEED, byDay(DAY1)); // creates the table (warms Spark's Delta too)

    List<String> started =
        processesStartedBy(
            () -> {
              table.write(FEED, byDay(DAY1.plusSeconds(86_400)));
              table.write(FEED, byDay(DAY1.plusSeconds(2 * 86_400)));
            });

    assertThat(started).as("processes started by two Delta commits").isEmpty();
    assertThat(
            spark.read().format("delta").load(dir.resolve("data/delta/candles").toString()).count())
        .isEqualTo(3 * 60);
  }

  private static SortedMap<LocalDate, List<SourceRow>> byDay(Instant start) {
    SortedMap<LocalDate, List<SourceRow>> days = new TreeMap<>();
    days.put(
        TableRows.day(start),
        TestCandles.range(start, start.plusSeconds(3600), Granularity.M1, 0).stream()
            .map(c -> new SourceRow(c, "{}"))
            .toList());
    return days;
  }
}
