package io.backtide.backtest.internal;

import io.backtide.backtest.BacktestException;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Every error message of the backtest library, in one place. */
public final class BacktestErrors {

  /**
   * The value of {@code work}, which ran on another thread {@code doing} something ("reading the
   * cached files"): its {@code RuntimeException} as it is, anything else it threw as a {@link
   * BacktestException} with it as the cause; an interrupt of this thread as one too.
   */
  public static <T> T await(Future<T> work, String doing) {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BacktestException("interrupted while " + doing, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new BacktestException(doing + " failed: " + e.getCause(), e.getCause());
    }
  }

  private BacktestErrors() {}

  public static BacktestException unreachable(URI url, Exception cause) {
    return new BacktestException(
        "cannot reach the coordinator at "
            + url
            + " ("
            + describe(cause)
            + "): check that it runs and that the URL is right, or work offline from the cache"
            + " (runner without coordinator)",
        cause);
  }

  public static BacktestException badStatus(URI url, int status, String body) {
    String snippet = body.length() > 200 ? body.substring(0, 200) + "..." : body;
    String hint =
        status == 401 || status == 403
            ? " (the coordinator protects its data: pass its API key with"
                + " BacktestClient.withApiKey(...) or the runner's coordinatorApiKey(...))"
            : "";
    return new BacktestException(
        "coordinator answered HTTP " + status + " for " + url + ": " + snippet.strip() + hint);
  }

  public static BacktestException deadline(URI url, Duration timeout) {
    return new BacktestException(
        "no complete answer from "
            + url
            + " within "
            + timeout
            + " (headers and body): the coordinator or the network is stalled; try again, or"
            + " allow more time with BacktestClient.withRequestTimeout(...)");
  }

  public static BacktestException tooLarge(URI url, long maxBytes, String cap) {
    return new BacktestException(
        "the answer from "
            + url
            + " is larger than "
            + maxBytes
            + " bytes ("
            + cap
            + "); it was cut off and nothing was written to the cache. Ask the operator to check"
            + " the coordinator");
  }

  public static BacktestException redirected(URI url, int status, String location) {
    return new BacktestException(
        "coordinator answered HTTP "
            + status
            + " for "
            + url
            + ", redirecting to "
            + location
            + "; the client does not follow redirects (they could carry the API key to another"
            + " origin): point it at the coordinator's final URL");
  }

  public static BacktestException duplicateEntry(URI indexUrl, String path) {
    return new BacktestException(
        "the coordinator's index at "
            + indexUrl
            + " lists "
            + path
            + " more than once; refusing to guess which entry is right. Ask the operator to"
            + " republish that day");
  }

  public static BacktestException badIndex(URI url, Exception cause) {
    return new BacktestException(
        "the coordinator's index at "
            + url
            + " is not valid JSON of the expected shape: "
            + describe(cause),
        cause);
  }

  public static BacktestException noDataOnCoordinator(
      FeedKey feed, TimeRange range, List<LocalDate> available) {
    return new BacktestException(
        "the coordinator has no data for "
            + feed
            + " in ["
            + range.start()
            + ", "
            + range.end()
            + "); "
            + describeDays(available)
            + ": run a backfill for that range first, or pick a range it has");
  }

  public static BacktestException noCachedData(FeedKey feed, TimeRange range, Path cacheDir) {
    return new BacktestException(
        "no cached data for "
            + feed
            + " in ["
            + range.start()
            + ", "
            + range.end()
            + ") under "
            + cacheDir
            + ": pull it first with BacktestClient.pull(...), or set coordinator(...) on the"
            + " runner so that it pulls missing days");
  }

  public static BacktestException corruptDownload(
      String path, URI url, String expected, String actual) {
    return new BacktestException(
        "download of "
            + path
            + " from "
            + url
            + " is corrupt twice in a row: sha256 "
            + actual
            + " but the index says "
            + expected
            + "; the cached copy was left unchanged. Try again later or ask the operator to"
            + " republish that day");
  }

