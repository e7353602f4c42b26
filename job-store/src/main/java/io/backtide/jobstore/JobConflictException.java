package io.backtide.jobstore;

/** A new job was refused because another one is pending or running. */
public final class JobConflictException extends RuntimeException {
  private final transient BackfillJob active;

  JobConflictException(BackfillJob active) {
    super(
        "a backfill is already "
            + active.status().code()
            + ": job "
            + active.id()
            + " ("
            + active.feed()
            + ", "
            + active.range().start()
            + " to "
            + active.range().end()
            + ", "
            + String.format("%.1f", active.progressPct())
            + "% done); wait for it to finish or cancel it first");
    this.active = active;
  }

  JobConflictException(String message) {
    super(message);
    this.active = null;
  }

  /** The job that holds the slot, when it could still be read. */
  public java.util.Optional<BackfillJob> active() {
    return java.util.Optional.ofNullable(active);
  }
}
