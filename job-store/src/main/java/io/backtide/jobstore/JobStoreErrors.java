package io.backtide.jobstore;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/** One place that turns low-level database failures into messages that say what to check. */
final class JobStoreErrors {
  private static final String ONE_ACTIVE_INDEX = "backfill_jobs_one_active";

  private JobStoreErrors() {}

  /**
   * A clash with the one-active-job index as a {@link JobConflictException} naming the active job;
   * any other failure as {@link #sql}.
   */
  static RuntimeException conflictOr(
      SQLException e, String action, Supplier<Optional<BackfillJob>> active) {
    if ("23505".equals(e.getSQLState())
        && String.valueOf(e.getMessage()).contains(ONE_ACTIVE_INDEX)) {
      return active
          .get()
          .<RuntimeException>map(JobConflictException::new)
          .orElseGet(
              () -> new JobConflictException("another backfill became active at the same time"));
    }
    return sql(action, e);
  }

  static JobStoreException sql(String action, SQLException e) {
    return new JobStoreException(
        "could not "
            + action
            + ": "
            + e.getMessage()
            + " (SQLState "
            + e.getSQLState()
            + "); check that PostgreSQL is reachable and migrated",
        e);
  }
}
