package io.backtide.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The folders under the data root ({@code BACKTIDE_DATA_DIR}, {@code --data-dir}) that the Spark
 * job writes and the control plane reads: {@code published/} (the daily files, each feed's folder
 * with its own {@code _index.json}), {@code delta/candles} (the Delta table), {@code scratch/} (a
 * job's temporary files) and {@code logs/} (the jobs' logs and pid files).
 */
public record DataRoot(Path dir) {
  public DataRoot {
    Objects.requireNonNull(dir, "dir");
  }

  public static DataRoot of(Path dir) {
    return new DataRoot(dir);
  }

  /** {@code published/}: the published daily files and the index. */
  public Path published() {
    return dir.resolve("published");
  }

  /**
   * {@code published/_index.json}: the single index of every feed that releases before per-feed
   * indexes wrote. Only read now, as the fallback for feeds that have no {@link #feedIndex} yet.
   */
  public Path index() {
    return published().resolve(IndexFile.FILE_NAME);
  }

  /**
   * {@code published/{source}/{subject}/{kind}/{granularity}/_index.json}: the index of one feed's
   * published days, rewritten by that feed's commits only.
   */
  public Path feedIndex(FeedKey feed) {
    return published().resolve(feed.path()).resolve(IndexFile.FILE_NAME);
  }

  /** The published file of one day. */
  public Path published(PublishedPath file) {
    return published().resolve(file.path());
  }

  /** {@code delta/candles}: the Delta table every feed is written into. */
  public Path candleTable() {
    return dir.resolve("delta").resolve("candles");
  }

  /** {@code scratch/}: staged batches and the warm-up's throw-away table. */
  public Path scratch() {
    return dir.resolve("scratch");
  }

  /** {@code logs/}: the Spark jobs' logs ({@code {job-id}.log}) and pid files. */
  public Path logs() {
    return dir.resolve("logs");
  }
}
