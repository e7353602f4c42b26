package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Days of a feed confirmed complete ({@code feed_days_confirmed}): a job fetched each to its end
 * and the provider had nothing more for it. A later backfill skips them unless asked to refresh,
 * whatever their row count (a day may hold fewer candles than the granularity allows).
 */
public final class FeedDayRepository {
  private final DataSource dataSource;
  private final Clock clock;

  public FeedDayRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Confirms {@code days} (day -> rows held) for {@code feed}, replacing earlier confirmations. */
  public void confirm(FeedKey feed, Map<LocalDate, Long> days, UUID jobId) {
    if (days.isEmpty()) {
      return;
    }
    String sql =
        """
        INSERT INTO feed_days_confirmed (feed, day, records, job_id, confirmed_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (feed, day) DO UPDATE
           SET records = excluded.records, job_id = excluded.job_id,
               confirmed_at = excluded.confirmed_at
        """;
    Timestamp now = Timestamp.from(clock.instant());
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (Map.Entry<LocalDate, Long> day : days.entrySet()) {
        ps.setString(1, feed.toString());
        ps.setObject(2, day.getKey());
        ps.setLong(3, day.getValue());
        ps.setObject(4, jobId);
        ps.setTimestamp(5, now);
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw JobStoreErrors.sql("confirm " + days.size() + " day(s) of " + feed, e);
    }
  }

  /** The confirmed days of {@code feed} in {@code [from, until)}, with their row counts. */
  public Map<LocalDate, Long> confirmed(FeedKey feed, LocalDate from, LocalDate until) {
    String sql =
        """
        SELECT day, records FROM feed_days_confirmed
         WHERE feed = ? AND day >= ? AND day < ? ORDER BY day
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, feed.toString());
      ps.setObject(2, from);
      ps.setObject(3, until);
      try (ResultSet rs = ps.executeQuery()) {
        Map<LocalDate, Long> days = new TreeMap<>();
        while (rs.next()) {
          days.put(rs.getObject("day", LocalDate.class), rs.getLong("records"));
        }
        return days;
      }
    } catch (SQLException e) {
      throw JobStoreErrors.sql("read the confirmed days of " + feed, e);
    }
  }
}
