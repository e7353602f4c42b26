package io.backtide.jobs.backfill;

/**
 * Where a run spent its time (for logs and the benchmark). One per run: the fetcher thread writes
 * {@code pages} and {@code fetchNanos}, the committing thread the rest (a batch's future hands them
 * over); fetching overlaps committing, so the times add up to more than the wall time.
 */
public final class RunStats {
  private long rows;
  private long pages;
  private long commits;
  private long fetchNanos;
  private long writeNanos;
  private long publishNanos;
  private long startNanos;
  private long runNanos;
  private long firstCommitNanos;
  private long firstCommitRows;
  private long steadyRows;
  private long steadyNanos;

  /** Starts the run clock. */
  void start() {
    startNanos = System.nanoTime();
  }

  /** One page fetched in {@code nanos} (on the fetcher's thread). */
  void fetched(long nanos) {
    fetchNanos += nanos;
    pages++;
  }

  /** One commit of {@code committed} rows: table write and publishing times. */
  void committed(long committed, long writeNanos, long publishNanos) {
    this.writeNanos += writeNanos;
    this.publishNanos += publishNanos;
    rows += committed;
    commits++;
    if (commits == 1) {
      firstCommitNanos = System.nanoTime();
      firstCommitRows = committed;
    }
  }

  /** Marks the end of the run; the steady state is everything after the first commit. */
  void finish() {
    long now = System.nanoTime();
    runNanos = now - startNanos;
    if (commits > 1) {
      steadyRows = rows - firstCommitRows;
      steadyNanos = now - firstCommitNanos;
    }
  }

  public long rows() {
    return rows;
  }

  public long pages() {
    return pages;
  }

  public long commits() {
    return commits;
  }

  public double fetchSeconds() {
    return fetchNanos / 1e9;
  }

  public double writeSeconds() {
    return writeNanos / 1e9;
  }

  public double publishSeconds() {
    return publishNanos / 1e9;
  }

  @Override
  public String toString() {
    return String.format(
        "rows=%d pages=%d commits=%d fetch_s=%.3f write_s=%.3f publish_s=%.3f run_s=%.3f"
            + " steady_rows=%d steady_s=%.3f",
        rows,
        pages,
        commits,
        fetchSeconds(),
        writeSeconds(),
        publishSeconds(),
        runNanos / 1e9,
        steadyRows,
        steadyNanos / 1e9);
  }
}
