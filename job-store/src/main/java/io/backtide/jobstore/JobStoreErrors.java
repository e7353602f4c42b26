package io.backtide.jobstore;

import java.sql.SQLException;

/** One place that turns low-level database failures into messages that say what to check. */
final class JobStoreErrors {
  private JobStoreErrors() {}

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
