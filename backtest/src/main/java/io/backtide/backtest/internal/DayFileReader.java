package io.backtide.backtest.internal;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.Function1;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The scan's reader function for column batches of local day files: each small file is opened once
 * and decoded by {@link DayFileBatches}; a file it does not decode (not local, larger than {@link
 * #SMALL_FILE_BYTES}, or not in the plain layout) goes to Spark's own reader. On small files (a day
 * of 1m is ~70 KB) Spark's per-file set-up costs more than the decoding; on large ones (a day of 1s
 * is ~4 MB) Spark's vectorized decoding is the faster (a year of 1s took ~5 CPU s more with ours).
 * The file is read when the scan first asks for a batch, so that a failure is reported by Spark as
 * a failure to read that file.
 */
final class DayFileReader extends AbstractFunction1<PartitionedFile, Iterator<InternalRow>>
    implements Serializable {
  /** Files up to this size are decoded here. */
  static final long SMALL_FILE_BYTES = 1L << 20;

  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final Function1<PartitionedFile, Iterator<InternalRow>> spark;
  private final long smallFileBytes;

  DayFileReader(StructType schema, Function1<PartitionedFile, Iterator<InternalRow>> spark) {
    this(schema, spark, SMALL_FILE_BYTES);
  }

  DayFileReader(
      StructType schema,
      Function1<PartitionedFile, Iterator<InternalRow>> spark,
      long smallFileBytes) {
    this.schema = schema;
    this.spark = spark;
    this.smallFileBytes = smallFileBytes;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Iterator<InternalRow> apply(PartitionedFile file) {
    URI uri = file.filePath().toUri();
    if (!"file".equals(uri.getScheme()) || file.fileSize() > smallFileBytes) {
      return spark.apply(file);
    }
    // As Spark's vectorized reader does: a scan that returns batches passes them as its rows.
    Object batchesAsRows = new Lazy(file, Path.of(uri));
    return (Iterator<InternalRow>) batchesAsRows;
  }

  /** The file's batches, read on the first {@code hasNext}. */
  private final class Lazy extends AbstractIterator<Object> {
    private final PartitionedFile file;
    private final Path path;
    private Iterator<?> batches;

    Lazy(PartitionedFile file, Path path) {
      this.file = file;
      this.path = path;
    }

    @Override
    public boolean hasNext() {
      if (batches == null) {
        batches = read();
      }
      return batches.hasNext();
    }

    @Override
    public Object next() {
      hasNext();
      return batches.next();
    }

    private Iterator<?> read() {
      Optional<List<ColumnarBatch>> read;
      try {
        read = DayFileBatches.read(path, file.start(), file.length(), schema);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
      }
      if (read.isEmpty()) {
        return spark.apply(file);
      }
      return CollectionConverters.asScala(read.get().iterator());
    }
  }
}
