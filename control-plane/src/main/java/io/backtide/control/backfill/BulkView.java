package io.backtide.control.backfill;

import io.backtide.core.FeedKey;
import io.backtide.jobstore.BulkJob;
import java.util.List;

/**
 * A bulk job as the API shows it: the job row ({@code job}, as {@code GET /reports/backfill/jobs}
 * shows it: status, cursor, counters), its feeds and settings, how many chunks are in each state
 * and every chunk ({@code chunks_total} is 0 until the job has planned them).
 */
public record BulkView(
    JobView job,
    List<String> feeds,
    int chunkDays,
    int waveChunks,
    int chunksTotal,
    int chunksDone,
    int chunksRunning,
    int chunksFailed,
    int chunksPending,
    List<ChunkView> chunks) {

  static BulkView of(JobView job, BulkJob bulk, List<ChunkView> chunks) {
    return new BulkView(
        job,
        bulk.feeds().stream().map(FeedKey::toString).toList(),
        bulk.chunkDays(),
        bulk.waveChunks(),
        chunks.size(),
        count(chunks, "done"),
        count(chunks, "running"),
        count(chunks, "failed"),
        count(chunks, "pending"),
        chunks);
  }

  private static int count(List<ChunkView> chunks, String state) {
    return (int) chunks.stream().filter(c -> c.state().equals(state)).count();
  }
}
