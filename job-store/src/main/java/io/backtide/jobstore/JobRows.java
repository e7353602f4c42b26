package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads and writes {@code backfill_jobs} rows: the column list, the row mapping, one statement. */
final class JobRows {
  static final String COLUMNS =
      """
      id, source, subject, kind, granularity, start_ts, end_ts, cursor_ts, records_written,
      pages_fetched, status, error, cancel_requested, attempt, heartbeat_at, created_at, updated_at,
      phase, fetched_pages, fetched_rows, fetched_until, retry_reason, retry_since, retry_next_at,
      days_skipped, refresh, notes
      """;

  /** The statuses a job may move in while it runs. */
  static final String ACTIVE = "status IN ('pending', 'running')";

  private final DataSource dataSource;

  JobRows(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw JobStoreErrors.sql("update backfill_jobs", e);
    }
  }

  List<BackfillJob> query(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<BackfillJob> jobs = new ArrayList<>();
        while (rs.next()) {
          jobs.add(read(rs));
        }
        return jobs;
      }
    } catch (SQLException e) {
      throw JobStoreErrors.sql("read backfill_jobs", e);
    }
  }

  Optional<BackfillJob> find(UUID id) {
    return query("SELECT " + COLUMNS + " FROM backfill_jobs WHERE id = ?", id).stream().findFirst();
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i] instanceof Instant t ? Timestamp.from(t) : args[i]);
    }
  }

  private static BackfillJob read(ResultSet rs) throws SQLException {
    FeedKey feed =
        new FeedKey(
            rs.getString("source"),
            rs.getString("subject"),
            FeedKind.parse(rs.getString("kind")),
            Granularity.parse(rs.getString("granularity")));
    return new BackfillJob(
        rs.getObject("id", UUID.class),
        feed,
        new TimeRange(instant(rs, "start_ts"), instant(rs, "end_ts")),
        instant(rs, "cursor_ts"),
        rs.getLong("records_written"),
        rs.getLong("pages_fetched"),
        JobStatus.parse(rs.getString("status")),
        Optional.ofNullable(rs.getString("error")),
        rs.getBoolean("cancel_requested"),
        rs.getInt("attempt"),
        optionalInstant(rs, "heartbeat_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        activity(rs),
        rs.getBoolean("refresh"));
  }

  private static JobActivity activity(ResultSet rs) throws SQLException {
    String reason = rs.getString("retry_reason");
    Optional<RetryState> retry =
        reason == null
            ? Optional.empty()
            : Optional.of(
                new RetryState(reason, instant(rs, "retry_since"), instant(rs, "retry_next_at")));
    return new JobActivity(
        Optional.ofNullable(rs.getString("phase")).map(JobPhase::parse),
        rs.getLong("fetched_pages"),
        rs.getLong("fetched_rows"),
        optionalInstant(rs, "fetched_until"),
        retry,
        rs.getInt("days_skipped"),
        List.of((String[]) rs.getArray("notes").getArray()));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getTimestamp(column).toInstant();
  }

  private static Optional<Instant> optionalInstant(ResultSet rs, String column)
      throws SQLException {
    return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
  }
}
