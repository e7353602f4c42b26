package io.backtide.backtest.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.backtide.core.IndexEntry;
import java.util.List;

/** The body of {@code GET /data/backfill/index}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CoordinatorIndex(
    @JsonProperty("generated_at") String generatedAt,
    @JsonProperty("files") List<IndexEntry> files) {

  public CoordinatorIndex {
    files = files == null ? List.of() : List.copyOf(files);
  }
}
