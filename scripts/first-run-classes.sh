#!/usr/bin/env bash
# Records the classes the first backtest in a fresh JVM loads (a day of 1m, as bench/replay.sh's
# first run), in load order, into the backtest library's preload list
# (backtest/src/main/resources/io/backtide/backtest/internal/first-run-classes.txt; see
# ClassPreload). Run it after upgrading Spark, Scala, Parquet or Jackson: ClassPreloadTest fails
# when the list names classes the class path no longer has. Classes the JDK maps from its own
# class-data archive and classes made at run time (lambdas, proxies, generated code) are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/backtest-classpath.sh # sets $work, writes $work/replay-cp.txt
cp="$PWD/backtest/target/classes:$PWD/backtest/target/test-classes:$(cat "$work/replay-cp.txt")"
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)"
cache="$work/replay/cache"
if [ ! -d "$cache/sim/BTCUSDT/candle/1m" ]; then
  echo "generating the bench's year of 1m sim candles (once)..."
  java $opens -Xmx4g -cp "$cp" io.backtide.backtest.bench.ReplayBench generate "$cache" 1m \
    2> "$work/generate.log"
fi
log="$(mktemp /tmp/first-run-classes.XXXXXX)"
trap 'rm -f "$log"' EXIT
java $opens -Xmx2g -Dbacktide.preload=false -Xlog:class+load=info:file="$log" -cp "$cp" \
  io.backtide.backtest.bench.ReplayBench first-run "$cache" 1m 2>/dev/null | grep '^run'
out=backtest/src/main/resources/io/backtide/backtest/internal/first-run-classes.txt
mkdir -p "$(dirname "$out")"
{
  echo "# Classes the first backtest in a fresh JVM loads, in load order (ClassPreload)."
  echo "# Written by scripts/first-run-classes.sh on $(date -u +%F), Java $(java -version 2>&1 \
    | sed -n 's/.*version "\([^"]*\)".*/\1/p'), $(tr ':' '\n' < "$work/replay-cp.txt" \
    | sed -n 's:.*/\(spark-sql_[^/]*\)\.jar$:\1:p')."
  sed -n 's/^\[[^]]*\]\[[^]]*\]\[[^]]*\] \([^ ]*\) source: \(jrt:\|file:\|jar:\).*/\1/p' "$log" \
    | grep -v '^io\.backtide\.backtest\.bench\.'
} > "$out"
echo "$(grep -vc '^#' "$out") classes in $out"
