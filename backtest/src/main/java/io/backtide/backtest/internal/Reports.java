package io.backtide.backtest.internal;

import io.backtide.backtest.PredictionRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text and HTML renderings of a result. */
public final class Reports {

  private static final int HTML_ROWS = 10;

  private Reports() {}

  /** A boxed plain-text report: title, settings, data, metrics. */
  public static String summary(
      String title,
      Map<String, Object> config,
      Map<String, Number> metrics,
      Map<String, String> data) {
    List<String> lines = new ArrayList<>();
    config.forEach((k, v) -> lines.add(String.format(Locale.ROOT, "%-16s %s", k, v)));
    data.forEach((k, v) -> lines.add(String.format(Locale.ROOT, "%-16s %s", k, v)));
    lines.add("");
    metrics.forEach((k, v) -> lines.add(String.format(Locale.ROOT, "%-16s %s", k, number(v))));
    int width = Math.max(title.length(), lines.stream().mapToInt(String::length).max().orElse(0));
    String rule = "+" + "-".repeat(width + 2) + "+";
    StringBuilder b = new StringBuilder();
    b.append(rule).append('\n').append(pad(title, width)).append('\n').append(rule).append('\n');
    for (String line : lines) {
      b.append(pad(line, width)).append('\n');
    }
    return b.append(rule).append('\n').toString();
  }

  /** An HTML fragment: title, metrics table, settings table, the first prediction rows. */
  public static String html(
      String title,
      Map<String, Object> config,
      Map<String, Number> metrics,
      Map<String, String> data,
      List<PredictionRow> rows) {
    StringBuilder b = new StringBuilder("<div class=\"backtide-result\">\n");
    b.append("<h3>").append(escape(title)).append("</h3>\n");
    b.append("<table><thead><tr><th>metric</th><th>value</th></tr></thead><tbody>\n");
    metrics.forEach((k, v) -> cells(b, List.of(k, number(v))));
    b.append("</tbody></table>\n<table><thead><tr><th>setting</th><th>value</th></tr></thead>");
    b.append("<tbody>\n");
    config.forEach((k, v) -> cells(b, List.of(k, String.valueOf(v))));
    data.forEach((k, v) -> cells(b, List.of(k, v)));
    b.append("</tbody></table>\n<table><thead><tr>");
    for (String h : List.of("ts", "output", "entry", "resolved", "return", "score", "outcome")) {
      b.append("<th>").append(h).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (PredictionRow r : rows.subList(0, Math.min(HTML_ROWS, rows.size()))) {
      cells(
          b,
          List.of(
              r.ts().toString(),
              ResultFrames.json(r.output()),
              number(r.entryPrice()),
              number(r.resolvedPrice()),
              number(r.ret()),
              number(r.score()),
              r.outcome().code() + r.failedReason().map(w -> ": " + w).orElse("")));
    }
    b.append("</tbody></table>\n<p>").append(rows.size()).append(" prediction(s)");
    if (rows.size() > HTML_ROWS) {
      b.append(", first ").append(HTML_ROWS).append(" shown");
    }
    return b.append("</p>\n</div>\n").toString();
  }

  /** Days as a short list: up to ten, then how many more. */
  public static String days(List<LocalDate> days) {
    return days.size() + ": " + BacktestErrors.listDays(days);
  }

  static String number(Number v) {
    if (v instanceof Double d) {
      return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6f", d);
    }
    return String.valueOf(v);
  }

  private static void cells(StringBuilder b, List<String> values) {
    b.append("<tr>");
    for (String v : values) {
      b.append("<td>").append(escape(v)).append("</td>");
    }
    b.append("</tr>\n");
  }

  private static String pad(String s, int width) {
    return "| " + s + " ".repeat(width - s.length()) + " |";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
