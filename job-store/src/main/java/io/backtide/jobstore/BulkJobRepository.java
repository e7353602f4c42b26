package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain-JDBC access to {@code backfill_bulk_jobs}. A bulk job is created with its job row in one
 * transaction, so no process ever sees the row without its feeds.
 */
public final class BulkJobRepository {
  private final DataSource dataSource;
  private final BackfillJobRepository jobs;

  public BulkJobRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.jobs = new BackfillJobRepository(dataSource, clock);
  }

  /**
   * Inserts a pending job (its feed: the first of {@code feeds}) and its bulk row.
   *
   * @throws JobConflictException when another job is pending or running (it names that job)
   */
  public BackfillJob create(List<FeedKey> feeds, TimeRange range, int chunkDays, int waveChunks) {
    UUID id = UUID.randomUUID();
    BulkJob bulk = new BulkJob(id, feeds, chunkDays, waveChunks);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        jobs.insertPending(c, id, bulk.feeds().get(0), range, false);
        insert(c, bulk);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw JobStoreErrors.conflictOr(e, "create a bulk job for " + feeds, jobs::findActive);
    }
    return jobs.findById(id).orElseThrow();
  }

  private static void insert(Connection c, BulkJob bulk) throws SQLException {
    String sql =
        "INSERT INTO backfill_bulk_jobs (job_id, feeds, chunk_days, wave_chunks)"
            + " VALUES (?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Array feeds = c.createArrayOf("text", bulk.feeds().stream().map(FeedKey::toString).toArray());
      ps.setObject(1, bulk.jobId());
      ps.setArray(2, feeds);
      ps.setInt(3, bulk.chunkDays());
      ps.setInt(4, bulk.waveChunks());
      ps.executeUpdate();
    }
  }

  /** The bulk part of job {@code jobId}; empty for a single-feed job. */
  public Optional<BulkJob> find(UUID jobId) {
    return query("SELECT * FROM backfill_bulk_jobs WHERE job_id = ?", ps -> ps.setObject(1, jobId))
        .stream()
        .findFirst();
  }

  /** Bulk jobs, newest first, at most {@code limit}. */
  public List<BulkJob> list(int limit) {
    return query(
        """
        SELECT b.* FROM backfill_bulk_jobs b JOIN backfill_jobs j ON j.id = b.job_id
         ORDER BY j.created_at DESC, j.id LIMIT ?
        """,
        ps -> ps.setInt(1, limit));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<BulkJob> query(String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<BulkJob> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw JobStoreErrors.sql("read backfill_bulk_jobs", e);
    }
  }

  private static BulkJob read(ResultSet rs) throws SQLException {
    String[] feeds = (String[]) rs.getArray("feeds").getArray();
    return new BulkJob(
        rs.getObject("job_id", UUID.class),
        Arrays.stream(feeds).map(FeedKey::parse).toList(),
        rs.getInt("chunk_days"),
        rs.getInt("wave_chunks"));
  }
}
