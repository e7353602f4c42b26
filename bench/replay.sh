#!/usr/bin/env bash
# Replay benchmark: one year of 1m sim candles (525,600 rows) through the momentum tracker,
# window 120, a prediction every minute. Prints the replay loop's rows/s, the end-to-end wall time
# including Spark start, and peak RSS. The data is generated once under build/bench/replay/.
# Targets on 2 cores: replay loop >= 1,000,000 rows/s; end to end < 20 s.
set -euo pipefail
cd "$(dirname "$0")/.."
work=build/bench/replay
mkdir -p "$work"

mvn -B -q -pl backtest test-compile
mvn -B -q -pl backtest dependency:build-classpath -Dmdep.outputFile="$PWD/$work/cp.txt" \
  -Dmdep.includeScope=test >/dev/null
cp="backtest/target/classes:backtest/target/test-classes:$(cat "$work/cp.txt")"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
bench() { java $opens -Xmx${BENCH_HEAP:-2g} ${BENCH_JAVA_OPTS:-} -cp "$cp" io.backtide.backtest.bench.ReplayBench "$@"; }

days=$(find "$work/cache/sim/BTCUSDT/candle/1m" -name "*.parquet" 2>/dev/null | wc -l || true)
if [ "$days" -ne 365 ]; then
  echo "generating one year of 1m sim candles (once)..."
  rm -rf "$work/cache" "$work/staging"
  bench generate "$work/cache"
fi

for run in ${BENCH_RUNS:-1 2}; do
  echo "--- run $run"
  start=$(date +%s.%N)
  bench run "$work/cache" 2> "$work/run-$run.log"
  end=$(date +%s.%N)
  printf '%-20s %.2f s\n' "wall (shell)" "$(echo "$end - $start" | bc)"
done
