package io.backtide.jobs.provider;

import io.backtide.core.Candle;
import java.util.Objects;

/**
 * One candle as a provider delivered it, with its provider-specific extras in {@code meta} (a JSON
 * object, {@code {}} when empty; a trade id for ticks).
 */
public record SourceRow(Candle candle, String meta) {
  public static final String EMPTY_META = "{}";

  public SourceRow {
    Objects.requireNonNull(candle, "candle");
    meta = meta == null || meta.isBlank() ? EMPTY_META : meta;
  }

  public static SourceRow of(Candle candle) {
    return new SourceRow(candle, EMPTY_META);
  }
}
