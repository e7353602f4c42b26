#!/usr/bin/env bash
# Replay benchmark (issue 16 targets), MomentumTracker, window 120, a prediction every minute
# resolved one minute later, default local[*] Spark session, each run in a fresh JVM:
#   - one year of 1m sim candles (525,600 rows, 365 day files; -Xmx2g);
#   - one year of 1s sim candles (31,536,000 rows, 365 day files; -Xmx4g);
#   - the first backtest of one day of 1m in a fresh JVM, then the same run again in that JVM.
# The data is generated once under build/bench/ (with a pull manifest, so runs verify it as in
# real use). Prints the figures with the machine's load, then one MET / NOT MET line per target.
# The first run is measured without and with a class-data-sharing archive (made once by a training
# run), and without the archive and without the runner's class preloading; the year runs use the
# archive. Options: BENCH_RUNS="1 2 3" (1m runs), BENCH_SKIP_1S=1,
# BENCH_NO_CDS=1 (no archive anywhere), BENCH_JAVA_OPTS="-XX:+UseParallelGC" (or -XX:TieredStopAtLevel=1),
# BENCH_SKIP_FIRST_RUN=1 (no first-run measurements; with BENCH_SKIP_1S=1 BENCH_SKIP_QUICK_JIT=1
# BENCH_RUNS=1 only one year of 1m is measured, ~1 min), BENCH_SKIP_PULL=1 (no pull figures),
# BENCH_PULL_LATENCY_MS=20 (the loopback coordinator's delay per day file in the pull figures).
# Each run also prints its process CPU time (all threads: compare it across runs on a busy machine).
# Then the first run and a year of 1m again with the quick JIT compiler only (-XX:TieredStopAtLevel=1,
# README "Backtesting" recommends it for notebooks and short backtests; BENCH_SKIP_QUICK_JIT=1: not).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/backtest-classpath.sh # sets $work, writes $work/replay-cp.txt
# Class-data sharing (CDS) archives classes from jar files only, so every class folder of the
# reactor goes into a jar under $work/jars (rebuilt when the folder has newer files).
mkdir -p "$work/jars"
jarred() { # DIR -> prints the jar that holds it
  local jar="$PWD/$work/jars/$(sed 's:^/::; s:/:_:g' <<<"${1#$PWD/}").jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$1" -newer "$jar" -print -quit)" ]; then
    rm -f "$jar"
    jar cf "$jar" -C "$1" .
  fi
  echo "$jar"
}
cp=""
for entry in "$PWD/backtest/target/classes" "$PWD/backtest/target/test-classes" \
    $(tr ':' ' ' < "$work/replay-cp.txt"); do
  [ -d "$entry" ] && entry="$(jarred "$entry")"
  cp="${cp:+$cp:}$entry"
done
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)"
# The archive of the classes a first backtest loads (Spark's analyser, planner, Parquet reader),
# made once per class path (and version of its jars) by a training run, as README "Backtesting" tells users to do.
# The JVM refuses an archive whose jars changed since (size or mtime), so those are in its name.
archive="$PWD/$work/replay-$(tr ':' '\n' <<<"$cp" | xargs stat -c '%n %s %Y' | sha256sum | cut -c1-12).jsa"
cds=()
jit=()
bench() {
  local heap=$1; shift
  java $opens -Xmx"$heap" "${cds[@]}" "${jit[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp" \
    io.backtide.backtest.bench.ReplayBench "$@"
}
generate() { # CACHE GRANULARITY
  local days
  days=$(find "$1/sim/BTCUSDT/candle/$2" -name "*.parquet" 2>/dev/null | wc -l || true)
  if [ "$days" -ne 365 ]; then
    echo "generating one year of $2 sim candles (once)..."
    rm -rf "$1" "$(dirname "$1")/staging"
    mkdir -p "$(dirname "$1")"
    bench 4g generate "$1" "$2" 2> "$(dirname "$1")/generate.log"
  fi
}
targets="$work/replay-targets.txt"
: > "$targets"
run() { # LOG ARGS...: prints the figures, keeps the TARGET lines for the end
  local log=$1; shift
  echo "load before: $(uptime | sed 's/.*load average/load average/')"
  bench "$@" 2> "$log" | tee "$log.out" || echo "FAILED: see $log"
  grep '^TARGET' "$log.out" >> "$targets" || true
  echo "load after:  $(uptime | sed 's/.*load average/load average/')"
}