  public static BacktestException unsafePath(String path) {
    return new BacktestException(
        "the coordinator's index names the file '"
            + path
            + "', which is not a relative path of the form source/subject/kind/granularity/"
            + "YYYY-MM-DD.parquet; refusing to write it");
  }

  public static BacktestException damagedCacheFile(
      Path file, FeedKey feed, LocalDate day, String problem) {
    return new BacktestException(
        "the cached file "
            + file
            + " "
            + problem
            + ", so the backtest would not read what was pulled: pull that day again with"
            + " BacktestClient.refresh("
            + feed
            + ", \""
            + day
            + "\", \""
            + day.plusDays(1)
            + "\"), or delete the file and run with coordinator(...) set");
  }

  public static BacktestException badManifest(Path file, Exception cause) {
    return new BacktestException(
        "the cache manifest "
            + file
            + " cannot be read ("
            + describe(cause)
            + "): delete it and pull the feed again (BacktestClient.refresh(...))",
        cause);
  }

  public static BacktestException missingDays(
      FeedKey feed, TimeRange range, List<LocalDate> missing, Path cacheDir, boolean pulled) {
    String fix =
        pulled
            ? "the coordinator has no file for them either: backfill them, or"
            : "pull them first (BacktestClient.pull(...), or set coordinator(...) on the runner), or";
    return new BacktestException(
        "the cache has no file for "
            + missing.size()
            + " day(s) of "
            + feed
            + " in ["
            + range.start()
            + ", "
            + range.end()
            + "): "
            + listDays(missing)
            + " (under "
            + cacheDir
            + "); "
            + fix
            + " call allowMissingDays() on the runner's builder to run without them");
  }

  /** Up to ten days, then how many more. */
  public static String listDays(List<LocalDate> days) {
    int shown = Math.min(10, days.size());
    String head =
        days.subList(0, shown).stream()
            .map(LocalDate::toString)
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    return shown == days.size() ? head : head + " and " + (days.size() - shown) + " more";
  }

  public static BacktestException cacheIo(Path path, Exception cause) {
    return new BacktestException(
        "cannot read or write the cache file " + path + ": " + describe(cause), cause);
  }

  /**
   * Spark failed to read cached files. The file is named when Spark's error names one of them (it
   * does for a corrupt footer or page); otherwise every file of the read is listed.
   */
  public static BacktestException sparkRead(List<Path> files, Exception cause) {
    List<Path> named = files.stream().filter(f -> mentions(cause, f)).toList();
    String which =
        named.isEmpty()
            ? "the cached files " + files
            : "the cached file" + (named.size() == 1 ? " " + named.get(0) : "s " + named);
    return new BacktestException(
        "Spark could not read "
            + which
            + ": "
            + describe(rootCause(cause))
            + "; delete "
            + (named.size() == 1 ? "it" : "them")
            + " and pull again (BacktestClient.refresh(...), or run with coordinator(...) set)",
        cause);
  }

  private static boolean mentions(Throwable e, Path file) {
    String name = file.getFileName().toString();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains(file.getParent().getFileName() + "/" + name)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * A {@link VirtualMachineError} (out of memory, stack overflow) in user code: the JVM may be in
   * no state to go on, so the run ends, saying where.
   */
  public static BacktestException fatalInUserCode(
      String call, Instant candle, long index, VirtualMachineError cause) {
    return new BacktestException(
        call
            + " threw "
            + describe(cause)
            + " at the candle of "
            + candle
            + " (candle "
            + (index + 1)
            + " of the run); the run was stopped because the JVM cannot go on safely after a"
            + " VirtualMachineError: give it more memory (-Xmx) or fix the code that failed",
        cause);
  }

  public static BacktestException interrupted(URI url, InterruptedException cause) {
    Thread.currentThread().interrupt();
    return new BacktestException("interrupted while talking to " + url, cause);
  }

  static String describeDays(List<LocalDate> days) {
    if (days.isEmpty()) {
      return "it has no day of that feed at all";
    }
    if (days.size() <= 5) {
      return "it has these days of that feed: " + days;
    }
    return "it has "
        + days.size()
        + " days of that feed, from "
        + days.get(0)
        + " to "
        + days.get(days.size() - 1);
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}
