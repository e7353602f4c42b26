package io.backtide.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One published daily file as {@code data/published/_index.json} lists it: the storage contract
 * that the Spark job writes, the control plane serves and the backtest client reads.
 *
 * @param path relative to {@code published/}, e.g. {@code
 *     binance/BTCUSDT/candle/1m/2026-01-01.parquet}
 * @param date the UTC day, {@code YYYY-MM-DD}
 * @param records rows in the file
 * @param sizeBytes the file's size
 * @param sha256 hex SHA-256 of the file (clients verify downloads and notice changed days)
 * @param firstTs first {@code ts_event}, ISO-8601 with {@code Z}
 * @param lastTs last {@code ts_event}, ISO-8601 with {@code Z}
 * @param tableVersion the Delta table version the file was published from
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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

  /** The feed part of the path ({@code binance/BTCUSDT/candle/1m}): everything before the file. */
  public String feed() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
