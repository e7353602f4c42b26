package io.backtide.jobs.backfill;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** The Delta table's row layout, and conversions between its rows and provider rows. */
final class CandleRows {
  static final List<String> PARTITIONS =
      List.of("source", "subject", "kind", "granularity", "date");
  static final String TS = "ts_event";

  static final StructType SCHEMA =
      new StructType()
          .add("source", StringType, false)
          .add("subject", StringType, false)
          .add("kind", StringType, false)
          .add("granularity", StringType, false)
          .add("date", DateType, false)
          .add(TS, TimestampType, false)
          .add("open", DoubleType, false)
          .add("high", DoubleType, false)
          .add("low", DoubleType, false)
          .add("close", DoubleType, false)
          .add("volume", DoubleType, false)
          .add("meta", StringType, false);

  /** Columns read back for publishing, in this order. */
  static final String[] PUBLISH_COLUMNS = {
    "date", TS, "open", "high", "low", "close", "volume", "meta"
  };

  private CandleRows() {}

  static LocalDate day(Instant ts) {
    return LocalDate.ofInstant(ts, ZoneOffset.UTC);
  }

  static Row toRow(FeedKey feed, SourceRow row) {
    Candle c = row.candle();
    return RowFactory.create(
        feed.source(),
        feed.subject(),
        feed.kind().code(),
        feed.granularity().code(),
        day(c.tsEvent()),
        c.tsEvent(),
        c.open(),
        c.high(),
        c.low(),
        c.close(),
        c.volume(),
        row.meta());
  }

  /** A row selected with {@link #PUBLISH_COLUMNS} back to a provider row. */
  static SourceRow fromPublishRow(Row r) {
    Instant ts = r.getInstant(1);
    return new SourceRow(
        new Candle(
            ts, r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6)),
        r.getString(7));
  }
}
