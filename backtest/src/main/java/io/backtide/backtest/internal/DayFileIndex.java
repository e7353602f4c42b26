package io.backtide.backtest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.execution.datasources.FileIndex;
import org.apache.spark.sql.execution.datasources.PartitionDirectory;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The day files of a read as Spark's file index, from what the runner already knows: Spark's own
 * index for a list of paths checks that each exists (on a pool of threads), then lists each one,
 * all before planning; for a year of day files that was a large part of a first query's time. The
 * files have been checked just before (see {@link CacheCheck}); one that vanished since fails the
 * read, naming it.
 */
final class DayFileIndex implements FileIndex {
  /** Hadoop's local file system's default block size (only a hint for splitting). */
  private static final long BLOCK_SIZE = 32L << 20;

  private final List<FileStatus> files;

  DayFileIndex(List<Path> paths) {
    this.files = paths.stream().map(DayFileIndex::status).toList();
  }

  /** The file's status; a file that vanished since the check fails here, naming it. */
  private static FileStatus status(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new FileStatus(
          a.size(),
          false,
          1,
          BLOCK_SIZE,
          a.lastModifiedTime().toMillis(),
          new org.apache.hadoop.fs.Path(path.toUri()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e, e);
    }
  }

  @Override
  public Seq<org.apache.hadoop.fs.Path> rootPaths() {
    return CollectionConverters.asScala(files.stream().map(FileStatus::getPath).toList()).toSeq();
  }

  @Override
  public Seq<PartitionDirectory> listFiles(
      Seq<Expression> partitionFilters, Seq<Expression> dataFilters) {
    PartitionDirectory all =
        PartitionDirectory.apply(InternalRow.empty(), files.toArray(FileStatus[]::new));
    return CollectionConverters.asScala(List.of(all)).toSeq();
  }

  @Override
  public String[] inputFiles() {
    return files.stream().map(f -> f.getPath().toString()).toArray(String[]::new);
  }

  @Override
  public void refresh() {
    // the list is fixed: the files were checked just before the read
  }

  @Override
  public long sizeInBytes() {
    return files.stream().mapToLong(FileStatus::getLen).sum();
  }

  @Override
  public StructType partitionSchema() {
    return new StructType();
  }
}