generate "$work/replay/cache" 1m
if [ -z "${BENCH_SKIP_FIRST_RUN:-}" ]; then
  echo "--- first run of one day of 1m in a fresh JVM, then a second run in it (no CDS archive)"
  run "$work/replay/first-run.log" 2g first-run "$work/replay/cache" 1m
  sed -i 's/^TARGET /TARGET (no CDS archive) /' "$targets"
  echo "--- the same without the runner's class preloading (-Dbacktide.preload=false), to compare"
  BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dbacktide.preload=false" \
    run "$work/replay/first-run-no-preload.log" 2g first-run "$work/replay/cache" 1m
  sed -i 's/^TARGET \([^(].*\)$/TARGET (no CDS archive, no preloading) \1/' "$targets"
fi
if [ -z "${BENCH_NO_CDS:-}" ]; then
  if [ ! -f "$archive" ]; then
    echo "--- training run: writing the CDS archive $archive (once per class path)"
    rm -f "$work"/replay-*.jsa
    cds=(-XX:ArchiveClassesAtExit="$archive")
    bench 2g first-run "$work/replay/cache" 1m > "$work/replay/cds-training.log" 2>&1 \
      || { tail -5 "$work/replay/cds-training.log"; echo "CDS training failed"; }
  fi
  [ -f "$archive" ] && cds=(-XX:SharedArchiveFile="$archive")
  if [ -z "${BENCH_SKIP_FIRST_RUN:-}" ]; then
    echo "--- first run of one day of 1m in a fresh JVM, then a second run in it (CDS archive)"
    run "$work/replay/first-run-cds.log" 2g first-run "$work/replay/cache" 1m
  fi
fi
for n in ${BENCH_RUNS:-1 2}; do
  echo "--- one year of 1m, run $n${cds:+ (CDS archive)}"
  run "$work/replay/run-$n.log" 2g run "$work/replay/cache" 1m
done
# The JVM setting README "Backtesting" recommends for notebooks and short backtests: the quick JIT
# compiler only (its targets are marked; the year of 1s keeps both compilers, as advised there).
if [ -z "${BENCH_SKIP_QUICK_JIT:-}" ]; then
  sed -i 's/^TARGET \(.*\)$/TARGET (default JIT) \1/; s/^TARGET (default JIT) (/TARGET (/' "$targets"
  jit=(-XX:TieredStopAtLevel=1)
  if [ -z "${BENCH_SKIP_FIRST_RUN:-}" ]; then
    echo "--- first run of one day of 1m, then a second run (${cds:+CDS archive, }quick JIT only)"
    run "$work/replay/first-run-c1.log" 2g first-run "$work/replay/cache" 1m
  fi
  echo "--- one year of 1m (${cds:+CDS archive, }quick JIT only)"
  run "$work/replay/run-c1.log" 2g run "$work/replay/cache" 1m
  sed -i 's/^TARGET \([^(].*\)$/TARGET (quick JIT only) \1/' "$targets"
  jit=()
fi
if [ -z "${BENCH_SKIP_1S:-}" ]; then
  generate "$work/replay1s/cache" 1s
  echo "--- one year of 1s${cds:+ (CDS archive)}"
  run "$work/replay1s/run.log" 4g run "$work/replay1s/cache" 1s
fi
if [ -z "${BENCH_SKIP_PULL:-}" ]; then
  echo "--- BacktestClient.pull of the year of 1m from a coordinator answering each file after ${BENCH_PULL_LATENCY_MS:-20} ms"
  java -Dbench.pull.latencyMs="${BENCH_PULL_LATENCY_MS:-20}" -cp "$cp" io.backtide.backtest.bench.ReplayBench pull \
    "$work/replay/cache" 1m 2> "$work/replay/pull.log"
fi
echo "--- targets (2 cores; load: $(uptime | sed 's/.*load average: //'))"
sed 's/^TARGET //' "$targets"
