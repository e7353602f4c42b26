package io.backtide.jobs.backfill;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where a run spent its time (for logs and the benchmark). One per run: the fetcher thread writes
 * {@code pages} and {@code fetchNanos}, the committing thread the rest (a batch's future hands them
 * over); fetching overlaps committing, so the times add up to more than the wall time. The
 * committing thread's own time splits into waiting (for the Spark session, the warm-up, the
 * fetcher), writing, publishing, recording progress in the job row and the vacuum; {@code jvm_s} is
 * how long the JVM had been up when the run started, {@code session_s} how long creating the Spark
 * session took (on its own thread, overlapping the run), {@code cpu_s} the CPU time the whole JVM
 * had used when the run ended (all threads, JVM and Spark start included).
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
  private long jvmMillisAtStart;
  private long sessionNanos;
  private long sessionWaitNanos;
  private long warmupWaitNanos;
  private long fetcherWaitNanos;
  private long progressNanos;
  private long vacuumNanos;
  private long cpuNanos;

  /** Starts the run clock. */
  void start() {
    startNanos = System.nanoTime();
    jvmMillisAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
  }

  /** The committer waited {@code nanos} for the Spark session, which took {@code took} to start. */
  void waitedForSession(long nanos, long took) {
    sessionWaitNanos += nanos;
    sessionNanos = took;
  }

  void waitedForWarmup(long nanos) {
    warmupWaitNanos += nanos;
  }

  void waitedForFetcher(long nanos) {
    fetcherWaitNanos += nanos;
  }

  void recordedProgress(long nanos) {
    progressNanos += nanos;
  }

  void vacuumed(long nanos) {
    vacuumNanos += nanos;
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
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      cpuNanos = os.getProcessCpuTime();
    }
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
            + " steady_rows=%d steady_s=%.3f jvm_s=%.3f session_s=%.3f session_wait_s=%.3f"
            + " warmup_wait_s=%.3f fetcher_wait_s=%.3f progress_s=%.3f vacuum_s=%.3f cpu_s=%.3f",
        rows,
        pages,
        commits,
        fetchSeconds(),
        writeSeconds(),
        publishSeconds(),
        runNanos / 1e9,
        steadyRows,
        steadyNanos / 1e9,
        jvmMillisAtStart / 1e3,
        sessionNanos / 1e9,
        sessionWaitNanos / 1e9,
        warmupWaitNanos / 1e9,
        fetcherWaitNanos / 1e9,
        progressNanos / 1e9,
        vacuumNanos / 1e9,
        cpuNanos / 1e9);
  }
}
