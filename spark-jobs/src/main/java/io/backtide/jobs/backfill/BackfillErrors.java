package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/** The backfill job's error messages, in one place. */
final class BackfillErrors {
  private BackfillErrors() {}

  static String failed(FeedKey feed, Instant cursor, RuntimeException e, Path dataDir) {
    String detail = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    if (noSpaceLeft(e)) {
      detail =
          "no space left on device: "
              + freeBytes(dataDir)
              + " bytes free under "
              + dataDir
              + "; free some space (or move BACKTIDE_DATA_DIR) and retry the job ("
              + detail
              + ")";
    }
    return "backfill of " + feed + " failed at cursor " + cursor + ": " + detail;
  }

  /** Whether a full disk is somewhere in the cause chain (the JDK's and Hadoop's wording). */
  static boolean noSpaceLeft(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  private static long freeBytes(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  static BackfillException stuck(Instant cursor, Instant firstTs, Instant lastTs) {
    return new BackfillException(
        "the provider returned a page that does not move the cursor: "
            + "asked from "
            + cursor
            + ", got rows from "
            + firstTs
            + " to "
            + lastTs
            + " (all before the cursor); the provider ignores startTime or repeats a page");
  }

  static BackfillException noSuchJob(UUID id) {
    return new BackfillException(
        "no backfill job " + id + " in backfill_jobs: create it through the control plane first");
  }

  static BackfillException notActive(UUID id, String status) {
    return new BackfillException(
        "job " + id + " is " + status + ", not pending or running: retry it to run it again");
  }

  static BackfillException interrupted() {
    return new BackfillException(
        "interrupted while waiting for the next batch of pages: the process is shutting down");
  }

  static BackfillException lostJob(UUID id) {
    return new BackfillException(
        "job " + id + " stopped being active while it ran (cancelled or taken over elsewhere)");
  }
}
