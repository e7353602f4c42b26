package io.backtide.control.backfill;

/** What the launcher knows about a job's process. */
public enum ProcessState {
  /** A process for the job is alive. */
  RUNNING,
  /** A process was started for the job and is no longer alive. */
  GONE,
  /** No process was ever started for the job (it may be about to be). */
  NEVER_STARTED
}
