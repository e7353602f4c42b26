package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain-JDBC access to {@code backfill_chunks}, the per-chunk progress of bulk backfills. */
public final class BackfillChunkRepository {
  private final DataSource dataSource;
  private final Clock clock;

  public BackfillChunkRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * Records the planned chunks of a job; chunks already recorded (a rerun) are kept as they are,
   * done or not. One transaction.
   */
  public void plan(Collection<BackfillChunk> chunks) {
    String sql =
        """
        INSERT INTO backfill_chunks (job_id, feed, start_ts, end_ts, updated_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (job_id, feed, start_ts) DO NOTHING
        """;
    inTransaction(
        "plan chunks",
        false,
        sql,
        chunks,
        (ps, chunk) -> {
          ps.setObject(1, chunk.jobId());
          ps.setString(2, chunk.feed().toString());
          ps.setTimestamp(3, Timestamp.from(chunk.range().start()));
          ps.setTimestamp(4, Timestamp.from(chunk.range().end()));
          ps.setTimestamp(5, Timestamp.from(clock.instant()));
        });
  }

  /**
   * Marks chunks done at {@code tableVersion} with the counters they carry, in one transaction.
   *
   * @throws JobStoreException when a chunk was never planned
   */
  public void markDone(Collection<BackfillChunk> chunks, long tableVersion) {
    String sql =
        """
        UPDATE backfill_chunks
           SET done = true, state = 'done', error = NULL, records_written = ?,
               pages_fetched = ?, table_version = ?, updated_at = ?
         WHERE job_id = ? AND feed = ? AND start_ts = ?
        """;
    inTransaction(
        "mark chunks done",
        true,
        sql,
        chunks,
        (ps, chunk) -> {
          ps.setLong(1, chunk.recordsWritten());
          ps.setLong(2, chunk.pagesFetched());
          ps.setLong(3, tableVersion);
          ps.setTimestamp(4, Timestamp.from(clock.instant()));
          ps.setObject(5, chunk.jobId());
          ps.setString(6, chunk.feed().toString());
          ps.setTimestamp(7, Timestamp.from(chunk.range().start()));
        });
  }

  /** Marks the chunks of the wave about to be fetched running (done ones stay done). */
  public void markRunning(Collection<BackfillChunk> chunks) {
    setState(chunks, ChunkState.RUNNING, null);
  }

  /** Marks a chunk failed with why (it is fetched again by the next run). */
  public void markFailed(BackfillChunk chunk, String error) {
    setState(List.of(chunk), ChunkState.FAILED, error);
  }

  /** Puts running and failed chunks back to pending: what a new run or an interrupted wave does. */
  public void release(Collection<BackfillChunk> chunks) {
    setState(chunks, ChunkState.PENDING, null);
  }

  private void setState(Collection<BackfillChunk> chunks, ChunkState state, String error) {
    String sql =
        """
        UPDATE backfill_chunks SET state = ?, error = ?, updated_at = ?
         WHERE job_id = ? AND feed = ? AND start_ts = ? AND NOT done
        """;
    inTransaction(
        "mark chunks " + state.code(),
        false,
        sql,
        chunks,
        (ps, chunk) -> {
          ps.setString(1, state.code());
          ps.setString(2, error);
          ps.setTimestamp(3, Timestamp.from(clock.instant()));
          ps.setObject(4, chunk.jobId());
          ps.setString(5, chunk.feed().toString());
          ps.setTimestamp(6, Timestamp.from(chunk.range().start()));
        });
  }

  /** The job's chunks with where each stands, by feed then start. */
  public List<ChunkStatus> states(UUID jobId) {
    String sql =
        """
        SELECT job_id, feed, start_ts, end_ts, done, records_written, pages_fetched, table_version,
               state, error
          FROM backfill_chunks WHERE job_id = ? ORDER BY feed, start_ts
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        List<ChunkStatus> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new ChunkStatus(
                  read(rs),
                  ChunkState.parse(rs.getString("state")),
                  java.util.Optional.ofNullable(rs.getString("error"))));
        }
        return out;
      }
    } catch (SQLException e) {
      throw JobStoreErrors.sql("read backfill_chunks of job " + jobId, e);
    }
  }

  /** The job's chunks, by feed then start. */
  public List<BackfillChunk> list(UUID jobId) {
    String sql =
        """
        SELECT job_id, feed, start_ts, end_ts, done, records_written, pages_fetched, table_version
          FROM backfill_chunks WHERE job_id = ? ORDER BY feed, start_ts
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        List<BackfillChunk> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw JobStoreErrors.sql("read backfill_chunks of job " + jobId, e);
    }
  }

  private static BackfillChunk read(ResultSet rs) throws SQLException {
    long version = rs.getLong("table_version");
    OptionalLong tableVersion = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(version);
    return new BackfillChunk(
        rs.getObject("job_id", UUID.class),
        FeedKey.parse(rs.getString("feed")),
        new TimeRange(
            rs.getTimestamp("start_ts").toInstant(), rs.getTimestamp("end_ts").toInstant()),
        rs.getBoolean("done"),
        rs.getLong("records_written"),
        rs.getLong("pages_fetched"),
        tableVersion);
  }

  private interface Binder {
    void bind(PreparedStatement ps, BackfillChunk chunk) throws SQLException;
  }

  private void inTransaction(
      String action,
      boolean everyRowMustExist,
      String sql,
      Collection<BackfillChunk> chunks,
      Binder binder) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (BackfillChunk chunk : chunks) {
          binder.bind(ps, chunk);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int n : counts) {
          if (everyRowMustExist && n == 0) {
            throw new JobStoreException(
                "cannot " + action + ": a chunk was never planned; plan() it first", null);
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw JobStoreErrors.sql(action, e);
    }
  }
}
