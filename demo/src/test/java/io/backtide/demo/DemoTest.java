package io.backtide.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemoTest {
  private static final Instant NOW = Instant.parse("2026-11-24T21:30:00Z");

  @Test
  void defaultsBackfillTheLastThirtyWholeUtcDaysOfTheSimFeed() {
    Demo.DemoOptions o = Demo.DemoOptions.parse(new String[0], NOW);
    assertThat(o.feed().toString()).isEqualTo("sim/BTCUSDT/candle/1m");
    assertThat(o.range().start()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
    assertThat(o.range().end()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    assertThat(o.coordinator().toString()).isEqualTo("http://localhost:8000");
    assertThat(o.apiKey()).isEmpty();
  }

  @Test
  void optionsOverrideFeedDaysAndKey() {
    Demo.DemoOptions o =
        Demo.DemoOptions.parse(
            new String[] {"--feed", "binance/BTCUSDT/candle/1m", "--days", "3", "--api-key", "k"},
            NOW);
    assertThat(o.feed().source()).isEqualTo("binance");
    assertThat(o.range().duration()).isEqualTo(Duration.ofDays(3));
    assertThat(o.apiKey()).contains("k");
  }

  @Test
  void badOptionsSayWhatIsWrong() {
    assertThatThrownBy(() -> Demo.DemoOptions.parse(new String[] {"--days", "0"}, NOW))
        .hasMessageContaining("--days must be a positive whole number, got '0'");
    assertThatThrownBy(() -> Demo.DemoOptions.parse(new String[] {"--feed"}, NOW))
        .hasMessageContaining("--feed needs a value");
    assertThatThrownBy(() -> Demo.DemoOptions.parse(new String[] {"--speed", "1"}, NOW))
        .hasMessageContaining("unknown option --speed");
    assertThatThrownBy(() -> Demo.DemoOptions.parse(new String[] {"--feed", "sim/X/bar/1m"}, NOW))
        .hasMessageContaining("unknown feed kind 'bar'");
  }

  @Test
  void progressBarShowsShareCountsAndEstimate() {
    JobView job = new JobView("id", "sim/BTCUSDT/candle/1m", "running", 25.0, 10800, 11, null);
    String line = ProgressBar.render(job, Duration.ofSeconds(10));
    assertThat(line)
        .startsWith("[########......................]  25.0%")
        .contains("10,800 records")
        .contains("11 pages")
        .contains("0:10 elapsed")
        .contains("~0:30 left")
        .endsWith("running");
  }

  @Test
  void finishedBarIsFullWithoutEstimate() {
    JobView job = new JobView("id", "f", "completed", 100.0, 43200, 44, null);
    assertThat(ProgressBar.render(job, Duration.ofSeconds(3725)))
        .startsWith("[" + "#".repeat(30) + "] 100.0%")
        .contains("1:02:05 elapsed")
        .doesNotContain("left");
  }
}
