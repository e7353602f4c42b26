package io.backtide.backtest.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import io.backtide.backtest.DataFile;
import io.backtide.core.CandleColumn;
import io.backtide.core.Micros;
import io.backtide.core.TimeRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Reads the cached day files through Spark SQL in chunks of consecutive days, in time order, and
 * keeps exactly {@code start <= ts_event < end}. Each Spark partition turns the scan's column
 * batches (or the query's rows) into primitive column blocks ({@link CandleColumns#toBlock()}) on
 * the executor, so the driver receives byte arrays instead of one {@code Row} per candle; each
 * chunk is handed to the replay with the last {@code keep} candles of the previous one in front
 * (the window carried across the boundary). While the replay works on one chunk, a background
 * thread reads the next, so memory stays at about two chunks whatever the range.
 */
public final class CandleReader implements AutoCloseable {

  /** Bytes of day files per chunk: ~1.5 M candles of 1s, or a year of 1m in one chunk. */
  static final long CHUNK_BYTES = 64L << 20;

  /** The columns read, from the storage contract. */
  static final StructType BARS = schema(CandleColumn.BARS);

  private final SparkSession spark;
  private final TimeRange range;
  private final int keep;
  private final List<String> extras;
  private final Iterator<List<Path>> chunks;
  private final ExecutorService prefetch =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "backtide-candle-reader");
            t.setDaemon(true);
            return t;
          });
  private Future<List<byte[]>> next;
  private CandleColumns previous;
  private int carried;
  private long waitNanos;

  /**
   * @param files the day files, oldest first
   * @param keep candles to carry from one chunk to the next (the window minus one)
   */
  public CandleReader(SparkSession spark, List<DataFile> files, TimeRange range, int keep) {
    this(spark, files, range, keep, List.of(), CHUNK_BYTES);
  }

  /**
   * As above, also loading the {@code meta} fields {@code extras} as extra columns (see {@link
   * MetaColumns}).
   */
  public CandleReader(
      SparkSession spark, List<DataFile> files, TimeRange range, int keep, List<String> extras) {
    this(spark, files, range, keep, extras, CHUNK_BYTES);
  }

  /** With chunks of at most {@code chunkBytes} of files (at least one file each). */
  CandleReader(
      SparkSession spark, List<DataFile> files, TimeRange range, int keep, long chunkBytes) {
    this(spark, files, range, keep, List.of(), chunkBytes);
  }

  private CandleReader(
      SparkSession spark,
      List<DataFile> files,
      TimeRange range,
      int keep,
      List<String> extras,
      long chunkBytes) {
    this.spark = spark;
    this.range = range;
    this.keep = keep;
    this.extras = List.copyOf(extras);
    this.chunks = chunks(files, chunkBytes).iterator();
    this.next = chunks.hasNext() ? submit(chunks.next()) : null;
  }

  /** Every candle of {@code files} in the range, in one chunk in memory (for a sweep). */
  public static CandleColumns readAll(SparkSession spark, List<DataFile> files, TimeRange range) {
    return readAll(spark, files, range, List.of());
  }

  /** As {@link #readAll(SparkSession, List, TimeRange)} with the extra columns {@code extras}. */
  public static CandleColumns readAll(
      SparkSession spark, List<DataFile> files, TimeRange range, List<String> extras) {
    try (CandleReader reader = new CandleReader(spark, files, range, 0, extras, Long.MAX_VALUE)) {
      CandleColumns all = reader.next();
      return all != null ? all : CandleColumns.builder(extras).build();
    }
  }

  /** The next chunk in time order, or null after the last. */
  public CandleColumns next() {
    if (next == null) {
      return null;
    }
    long started = System.nanoTime();
    List<byte[]> blocks = await(next);
    waitNanos += System.nanoTime() - started;
    MetaColumns.check(blocks);
    next = chunks.hasNext() ? submit(chunks.next()) : null;
    carried = previous == null ? 0 : Math.min(keep, previous.size());
    previous = CandleColumns.fromBlocks(previous, keep, blocks, extras);
    return previous;
  }

  /** How many candles at the front of the last chunk were carried from the chunk before. */
  public int carried() {
    return carried;
  }

  /** Time the caller spent waiting for chunks (the read not hidden behind the replay). */
  public long waitNanos() {
    return waitNanos;
  }

  @Override
  public void close() {
    prefetch.shutdownNow();
  }

  private Future<List<byte[]>> submit(List<Path> paths) {
    return prefetch.submit(
        () -> {
          try {
            if (extras.isEmpty()) {
              Optional<List<byte[]>> blocks = ColumnarBlocks.read(scan(spark, paths, BARS), range);
              if (blocks.isPresent()) {
                return blocks.get();
              }
            }
            // The query's own rows (UnsafeRow, reused by the scan) are read in place: no Row and
            // no boxed value is made per candle.
            return PartitionBlocks.collect(
                select(spark, paths, range, extras).queryExecution().toRdd(),
                new MetaColumns.ToBlock(extras));
          } catch (Exception e) {
            // SparkException is a checked Scala exception that Java cannot name here
            throw BacktestErrors.sparkRead(paths, e);
          }
        });
  }

  private static List<byte[]> await(Future<List<byte[]>> chunk) {
    return BacktestErrors.await(chunk, "reading the cached files");
  }

  /** Consecutive files, cut where the next one would pass {@code chunkBytes}. */
  static List<List<Path>> chunks(List<DataFile> files, long chunkBytes) {
    List<List<Path>> chunks = new ArrayList<>();
    List<Path> current = new ArrayList<>();
    long bytes = 0;
    for (DataFile f : files) {
      long size = f.path().toFile().length();
      if (!current.isEmpty() && bytes + size > chunkBytes) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(f.path());
      bytes += size;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  /**
   * The rows of the range as {@code (ts_us, open, high, low, close, volume)}, in file order. The
   * read schema is given, so no file is opened just to infer it.
   */
  static Dataset<Row> select(
      SparkSession spark, List<Path> paths, TimeRange range, List<String> extras) {
    Dataset<Row> files = scan(spark, paths, MetaColumns.readSchema(BARS, extras));
    Column ts = col(CandleColumn.TS_EVENT.columnName());
    Column inRange =
        ts.geq(timestamp_micros(lit(Micros.of(range.start()))))
            .and(ts.lt(timestamp_micros(lit(Micros.of(range.end())))));
    List<Column> out = new ArrayList<>();
    out.add(unix_micros(ts).as("ts_us"));
    for (CandleColumn c : CandleColumn.VALUES) {
      out.add(col(c.columnName()).cast("double"));
    }
    out.addAll(MetaColumns.select(extras));
    return files.where(inRange).select(out.toArray(Column[]::new));
  }

  /**
   * The day files' columns of {@code schema}, as read (nothing filtered or computed): a relation of
   * the {@link DayFileFormat} over exactly {@code paths} (see {@link DayFileIndex}), so Spark
   * neither checks nor lists the paths again before planning.
   */
  static Dataset<Row> scan(SparkSession spark, List<Path> paths, StructType schema) {
    HadoopFsRelation relation =
        new HadoopFsRelation(
            new DayFileIndex(paths),
            new StructType(),
            schema,
            Option.empty(),
            new DayFileFormat(),
            scala.collection.immutable.Map$.MODULE$.<String, String>empty(),
            spark);
    return spark.baseRelationToDataFrame(relation);
  }

  private static StructType schema(List<CandleColumn> columns) {
    StructType s = new StructType();
    for (CandleColumn c : columns) {
      s = s.add(c.columnName(), sparkType(c.type()));
    }
    return s;
  }

  private static DataType sparkType(CandleColumn.Type type) {
    return switch (type) {
      case STRING -> DataTypes.StringType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DOUBLE -> DataTypes.DoubleType;
    };
  }
}
