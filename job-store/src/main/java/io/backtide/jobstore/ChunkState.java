package io.backtide.jobstore;

import java.util.Locale;

/**
 * Where a chunk of a bulk backfill stands: {@code running} while its wave is fetched and committed,
 * {@code done} once committed and published, {@code failed} when its fetch failed.
 */
public enum ChunkState {
  PENDING,
  RUNNING,
  DONE,
  FAILED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ChunkState parse(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
