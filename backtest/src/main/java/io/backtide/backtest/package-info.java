/**
 * The competitor's backtest library.
 *
 * <ul>
 *   <li>Tracker contract (identical in production): {@link io.backtide.backtest.Tracker}, {@link
 *       io.backtide.backtest.TrackerBase}, {@link io.backtide.backtest.TickData} with its {@link
 *       io.backtide.backtest.CandleWindow} view, {@link io.backtide.backtest.PredictionScope},
 *       {@link io.backtide.backtest.Prediction}.
 *   <li>Scoring: {@link io.backtide.backtest.Scorer}, {@link io.backtide.backtest.Scorers}, {@link
 *       io.backtide.backtest.Score}, {@link io.backtide.backtest.GroundTruth}.
 *   <li>Data: {@link io.backtide.backtest.BacktestClient} pulls a coordinator's published daily
 *       files into a verified local cache ({@link io.backtide.backtest.DataFile}).
 *   <li>Running: {@link io.backtide.backtest.BacktestRunner#builder(Tracker)} replays the cache
 *       through Spark SQL and returns a {@link io.backtide.backtest.BacktestResult} (predictions as
 *       a Spark table and a list of {@link io.backtide.backtest.PredictionRow}, metrics, summary,
 *       HTML, chart).
 * </ul>
 *
 * <p>Errors from the outside world are {@link io.backtide.backtest.BacktestException}s whose
 * messages say what to do; settings that can never be valid are {@link IllegalArgumentException}s.
 * Examples of trackers live in {@code io.backtide.backtest.examples}; {@code
 * io.backtide.backtest.internal} is not API.
 */
package io.backtide.backtest;
