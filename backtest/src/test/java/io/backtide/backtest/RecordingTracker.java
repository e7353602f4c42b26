package io.backtide.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A tracker that records what it saw and answers with a function of the latest tick. */
final class RecordingTracker implements Tracker {

  final List<TickData> ticks = new ArrayList<>();
  final List<Instant> predictedAt = new ArrayList<>();
  final List<PredictionScope> scopes = new ArrayList<>();
  private final Function<TickData, Prediction> answer;

  RecordingTracker(Function<TickData, Prediction> answer) {
    this.answer = answer;
  }

  /** Always predicts "up". */
  static RecordingTracker up() {
    return new RecordingTracker(t -> Prediction.of(1.0));
  }

  @Override
  public void tick(TickData data) {
    ticks.add(data);
  }

  @Override
  public Prediction predict(PredictionScope scope) {
    TickData last = ticks.get(ticks.size() - 1);
    predictedAt.add(last.asOf());
    scopes.add(scope);
    return answer.apply(last);
  }

  List<Integer> windowSizes() {
    return ticks.stream().map(t -> t.candles().size()).toList();
  }
}
