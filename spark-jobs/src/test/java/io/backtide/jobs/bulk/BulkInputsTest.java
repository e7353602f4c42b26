package io.backtide.jobs.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.SourceRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chunk planning, rate limits and the bulk command line. */
class BulkInputsTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");

  @Test
  void chunksFollowUtcMidnightsAndTheRangeEnds() {
    TimeRange range =
        new TimeRange(Instant.parse("2026-01-01T06:00:00Z"), Instant.parse("2026-01-04T12:00:00Z"));

    List<Chunk> chunks = BulkPlan.chunks(List.of(BTC, ETH), range, 2);

    assertThat(chunks)
        .extracting(c -> c.feed() + " " + c.start() + " " + c.end())
        .containsExactly(
            BTC + " 2026-01-01T06:00:00Z 2026-01-03T00:00:00Z",
            BTC + " 2026-01-03T00:00:00Z 2026-01-04T12:00:00Z",
            ETH + " 2026-01-01T06:00:00Z 2026-01-03T00:00:00Z",
            ETH + " 2026-01-03T00:00:00Z 2026-01-04T12:00:00Z");
  }

  @Test
  void rateLimitIsSplitEvenlyOverTheTasksFetchingAtOnce() {
    RateLimits limits = RateLimits.parse("binance=1200, sim=0");

    assertThat(limits.perTask("binance", 4)).hasValue(300.0);
    assertThat(limits.perTask("sim", 4)).isEmpty();
  }

  @Test
  void pacedSourceSpacesRequestsByItsInterval() {
    CandleSource instant =
        new CandleSource() {
          public String name() {
            return "binance";
          }

          public List<SourceRow> fetch(FeedKey f, Instant from, Instant end, int limit) {
            return List.of();
          }
        };
    PacedSource paced = new PacedSource(instant, 600); // one request per 100 ms
    Instant t = Instant.parse("2026-01-01T00:00:00Z");

    long t0 = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      paced.fetch(BTC, t, t.plusSeconds(60), 10);
    }

    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--rate-limit|binance|'binance' is not provider=requestsPerMinute",
        "--rate-limit|kraken=5|--rate-limit unknown provider 'kraken'",
        "--rate-limit|binance=-1|--rate-limit '-1' for binance is not a number >= 0",
        "--feeds|binance/BTCUSDT/candle/7m|--feeds",
        "--feeds|binance/BTCUSDT/candle/1m,binance/BTCUSDT/candle/1m|--feeds names binance/BTCUSDT/candle/1m twice",
        "--chunk-days|0|--chunk-days '0' is not a positive integer",
        "--wave-chunks|x|--wave-chunks 'x' is not a positive integer",
        "--provider-url|ftp://x|--provider-url 'ftp://x' is not an http(s) URL",
        "--job-id|nope|--job-id 'nope' is not a UUID",
        "--start|2026-01-05|--start 2026-01-05T00:00:00Z must be before --end 2026-01-03T00:00:00Z",
        "--table-uri|candles|--table-uri 'candles' is not a URI with a scheme",
        "--archive-url|ftp://mirror|--archive-url 'ftp://mirror' is not an http(s) URL",
        "--archive-url|http://a b|--archive-url",
      })
  void badArgumentIsRejectedNamingIt(String name, String value, String message) {
    Map<String, String> args = new java.util.LinkedHashMap<>();
    args.put("--job-id", "7f1c1d2e-0000-4000-8000-000000000001");
    args.put("--feeds", BTC + "," + ETH);
    args.put("--start", "2026-01-01");
    args.put("--end", "2026-01-03");
    args.put("--data-dir", "/tmp/bulk-args");
    args.put("--db-url", "jdbc:postgresql://127.0.0.1:5432/x");
    args.put(name, value);
    String[] argv =
        args.entrySet().stream()
            .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
            .toArray(String[]::new);

    assertThatThrownBy(() -> BulkArgs.parse(argv, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void theArchiveIsUsedOnlyWhenTheCommandLineNamesIt() {
    String[] base = {
      "--job-id",
      "7f1c1d2e-0000-4000-8000-000000000001",
      "--feeds",
      BTC.toString(),
      "--data-dir",
      "/tmp/x",
      "--db-url",
      "jdbc:postgresql://127.0.0.1:5432/x"
    };
    String[] withArchive =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(base),
                java.util.stream.Stream.of("--archive-url", "http://127.0.0.1:9/mirror"))
            .toArray(String[]::new);

    assertThat(BulkArgs.parse(base, Map.of()).settings().archiveUrl()).isEmpty();
    assertThat(BulkArgs.parse(withArchive, Map.of()).settings().archiveUrl())
        .contains(java.net.URI.create("http://127.0.0.1:9/mirror"));
  }

  @Test
  void missingDatabaseUrlNamesTheVariable() {
    String[] argv = {
      "--job-id",
      "7f1c1d2e-0000-4000-8000-000000000001",
      "--feeds",
      BTC.toString(),
      "--data-dir",
      "/tmp/x"
    };

    assertThatThrownBy(() -> BulkArgs.parse(argv, Map.of()))
        .hasMessage(
            "--db-url 'null' is not a JDBC URL (jdbc:postgresql://host:port/db);"
                + " set --db-url or DB_URL");
  }
}
