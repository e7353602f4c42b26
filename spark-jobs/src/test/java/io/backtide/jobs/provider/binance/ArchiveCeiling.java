package io.backtide.jobs.provider.binance;

import io.backtide.core.FeedKey;
import io.backtide.core.Sha256;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.table.PublishedDayFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What one archive day costs per candle once the JVM is warm, for {@code bench/archive.sh}: the CPU
 * time of this thread for the three steps every archive candle goes through, each measured alone
 * after warm-up rounds: the sha256 check of the download, the CSV parse into provider rows (with
 * their {@code meta}) and the Parquet encode of the day file. Their sum bounds what a job can do on
 * {@code cores} cores: {@link Figures#ceiling} candles/s if those cores did nothing else, perfectly
 * overlapped, with no JIT, Spark, Delta commit or publishing.
 */
public final class ArchiveCeiling {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private ArchiveCeiling() {}

  /** CPU nanoseconds per candle of each step, and the candles of the day measured. */
  public record Figures(long candles, double shaNs, double parseNs, double encodeNs) {
    /** Candles/s on {@code cores} cores doing only these steps. */
    public double ceiling(int cores) {
      return cores * 1e9 / (shaNs + parseNs + encodeNs);
    }
  }

  /**
   * Measures the steps on {@code zip}, the archive file of {@code day} of {@code feed}: {@code
   * warm} rounds unmeasured, then {@code rounds} measured (the figures are their medians).
   */
  public static Figures measure(
      byte[] zip, FeedKey feed, LocalDate day, Path scratch, int warm, int rounds)
      throws IOException {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    double[] sha = new double[rounds];
    double[] parse = new double[rounds];
    double[] encode = new double[rounds];
    long candles = 0;
    Path zipFile = Files.write(scratch.resolve("day.zip"), zip);
    for (int i = -warm; i < rounds; i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      String digest = Sha256.of(zip);
      long t1 = CPU.getCurrentThreadCpuTime();
      List<SourceRow> rows =
          new ArchiveFile("day.zip", zipFile, digest, start, start.plusSeconds(86_400)).rows(false);
      long t2 = CPU.getCurrentThreadCpuTime();
      Path file = scratch.resolve("day-" + i + ".parquet");
      PublishedDayFile.write(file, feed, rows);
      long t3 = CPU.getCurrentThreadCpuTime();
      Files.delete(file);
      candles = rows.size();
      if (i >= 0) {
        sha[i] = (t1 - t0) / (double) candles;
        parse[i] = (t2 - t1) / (double) candles;
        encode[i] = (t3 - t2) / (double) candles;
      }
    }
    return new Figures(candles, median(sha), median(parse), median(encode));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
