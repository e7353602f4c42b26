package io.backtide.jobs.bulk;

import io.backtide.core.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The error messages of bulk mode, in one place. */
final class BulkErrors {
  private BulkErrors() {}

  static IllegalStateException chunkFailed(Chunk chunk, Instant cursor, RuntimeException e) {
    return new IllegalStateException(
        chunk.feed()
            + " chunk "
            + chunk.start()
            + " to "
            + chunk.end()
            + " failed at cursor "
            + cursor
            + ": "
            + e.getMessage(),
        e);
  }

  static IllegalArgumentException jobMismatch(UUID job, String what) {
    return new IllegalArgumentException("job " + job + " " + what);
  }

  static String rangeMismatch(UUID job, TimeRange job_, TimeRange args) {
    return "--start/--end "
        + args.start()
        + " to "
        + args.end()
        + " do not match job "
        + job
        + " ("
        + job_.start()
        + " to "
        + job_.end()
        + ")";
  }

  static String feedNotInJob(UUID job, String jobFeed, List<String> feeds) {
    return "--feeds " + String.join(",", feeds) + " must include job " + job + "'s feed " + jobFeed;
  }
}
