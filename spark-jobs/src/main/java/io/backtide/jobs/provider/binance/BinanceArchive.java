package io.backtide.jobs.provider.binance;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.jobs.provider.Download;
import io.backtide.jobs.provider.ProviderErrors;
import io.backtide.jobs.provider.ProviderException;
import io.backtide.jobs.provider.ProviderHttp;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.Sleeper;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance's public data dumps ({@code https://data.binance.vision}): one zip per symbol, interval
 * and UTC day ({@code {market}/daily/klines/{SYMBOL}/{interval}/{SYMBOL}-{interval}-{YYYY-MM-DD}
 * .zip}) or calendar month ({@code .../monthly/...-{YYYY-MM}.zip}), aggregate trades under {@code
 * .../aggTrades/{SYMBOL}/{SYMBOL}-aggTrades-{date}.zip}, each with a {@code .zip.CHECKSUM} file
 * ({@code {sha256} {file name}}). Downloads go through {@link ProviderHttp} (the retries, backoff
 * and {@code Retry-After} handling of REST). A file is only handed over once its sha256 equals the
 * checksum: each download goes to a file in the source's {@link ArchiveScratch} as it arrives (its
 * sha256 computed on the way, never held in memory), and a mismatch is deleted and downloaded again
 * (after the policy's backoff) up to {@value #DOWNLOADS_PER_FILE} times in all, then fails the job
 * naming the file and both digests. A 404 (of the file or its checksum) means "not published":
 * empty.
 */
final class BinanceArchive {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceArchive.class);
  private static final Pattern CHECKSUM = Pattern.compile("^\\s*([0-9a-fA-F]{64})(\\s|$)");

  /** Downloads of one file whose sha256 does not match before the job fails. */
  static final int DOWNLOADS_PER_FILE = 3;

  private final BinanceMarket market;
  private final String base;
  private final ProviderHttp http;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final ArchiveScratch scratch;

  BinanceArchive(
      BinanceMarket market,
      URI url,
      ProviderHttp http,
      RetryPolicy retry,
      Sleeper sleeper,
      ArchiveScratch scratch) {
    String text = url.toString();
    this.market = market;
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.http = http;
    this.retry = retry;
    this.sleeper = sleeper;
    this.scratch = scratch;
  }

  /** The day's file, if published. */
  Optional<ArchiveFile> daily(FeedKey feed, LocalDate day) {
    String name = fileName(feed, day.toString());
    return download(
        path(feed, "daily") + name,
        name,
        day.atStartOfDay(ZoneOffset.UTC).toInstant(),
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The month's file, if published. */
  Optional<ArchiveFile> monthly(FeedKey feed, YearMonth month) {
    String name = fileName(feed, month.toString());
    return download(
        path(feed, "monthly") + name,
        name,
        month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** {@code {base}/data/spot/daily/klines/BTCUSDT/1m/} and the like. */
  String path(FeedKey feed, String period) {
    String folder = base + "/" + market.archiveFolder() + "/" + period + "/";
    return feed.kind() == FeedKind.TICK
        ? folder + "aggTrades/" + feed.subject() + "/"
        : folder + "klines/" + feed.subject() + "/" + feed.granularity().code() + "/";
  }

  static String fileName(FeedKey feed, String period) {
    String what = feed.kind() == FeedKind.TICK ? "aggTrades" : feed.granularity().code();
    return feed.subject() + "-" + what + "-" + period + ".zip";
  }

  private Optional<ArchiveFile> download(
      String url, String name, java.time.Instant start, java.time.Instant end) {
    URI uri = URI.create(url);
    URI checksumUri = URI.create(url + ".CHECKSUM");
    for (int attempt = 1; ; attempt++) {
      Optional<byte[]> checksum = http.getIfFound(checksumUri, body -> body);
      if (checksum.isEmpty()) {
        return Optional.empty();
      }
      String expected = expectedDigest(name, checksum.get());
      Path target = scratch.file(name);
      Optional<Download> zip;
      try {
        zip = http.downloadIfFound(uri, target);
      } catch (RuntimeException e) {
        ArchiveScratch.deleteQuietly(target);
        throw e;
      }
      if (zip.isEmpty()) {
        ArchiveScratch.deleteQuietly(target);
        return Optional.empty();
      }
      String actual = zip.get().sha256();
      if (actual.equals(expected)) {
        return Optional.of(new ArchiveFile(name, target, actual, start, end));
      }
      ArchiveScratch.deleteQuietly(target);
      if (attempt >= DOWNLOADS_PER_FILE) {
        throw new ProviderException(
            "archive file "
                + name
                + ": sha256 "
                + actual
                + " of the download does not match the published checksum "
                + expected
                + " after "
                + attempt
                + " attempt(s); the file was not used",
            null,
            new ChecksumMismatch(name));
      }
      LOG.warn(
          "{}: sha256 {} does not match the checksum {}; downloading it again",
          name,
          actual,
          expected);
      backOff(attempt);
    }
  }

  /**
   * The cause of the {@link ProviderException} thrown when a file's downloads never matched its
   * published checksum: the archive itself is wrong about that file (it has been, for whole runs of
   * monthly files), not the network.
   */
  static final class ChecksumMismatch extends Exception {
    ChecksumMismatch(String file) {
      super(file, null, false, false);
    }

    /** Whether {@code e} is such a failure. */
    static boolean of(ProviderException e) {
      return e.getCause() instanceof ChecksumMismatch;
    }
  }

  private static String expectedDigest(String name, byte[] checksumFile) {
    String text = new String(checksumFile, US_ASCII);
    Matcher m = CHECKSUM.matcher(text);
    if (!m.find()) {
      throw new ProviderException(
          "archive file "
              + name
              + ".CHECKSUM holds '"
              + ProviderErrors.excerpt(checksumFile)
              + "', expected '{sha256}  "
              + name
              + "'",
          200,
          null);
    }
    return m.group(1).toLowerCase(java.util.Locale.ROOT);
  }

  private void backOff(int attempt) {
    try {
      // Files are downloaded on several threads (ArchiveAhead): each draws its own jitter.
      sleeper.sleep(retry.delayAfter(attempt, ThreadLocalRandom.current()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted while waiting to download again", null, e);
    }
  }
}
