package io.backtide.jobs.table;

import io.backtide.core.Candle;
import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** The Delta table's rows ({@link SparkColumns#TABLE}) to and from provider rows. */
public final class TableRows {
  /** Columns read back for publishing: the day, then what a data file holds. */
  static final List<CandleColumn> READ_BACK =
      List.of(
          CandleColumn.DATE,
          CandleColumn.TS_EVENT,
          CandleColumn.OPEN,
          CandleColumn.HIGH,
          CandleColumn.LOW,
          CandleColumn.CLOSE,
          CandleColumn.VOLUME,
          CandleColumn.META);

  private TableRows() {}

  /** The UTC day of {@code ts}: the table's {@code date} partition. */
  public static LocalDate day(Instant ts) {
    return LocalDate.ofInstant(ts, ZoneOffset.UTC);
  }

  /** The row in the table's layout. */
  public static Row toRow(FeedKey feed, SourceRow row) {
    Object[] values = new Object[CandleColumn.TABLE.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(CandleColumn.TABLE.get(i), feed, row);
    }
    return RowFactory.create(values);
  }

  /** A column's value as Spark carries it (java.time values, as the session is set up). */
  private static Object value(CandleColumn column, FeedKey feed, SourceRow row) {
    return switch (column) {
      case SOURCE, SUBJECT, KIND, GRANULARITY -> column.value(feed);
      case DATE -> day(row.candle().tsEvent());
      case TS_EVENT -> row.candle().tsEvent();
      case OPEN, HIGH, LOW, CLOSE, VOLUME -> column.value(row.candle());
      case META -> row.meta();
    };
  }

  /**
   * The rows of one feed on {@code days}, collected per day in time order (every day present, empty
   * when it holds no row): how days are read back for publishing.
   */
  public static SortedMap<LocalDate, List<SourceRow>> collectDays(
      Dataset<Row> feedRows, Collection<LocalDate> days) {
    List<Row> rows = feedRows.select(SparkColumns.columns(READ_BACK)).collectAsList();
    SortedMap<LocalDate, List<SourceRow>> byDay = new TreeMap<>();
    days.forEach(d -> byDay.put(d, new ArrayList<>()));
    for (Row r : rows) {
      byDay
          .computeIfAbsent(
              r.getLocalDate(READ_BACK.indexOf(CandleColumn.DATE)), d -> new ArrayList<>())
          .add(fromRow(r));
    }
    for (Map.Entry<LocalDate, List<SourceRow>> day : byDay.entrySet()) {
      day.getValue().sort(Comparator.comparing(x -> x.candle().tsEvent()));
    }
    return byDay;
  }

  /** A row selected with {@link #READ_BACK}'s columns back to a provider row. */
  private static SourceRow fromRow(Row r) {
    Instant ts = r.getInstant(READ_BACK.indexOf(CandleColumn.TS_EVENT));
    double[] v = new double[CandleColumn.VALUES.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.getDouble(READ_BACK.indexOf(CandleColumn.VALUES.get(i)));
    }
    return new SourceRow(
        new Candle(ts, v[0], v[1], v[2], v[3], v[4]),
        r.getString(READ_BACK.indexOf(CandleColumn.META)));
  }
}
