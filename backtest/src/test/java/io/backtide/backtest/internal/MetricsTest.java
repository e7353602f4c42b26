package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each metric against hand-computed values (series written as space-separated numbers). */
class MetricsTest {

  private static final double EPS = 1e-12;

  @ParameterizedTest(name = "spearman({0}; {1}) = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1 2 3 4; 10 20 30 40; 1.0",
        "1 2 3 4; 4 3 2 1; -1.0",
        "3 1 2; 1 2 3; -0.5",
        // ties get average ranks: (1, 2.5, 2.5, 4) vs (1, 2, 3, 4) -> 4.5 / sqrt(4.5 * 5)
        "1 2 2 3; 1 2 3 4; 0.9486832980505138",
        "1 1 1; 1 2 3; 0.0", // constant series
        "1 2 3; 5 5 5; 0.0",
        "7; 3; 0.0", // n < 2
        "; ; 0.0", // empty
      })
  void spearmanRankCorrelation(String a, String b, double expected) {
    assertThat(Metrics.spearman(series(a), series(b))).isCloseTo(expected, within(EPS));
  }

  @Test
  void ranksEqualAStableSortOfIndicesWithTiesNaNsAndSignedZeros() {
    Random random = new Random(16);
    double[] values = {-1.5, -0.0, 0.0, 0.25, 0.25, 3.0, Double.NaN};
    for (int trial = 0; trial < 200; trial++) {
      double[] x = new double[random.nextInt(60)];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextGaussian();
      }
      assertThat(Metrics.ranks(x)).as(Arrays.toString(x)).containsExactly(stableSortRanks(x));
    }
    assertThat(Metrics.ranks(series("-0 0 NaN 2 NaN")))
        .as("-0.0 ties 0.0 (==); NaNs rank last in index order")
        .containsExactly(1.5, 1.5, 4, 3, 5);
  }

  @Test
  void ranksOfLongSeriesEqualTheDefinitionOnBothSidesOfTheShortSeriesSort() {
    Random random = new Random(5);
    double[] values = {
      Double.NEGATIVE_INFINITY, -1.5, -0.0, 0.0, Double.MIN_VALUE, 0.25, Double.POSITIVE_INFINITY
    };
    for (int n : new int[] {Ranks.SMALL - 1, Ranks.SMALL, 5_000, 40_000}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        int pick = random.nextInt(4);
        x[i] =
            pick == 0
                ? values[random.nextInt(values.length)]
                : pick == 1 ? Double.NaN : random.nextGaussian() * Math.pow(10, random.nextInt(9));
      }
      assertThat(Metrics.ranks(x)).as("n = %d", n).containsExactly(stableSortRanks(x));
    }
  }

  @Test
  void oneRanksInstanceReusedOverSeriesOfAnyLengthAndOffsetGivesTheDefinitionsRanks() {
    Random random = new Random(21);
    Ranks reused = new Ranks();
    double[] values = {-1.5, -0.0, 0.0, 0.25, 3.0, Double.NaN};
    for (int n : new int[] {Ranks.SMALL * 4, 3, Ranks.SMALL + 7, 10, 1, 0, 2_000, 12}) {
      double[] x = new double[n + 9];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextGaussian();
      }
      int from = random.nextInt(10);
      double[] out = new double[n + 5];
      Arrays.fill(out, -7.0);
      reused.rank(x, from, n, out);
      double[] part = Arrays.copyOfRange(x, from, from + n);
      assertThat(Arrays.copyOf(out, n))
          .as("n = %d from %d, after longer and shorter series", n, from)
          .containsExactly(stableSortRanks(part));
      assertThat(Arrays.copyOfRange(out, n, n + 5)).as("nothing past n").containsOnly(-7.0);
    }
  }

  @Test
  void icSharpeEqualsTheChunksRankedAsCopies() {
    Random random = new Random(8);
    for (int n : new int[] {25, 999, 52_561}) {
      double[] signal = new double[n];
      double[] actual = new double[n];
      for (int i = 0; i < n; i++) {
        signal[i] = random.nextInt(5) == 0 ? 0.5 : random.nextGaussian();
        actual[i] = random.nextInt(7) == 0 ? -0.0 : random.nextGaussian();
      }
      int chunk = Math.max(2, n / Math.max(3, n / 10));
      int chunks = n / chunk;
      double[] ics = new double[chunks];
      for (int c = 0; c < chunks; c++) {
        ics[c] =
            Metrics.spearman(
                Arrays.copyOfRange(signal, c * chunk, (c + 1) * chunk),
                Arrays.copyOfRange(actual, c * chunk, (c + 1) * chunk));
      }
      double sum = 0; // summed in order, as the metric does (a stream's sum compensates)
      for (double ic : ics) {
        sum += ic;
      }
      double mean = sum / chunks;
      double var = 0;
      for (double ic : ics) {
        var += (ic - mean) * (ic - mean);
      }
      assertThat(Metrics.icSharpe(signal, actual))
          .as("n = %d", n)
          .isEqualTo(mean / Math.sqrt(var / chunks));
    }
  }

  /** The definition, spelled out: a stable sort of indices, ties by == with the group's first. */
  private static double[] stableSortRanks(double[] x) {
    int n = x.length;
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (p, q) -> Double.compare(x[p], x[q]));
    double[] ranks = new double[n];
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = (i + j) / 2.0 + 1.0;
      }
      i = j + 1;
    }
    return ranks;
  }

  @ParameterizedTest(name = "ic_sharpe({0}; {1}) = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        // n = 6: chunk 2, ICs (1, 1, -1): mean 1/3, population std sqrt(8)/3
        "1 2 1 2 2 1; 1 2 1 2 1 2; 0.35355339059327373",
        // n = 7: chunk 2, 3 chunks, the trailing 7th pair is dropped
        "1 2 1 2 2 1 5; 1 2 1 2 1 2 -100; 0.35355339059327373",
        "1 2 1 2 1 2; 1 2 1 2 1 2; 0.0", // every chunk IC 1: std 0
        "1 2 3; 1 2 3; 0.0", // n = 3: one chunk of 2
        "; ; 0.0",
      })
  void icSharpeOverConsecutiveChunks(String signal, String actual, double expected) {
    assertThat(Metrics.icSharpe(series(signal), series(actual))).isCloseTo(expected, within(EPS));
  }

  @ParameterizedTest(name = "chunk of n={0}")
  @CsvSource({"30, 10", "25, 8", "9, 3", "100, 10", "4, 2"})
  void icSharpeChunkSizeFollowsTheDefinition(int n, int chunk) {
    // a series whose chunk ICs alternate 1, -1 only when chunks have exactly `chunk` rows
    double[] signal = new double[n];
    double[] actual = new double[n];
    for (int i = 0; i < n; i++) {
      int c = i / chunk;
      signal[i] = i;
      actual[i] = c % 2 == 0 ? i : -i;
    }
    int chunks = n / chunk;
    double mean = (chunks % 2 == 0) ? 0.0 : 1.0 / chunks;
    double var = 0;
    for (int c = 0; c < chunks; c++) {
      double ic = c % 2 == 0 ? 1 : -1;
      var += (ic - mean) * (ic - mean);
    }
    double expected = mean / Math.sqrt(var / chunks);
    assertThat(Metrics.icSharpe(signal, actual)).isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest(name = "hit_rate({0}; {1}) = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1 -1 0 2; 0.1 0.1 0 -0.1; 0.5", // hit, miss, 0 = 0 is a hit, miss
        "1 1; 0.5 0.2; 1.0",
        "1; -0.5; 0.0",
        "; ; 0.0",
      })
  void hitRateComparesSigns(String signal, String actual, double expected) {
    assertThat(Metrics.hitRate(series(signal), series(actual))).isCloseTo(expected, within(EPS));
  }

  @ParameterizedTest(name = "mean_return({0}; {1}) = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1 -1 0 2; 0.1 0.1 0 -0.1; -0.025",
        "-3; -0.02; 0.02",
        "; ; 0.0",
      })
  void meanReturnOfTheSignedStrategy(String signal, String actual, double expected) {
    assertThat(Metrics.meanReturn(series(signal), series(actual))).isCloseTo(expected, within(EPS));
  }

  @ParameterizedTest(name = "max_drawdown({0}) = {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1 -1 -1 1 -1 1 1; -2.0", // cumulative 1 0 -1 0 -1 0 1 under peak 1
        "-1 -1; -2.0", // the peak starts at 0
        "1 1 1; 0.0",
        "0.5 -0.25 1 -2 0.5; -2.0", // peak 1.25, trough -0.75
        "-5; 0.0", // n < 2
        "; 0.0",
      })
  void maxDrawdownOfTheCumulativeScore(String scores, double expected) {
    assertThat(Metrics.maxDrawdown(series(scores))).isCloseTo(expected, within(EPS));
  }

  @ParameterizedTest(name = "sortino({0}; {1}) = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        // r = (0.02, -0.01, -0.03, 0.01): mean -0.0025 / sqrt((0.0001 + 0.0009) / 4)
        "1 1 -1 1; 0.02 -0.01 0.03 0.01; -0.15811388300841897",
        "1 -1; 0.02 -0.01; 0.0", // no negative strategy return
        "1; -0.5; 0.0", // n < 2
        "; ; 0.0",
      })
  void sortinoRatioOfTheSignedStrategy(String signal, String actual, double expected) {
    assertThat(Metrics.sortino(series(signal), series(actual))).isCloseTo(expected, within(EPS));
  }

  @ParameterizedTest(name = "turnover({0}) = {1}")
  @CsvSource(
      delimiter = ';',
      value = {"1 3 2; 1.5", "0.5 0.5 0.5; 0.0", "4; 0.0", "; 0.0"})
  void turnoverIsTheMeanAbsoluteChange(String signal, double expected) {
    assertThat(Metrics.turnover(series(signal))).isCloseTo(expected, within(EPS));
  }

  @ParameterizedTest(name = "mean over {2} h = {3}")
  @CsvSource(
      delimiter = ';',
      value = {
        // anchor 191 h; 24 h includes ts = 167 exactly
        "0 100 150 167 190 191; 1 2 3 4 5 6; 24; 5.0",
        "0 100 150 167 190 191; 1 2 3 4 5 6; 72; 4.5",
        "0 100 150 167 190 191; 1 2 3 4 5 6; 168; 4.0",
        "5; -1; 24; -1.0",
        "; ; 24; 0.0",
      })
  void scoreWindowsAverageFromTheAnchorBack(
      String hours, String scores, long windowHours, double expected) {
    long[] ts = Arrays.stream(series(hours)).mapToLong(h -> (long) (h * 3_600_000_000L)).toArray();
    assertThat(Metrics.windowMean(ts, series(scores), Duration.ofHours(windowHours)))
        .isCloseTo(expected, within(EPS));
  }

  private static double[] series(String text) {
    if (text == null || text.isBlank()) {
      return new double[0];
    }
    return Arrays.stream(text.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
  }
}
