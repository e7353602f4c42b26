package io.backtide.backtest.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of the coordinator's {@code /data/backfill/index}; unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IndexEntry(
    @JsonProperty("path") String path,
    @JsonProperty("date") String date,
    @JsonProperty("records") long records,
    @JsonProperty("size_bytes") long sizeBytes,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("first_ts") String firstTs,
    @JsonProperty("last_ts") String lastTs,
    @JsonProperty("table_version") long tableVersion) {}
