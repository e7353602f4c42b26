package io.backtide.backtest.internal;

import io.backtide.backtest.BacktestException;
import io.backtide.backtest.PredictionRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The cumulative score over time as a PNG (XChart, works headless). */
public final class ScoreChart {

  private ScoreChart() {}

  public static byte[] cumulativeScorePng(String title, List<PredictionRow> rows, int w, int h) {
    List<Date> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    double cumulative = 0;
    for (PredictionRow r : rows) {
      if (r.success()) {
        cumulative += r.score();
        x.add(Date.from(r.ts()));
        y.add(cumulative);
      }
    }
    XYChart chart =
        new XYChartBuilder()
            .width(w)
            .height(h)
            .title(title)
            .xAxisTitle("time (UTC)")
            .yAxisTitle("cumulative score")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setDatePattern("yyyy-MM-dd HH:mm");
    chart.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
    if (x.isEmpty()) {
      x.add(new Date(0));
      y.add(0.0);
    }
    chart.addSeries("cumulative score", x, y).setMarker(SeriesMarkers.NONE);
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new BacktestException("could not render the score chart: " + e.getMessage(), e);
    }
  }
}
