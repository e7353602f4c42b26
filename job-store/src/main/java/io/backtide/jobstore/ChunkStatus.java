package io.backtide.jobstore;

import java.util.Objects;
import java.util.Optional;

/** A chunk with where it stands and, for a failed one, why. */
public record ChunkStatus(BackfillChunk chunk, ChunkState state, Optional<String> error) {
  public ChunkStatus {
    Objects.requireNonNull(chunk, "chunk");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(error, "error");
  }
}
