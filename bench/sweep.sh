#!/usr/bin/env bash
# Sweep benchmark: 64 parameter sets of MovingAverageCrossTracker (fast x slow, 8 x 8) over one
# year of 1m sim candles (the replay bench's data, generated once under build/bench/replay/),
# window 120, a prediction every 5 minutes. Times, in one JVM (-Xmx3g):
#   - a serial loop of BacktestRunner.run (what a user writes without sweeps),
#   - a serial loop of replays over candles read once (the best a single thread can do),
#   - BacktestSweep on local[2],
#   - BacktestSweep on a standalone cluster of 2 workers x 1 core (started here, stopped after);
# checks every sweep row equals the runner's metrics, prints the machine load around each phase, a
# Markdown table and one MET/NOT MET line for the target: sweep on local[2] >= 1.8x the serial loop.
#   BENCH_NO_CLUSTER=1 bench/sweep.sh   # skip the cluster
#   BENCH_SERIAL_SETS=8 bench/sweep.sh  # time the runner loop over the first 8 sets only and scale
#                                       # it to 64 (on a loaded machine one run reads for ~40 s)
set -euo pipefail
cd "$(dirname "$0")/.."
data=build/bench/replay
work=build/bench/sweep
mkdir -p "$data" "$work"

# A reactor build, so that core, spark-jobs (StandaloneCluster) and backtest come from this tree.
mvn -B -q -pl backtest -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
  -Dmdep.outputFile="$PWD/$work/cp.txt" -Dmdep.includeScope=test >/dev/null
cp="backtest/target/classes:backtest/target/test-classes:$(cat "$work/cp.txt")"
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)"
run() { java $opens -Xmx3g -cp "$cp" "$@"; }

days=$(find "$data/cache/sim/BTCUSDT/candle/1m" -name "*.parquet" 2>/dev/null | wc -l || true)
if [ "$days" -ne 365 ]; then
  echo "generating one year of 1m sim candles (once)..."
  rm -rf "$data/cache" "$data/staging"
  run io.backtide.backtest.bench.ReplayBench generate "$data/cache"
fi

BENCH_SERIAL_SETS="${BENCH_SERIAL_SETS:-64}" run io.backtide.backtest.bench.SweepBench "$data/cache" "$work" ${BENCH_NO_CLUSTER:+--no-cluster} \
  2> "$work/sweep.log"
