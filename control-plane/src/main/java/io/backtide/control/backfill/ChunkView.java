package io.backtide.control.backfill;

import io.backtide.jobstore.ChunkState;
import io.backtide.jobstore.ChunkStatus;
import java.time.Instant;

/**
 * One chunk of a bulk job as the API shows it: {@code state} is pending, running (its wave is being
 * fetched and committed), done or failed (with {@code error}); {@code end_ts} is exclusive.
 */
public record ChunkView(
    String feed,
    Instant startTs,
    Instant endTs,
    String state,
    long recordsWritten,
    long pagesFetched,
    String error) {

  /** A chunk left running by a job that is no longer active was interrupted: pending again. */
  static ChunkView of(ChunkStatus s, boolean jobActive) {
    ChunkState state =
        s.state() == ChunkState.RUNNING && !jobActive ? ChunkState.PENDING : s.state();
    return new ChunkView(
        s.chunk().feed().toString(),
        s.chunk().range().start(),
        s.chunk().range().end(),
        state.code(),
        s.chunk().recordsWritten(),
        s.chunk().pagesFetched(),
        s.error().orElse(null));
  }
}
