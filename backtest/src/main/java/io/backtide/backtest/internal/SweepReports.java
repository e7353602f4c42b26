package io.backtide.backtest.internal;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** The HTML table of a sweep's results for notebooks. */
public final class SweepReports {

  private SweepReports() {}

  /**
   * Every result row under a title; the row at {@code best} (or none when negative) is marked bold
   * as the best by {@code metric}.
   */
  public static String html(
      String title, StructType schema, List<Row> rows, String metric, int best) {
    StringBuilder b = new StringBuilder("<div class=\"backtide-sweep\">\n");
    b.append("<h3>").append(Reports.escape(title)).append("</h3>\n<table><thead><tr>");
    for (String name : schema.fieldNames()) {
      b.append("<th>").append(Reports.escape(name)).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      b.append(i == best ? "<tr style=\"font-weight:bold\">" : "<tr>");
      for (int c = 0; c < row.size(); c++) {
        Object v = row.get(c);
        String text = v instanceof Number n ? Reports.number(n) : String.valueOf(v);
        b.append("<td>").append(Reports.escape(text)).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table>\n<p>").append(rows.size()).append(" parameter set(s)");
    if (best >= 0) {
      b.append(", best by ").append(Reports.escape(metric)).append(" in bold");
    }
    return b.append("</p>\n</div>\n").toString();
  }
}
