package io.backtide.jobs.backfill;

/** Where a run spent its time (for logs and the benchmark). Not thread-safe: one per run. */
public final class RunStats {
  long rows;
  long pages;
  long commits;
  long fetchNanos;
  long writeNanos;
  long publishNanos;

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
        "rows=%d pages=%d commits=%d fetch_s=%.3f write_s=%.3f publish_s=%.3f",
        rows, pages, commits, fetchSeconds(), writeSeconds(), publishSeconds());
  }
}
