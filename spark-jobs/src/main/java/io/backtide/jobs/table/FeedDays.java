package io.backtide.jobs.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.Granularity;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Some days of some feeds: the partitions a write touches, as a Spark filter ({@link
 * #column(String)}) and as SQL text for {@code replaceWhere} and {@code optimize().where} ({@link
 * #sql()}). The one feed/day predicate of the single-feed and the bulk writes.
 */
public record FeedDays(SortedMap<FeedKey, SortedSet<LocalDate>> days) {
  private static final Comparator<FeedKey> BY_KEY = Comparator.comparing(FeedKey::toString);

  public FeedDays {
    SortedMap<FeedKey, SortedSet<LocalDate>> copy = new TreeMap<>(BY_KEY);
    days.forEach((feed, d) -> copy.put(feed, new TreeSet<>(d)));
    days = copy;
  }

  /** The given days of each feed. */
  public static FeedDays of(Map<FeedKey, ? extends Collection<LocalDate>> days) {
    SortedMap<FeedKey, SortedSet<LocalDate>> sorted = new TreeMap<>(BY_KEY);
    days.forEach((feed, d) -> sorted.put(feed, new TreeSet<>(d)));
    return new FeedDays(sorted);
  }

  public static FeedDays of(FeedKey feed, Collection<LocalDate> days) {
    SortedMap<FeedKey, SortedSet<LocalDate>> one = new TreeMap<>(BY_KEY);
    one.put(feed, new TreeSet<>(days));
    return new FeedDays(one);
  }

  /** The (feed, day) pairs present in {@code rows} (rows in the table's layout). */
  public static FeedDays present(Dataset<Row> rows) {
    SortedMap<FeedKey, SortedSet<LocalDate>> out = new TreeMap<>(BY_KEY);
    for (Row r :
        rows.select(SparkColumns.columns(CandleColumn.PARTITIONS)).distinct().collectAsList()) {
      FeedKey feed =
          new FeedKey(
              r.getString(0),
              r.getString(1),
              FeedKind.parse(r.getString(2)),
              Granularity.parse(r.getString(3)));
      out.computeIfAbsent(feed, f -> new TreeSet<>()).add(r.getLocalDate(4));
    }
    return new FeedDays(out);
  }

  public boolean isEmpty() {
    return days.isEmpty();
  }

  /** How many (feed, day) partitions. */
  public int count() {
    return days.values().stream().mapToInt(SortedSet::size).sum();
  }

  /** The days of {@code feed}. */
  public SortedSet<LocalDate> of(FeedKey feed) {
    return days.getOrDefault(feed, new TreeSet<>());
  }

  /** The rows of these days, as a filter on columns prefixed with {@code alias.} (if not empty). */
  public Column column(String alias) {
    String p = alias.isEmpty() ? "" : alias + ".";
    Column any = null;
    for (Map.Entry<FeedKey, SortedSet<LocalDate>> e : days.entrySet()) {
      Column one =
          feedColumn(p, e.getKey())
              .and(
                  col(p + name(CandleColumn.DATE))
                      .isin(e.getValue().stream().map(d -> lit(d)).toArray()));
      any = any == null ? one : any.or(one);
    }
    return any;
  }

  private static Column feedColumn(String p, FeedKey feed) {
    Column on = null;
    for (CandleColumn c : CandleColumn.FEED) {
      Column eq = col(p + name(c)).equalTo(c.value(feed));
      on = on == null ? eq : on.and(eq);
    }
    return on;
  }

  /**
   * The same predicate as SQL text; one feed's days bare, several feeds' each in parentheses,
   * joined with OR. FeedKey's patterns admit no quote, so the values can be inlined safely.
   */
  public String sql() {
    List<String> feeds = days.entrySet().stream().map(e -> sql(e.getKey(), e.getValue())).toList();
    return feeds.size() == 1
        ? feeds.get(0)
        : feeds.stream().map(f -> "(" + f + ")").collect(Collectors.joining(" OR "));
  }

  private static String sql(FeedKey feed, Collection<LocalDate> days) {
    StringBuilder out = new StringBuilder();
    for (CandleColumn c : CandleColumn.FEED) {
      out.append(name(c)).append(" = '").append(c.value(feed)).append("' AND ");
    }
    return out.append(name(CandleColumn.DATE))
        .append(" IN (")
        .append(days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", ")))
        .append(")")
        .toString();
  }

  private static String name(CandleColumn column) {
    return column.columnName();
  }
}
