package io.backtide.demo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields of a backfill job (as the control plane's JSON has them) that the demo shows. */
@JsonIgnoreProperties(ignoreUnknown = true)
record JobView(
    @JsonProperty("id") String id,
    @JsonProperty("feed") String feed,
    @JsonProperty("status") String status,
    @JsonProperty("progress_pct") double progressPct,
    @JsonProperty("records_written") long recordsWritten,
    @JsonProperty("pages_fetched") long pagesFetched,
    @JsonProperty("error") String error) {

  boolean isActive() {
    return "pending".equals(status) || "running".equals(status);
  }
}
