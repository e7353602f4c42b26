package io.backtide.control.data;

import java.util.Objects;

/**
 * One published daily file as listed in {@code _index.json}; {@code path} is relative to {@code
 * published/}, e.g. {@code binance/BTCUSDT/candle/1m/2026-01-01.parquet}. Timestamps are kept as
 * the ISO-8601 text the Spark job wrote.
 */
public record IndexEntry(
    String path,
    String date,
    long records,
    long sizeBytes,
    String sha256,
    String firstTs,
    String lastTs,
    long tableVersion) {

  public IndexEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The feed part of the path: everything before the file name. */
  public String feed() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
