package io.backtide.core;

import java.util.List;
import java.util.Locale;

/**
 * The columns of stored candles, declared once: the Delta table's schema, the staged batches', the
 * table's data files', the published daily files' and the backtest reader's are all lists of these
 * (see the constants), in the order of the table. Each column has a {@link Type}: its Parquet
 * declaration is here ({@link #parquet(boolean)}); the modules that use Spark map the type to
 * Spark's in one place (core does not depend on Spark). Adding a column is one constant here, its
 * value where rows are written, and the lists it belongs to.
 */
public enum CandleColumn {
  SOURCE(Type.STRING),
  SUBJECT(Type.STRING),
  KIND(Type.STRING),
  GRANULARITY(Type.STRING),
  /** The UTC day of {@code ts_event}: the last partition column of the table. */
  DATE(Type.DATE),
  TS_EVENT(Type.TIMESTAMP),
  OPEN(Type.DOUBLE),
  HIGH(Type.DOUBLE),
  LOW(Type.DOUBLE),
  CLOSE(Type.DOUBLE),
  VOLUME(Type.DOUBLE),
  /** The provider's own fields that the candle does not carry, as a JSON object. */
  META(Type.STRING);

  /** A column's logical type: how it is stored in Parquet (and, mapped elsewhere, in Spark). */
  public enum Type {
    /** UTF-8 text: Parquet {@code binary (STRING)}. */
    STRING("binary", " (STRING)"),
    /** A UTC day: Parquet {@code int32 (DATE)}, days since the epoch. */
    DATE("int32", " (DATE)"),
    /** An instant: Parquet {@code int64 (TIMESTAMP(MICROS,true))}, microseconds since the epoch. */
    TIMESTAMP("int64", " (TIMESTAMP(MICROS,true))"),
    /** Parquet {@code double}. */
    DOUBLE("double", "");

    private final String primitive;
    private final String annotation;

    Type(String primitive, String annotation) {
      this.primitive = primitive;
      this.annotation = annotation;
    }
  }

  /** Every column, in the table's order (the partition columns first). */
  public static final List<CandleColumn> TABLE = List.of(values());

  /** The table's partition columns: the feed's four parts and the day. */
  public static final List<CandleColumn> PARTITIONS =
      List.of(SOURCE, SUBJECT, KIND, GRANULARITY, DATE);

  /** The feed's parts, in feed-key order. */
  public static final List<CandleColumn> FEED = List.of(SOURCE, SUBJECT, KIND, GRANULARITY);

  /** The candle's values, in {@link Candle}'s order. */
  public static final List<CandleColumn> VALUES = List.of(OPEN, HIGH, LOW, CLOSE, VOLUME);

  /** What the table's data files hold: every column that is not a partition column. */
  public static final List<CandleColumn> DATA =
      List.of(TS_EVENT, OPEN, HIGH, LOW, CLOSE, VOLUME, META);

  /** A published daily file's columns, in file order (no {@code date}: the file name holds it). */
  public static final List<CandleColumn> PUBLISHED =
      List.of(TS_EVENT, SOURCE, SUBJECT, KIND, GRANULARITY, OPEN, HIGH, LOW, CLOSE, VOLUME, META);

  /** What a backtest reads from a published file: the time and the candle's values. */
  public static final List<CandleColumn> BARS = List.of(TS_EVENT, OPEN, HIGH, LOW, CLOSE, VOLUME);

  private final Type type;
  private final String columnName;

  CandleColumn(Type type) {
    this.type = type;
    this.columnName = name().toLowerCase(Locale.ROOT);
  }

  /** The column's name in every schema, e.g. {@code ts_event}. */
  public String columnName() {
    return columnName;
  }

  public Type type() {
    return type;
  }

  /**
   * The column's Parquet declaration, e.g. {@code optional int64 ts_event
   * (TIMESTAMP(MICROS,true))}.
   */
  public String parquet(boolean required) {
    return (required ? "required " : "optional ")
        + type.primitive
        + " "
        + columnName
        + type.annotation;
  }

  /**
   * The Parquet schema {@code message name { ... }} of {@code columns}, in that order, for
   * parquet-mr's {@code MessageTypeParser}.
   */
  public static String parquetMessage(String name, List<CandleColumn> columns, boolean required) {
    StringBuilder message = new StringBuilder("message ").append(name).append(" {\n");
    for (CandleColumn column : columns) {
      message.append("  ").append(column.parquet(required)).append(";\n");
    }
    return message.append("}\n").toString();
  }

  /** This value column's value in {@code candle} (one of {@link #VALUES}). */
  public double value(Candle candle) {
    return switch (this) {
      case OPEN -> candle.open();
      case HIGH -> candle.high();
      case LOW -> candle.low();
      case CLOSE -> candle.close();
      case VOLUME -> candle.volume();
      default ->
          throw new IllegalArgumentException(columnName + " is not one of a candle's values");
    };
  }

  /** This feed column's value for {@code feed} (its part of the feed key). */
  public String value(FeedKey feed) {
    return switch (this) {
      case SOURCE -> feed.source();
      case SUBJECT -> feed.subject();
      case KIND -> feed.kind().code();
      case GRANULARITY -> feed.granularity().code();
      default -> throw new IllegalArgumentException(columnName + " is not a part of a feed key");
    };
  }

  @Override
  public String toString() {
    return columnName;
  }
}
