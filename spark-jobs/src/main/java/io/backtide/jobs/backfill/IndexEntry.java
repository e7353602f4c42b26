package io.backtide.jobs.backfill;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One published file in {@code _index.json}. {@code path} is relative to {@code published/} ({@code
 * binance/BTCUSDT/candle/1m/2026-01-01.parquet}); {@code date} is {@code YYYY-MM-DD}; {@code
 * first_ts}/{@code last_ts} are ISO-8601 UTC ({@code ...Z}); {@code table_version} is the Delta
 * version the file was published from.
 */
public record IndexEntry(
    @JsonProperty("path") String path,
    @JsonProperty("date") String date,
    @JsonProperty("records") long records,
    @JsonProperty("size_bytes") long sizeBytes,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("first_ts") String firstTs,
    @JsonProperty("last_ts") String lastTs,
    @JsonProperty("table_version") long tableVersion) {

  public IndexEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(sha256, "sha256");
  }
}
