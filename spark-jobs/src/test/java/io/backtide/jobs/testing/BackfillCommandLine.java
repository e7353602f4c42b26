package io.backtide.jobs.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The arguments every test or bench run of {@code BackfillApp} starts with. */
public final class BackfillCommandLine {
  private BackfillCommandLine() {}

  /**
   * {@code --job-id --data-dir --db-url --provider-url}, then {@code more}; a mutable list, for
   * callers that add to it.
   */
  public static List<String> args(
      UUID jobId, Path dataDir, String dbUrl, String providerUrl, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--job-id",
                jobId.toString(),
                "--data-dir",
                dataDir.toString(),
                "--db-url",
                dbUrl,
                "--provider-url",
                providerUrl));
    args.addAll(List.of(more));
    return args;
  }
}
