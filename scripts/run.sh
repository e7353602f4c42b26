#!/usr/bin/env bash
# The main job, on embedded defaults and offline:
#   1. build everything (mvn install, tests skipped);
#   2. start the control plane on an embedded PostgreSQL (data under data/);
#   3. backfill the last 30 days of a configured feed through the REST API, with a progress bar;
#   4. pull the published files and backtest the momentum tracker on them, printing its summary;
#   5. keep the control plane running and print the page's URL (Ctrl-C stops it).
# Options (passed to the demo): --feed KEY (default sim/BTCUSDT/candle/1m; with internet,
# binance/BTCUSDT/candle/1m), --days N (default 30), --api-key KEY (when API_KEY is set).
#   scripts/run.sh [--no-build] [--feed KEY] [--days N]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
# A demo on a workstation listens on this machine only; HOST=0.0.0.0 with API_KEY=<key> opens it
# to the network (README, "Security").
HOST="${HOST:-127.0.0.1}"
export PORT HOST

build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
if [ "$build" = 1 ]; then
  echo "run: building (mvn -B -q -DskipTests install) ..." >&2
  mvn -B -q -DskipTests install
fi

mkdir -p data/logs
scripts/start-control-plane.sh --no-build > data/logs/control-plane.log 2>&1 &
cp_pid=$!
stop() { kill -TERM "$cp_pid" 2>/dev/null && wait "$cp_pid" 2>/dev/null; exit 0; }
trap stop INT TERM
echo "run: control plane starting (pid $cp_pid, log data/logs/control-plane.log)" >&2

demo_args=(--coordinator "http://localhost:$PORT")
if [ -n "${API_KEY:-}" ]; then demo_args+=(--api-key "$API_KEY"); fi
if ! java -cp "demo/target/classes:$(cat demo/target/demo-classpath.txt)" \
    $(grep -o '<spark.jvm.opens>[^<]*' pom.xml | sed 's/<spark.jvm.opens>//') \
    -Dlog4j2.level=warn io.backtide.demo.Demo "${demo_args[@]}" "$@"; then
  if ! kill -0 "$cp_pid" 2>/dev/null; then
    echo "run: the control plane stopped; last lines of data/logs/control-plane.log:" >&2
    tail -20 data/logs/control-plane.log >&2
    exit 1
  fi
  echo "run: the demo failed; the control plane keeps running" >&2
fi

echo
echo "Backtide is running: http://localhost:$PORT/  (Ctrl-C stops it)"
wait "$cp_pid"
