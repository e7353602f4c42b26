package io.backtide.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
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
 * @param origin where the day's rows came from: {@code archive} (the provider's published dump),
 *     {@code rest} (its API) or {@code mixed}; absent (null) for a source without the distinction
 *     ({@code sim}) and in entries written before it was recorded
 * @param archiveSha256 for {@code archive} and {@code mixed} days, the sha256 of the verified
 *     archive file (the provider's, not the published file's); else absent (null)
 * @param gaps the day's missing candles as merged runs (candle feeds); empty (and left out of the
 *     JSON) when the day is whole or the feed has no expected count (ticks)
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
    @JsonProperty("table_version") long tableVersion,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("origin") String origin,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("archive_sha256") String archiveSha256,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("gaps") List<Gap> gaps) {

  /** The {@code origin} values. */
  public static final List<String> ORIGINS = List.of("archive", "rest", "mixed");

  @JsonCreator
  public IndexEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(sha256, "sha256");
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
    if (origin != null && !ORIGINS.contains(origin)) {
      throw new IllegalArgumentException(
          "origin '" + origin + "' of " + path + ": expected one of " + String.join(", ", ORIGINS));
    }
    if (archiveSha256 != null && (origin == null || origin.equals("rest"))) {
      throw new IllegalArgumentException(
          "archive_sha256 of " + path + " needs origin archive or mixed, not " + origin);
    }
  }

  /** An entry without provenance. */
  public IndexEntry(
      String path,
      String date,
      long records,
      long sizeBytes,
      String sha256,
      String firstTs,
      String lastTs,
      long tableVersion) {
    this(path, date, records, sizeBytes, sha256, firstTs, lastTs, tableVersion, null, null, null);
  }

  /** This entry with where its day came from. */
  public IndexEntry withOrigin(String dayOrigin, String archiveFileSha256) {
    return new IndexEntry(
        path,
        date,
        records,
        sizeBytes,
        sha256,
        firstTs,
        lastTs,
        tableVersion,
        dayOrigin,
        archiveFileSha256,
        gaps);
  }

  /** This entry with its day's missing candles. */
  public IndexEntry withGaps(List<Gap> missing) {
    return new IndexEntry(
        path,
        date,
        records,
        sizeBytes,
        sha256,
        firstTs,
        lastTs,
        tableVersion,
        origin,
        archiveSha256,
        missing);
  }

  /** The feed part of the path ({@code binance/BTCUSDT/candle/1m}): everything before the file. */
  public String feed() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
