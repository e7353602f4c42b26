#!/usr/bin/env bash
# POST-to-first-progress benchmark (not a test). Starts the real control plane (io.backtide.control.Main
# on a fresh database of the test PostgreSQL, loopback, a free port, config/feeds.json's sim feeds),
# POSTs backfills of a year of sim 1m as the page does and polls the job every 50 ms, printing per run
# the time from the POST to: the row saying running (the page shows "Starting Spark…"), the first
# fetched rows (the light part of the bar), the first commit (the dark part), the end; and the number
# of commits. Runs: sim/BTCUSDT, sim/ETHUSDT, then sim/BTCUSDT again with "refresh": true.
# Ends with one "target ...: MET/NOT MET" line per target; exits 1 when a target is not met, 2 when
# the setup or a job fails. Targets (issue 14):
#   - something visible moves within 3 s of POST (the median of the runs; on a quiet machine)
#   - the demo's year of 1m does not need 98 commits (every run: at most 12)
#   bench/first-progress.sh                 # a year per run
#   BENCH_DAYS=3 bench/first-progress.sh    # smoke check
#   bench/first-progress.sh --build         # rebuild the modules first
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DAYS="${BENCH_DAYS:-365}"
WORK="$ROOT/build/bench-first-progress"
DB_NAME=backtide_bench_first_progress
JAR=control-plane/target/backtide-control-plane-0.1.0-SNAPSHOT.jar
CP_FILE=control-plane/target/control-plane-classpath.txt
JOB_CP_FILE=spark-jobs/target/backfill-classpath.txt
log() { echo "bench/first-progress: $*" >&2; }
die() { log "$*"; exit 2; }

stale() {
  [ ! -f "$JAR" ] || [ ! -f "$CP_FILE" ] || [ ! -f "$JOB_CP_FILE" ] \
    || [ -n "$(find core/src/main job-store/src/main spark-jobs/src/main control-plane/src/main -newer "$JAR" -print -quit)" ]
}
if [ "${1:-}" = "--build" ] || stale; then
  log "building (mvn -B -q -DskipTests package -pl core,job-store,spark-jobs,control-plane)"
  mvn -B -q -DskipTests package -pl core,job-store,spark-jobs,control-plane >&2
fi
rm -rf "$WORK"
mkdir -p "$WORK/lib" "$WORK/data"
cp "$JAR" "$WORK/lib/control-plane.jar"
cp "$CP_FILE" "$WORK/lib/classpath.txt"

db_url="$(scripts/test-db.sh)"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | head -1)"
pg_port="$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$db_url")"
psql_admin() { PGOPTIONS='-c client_min_messages=warning' "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -d postgres "$@"; }
bench_db_url="${db_url/\/backtide_test\?//$DB_NAME?}"

cp_pid=""
cleanup() {
  local status=$?
  if [ -n "$cp_pid" ] && kill -0 "$cp_pid" 2>/dev/null; then
    for child in $(pgrep -P "$cp_pid" || true); do kill -TERM "$child" 2>/dev/null || true; done
    kill -TERM "$cp_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$cp_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$cp_pid" 2>/dev/null || true
  fi
  psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" 2>/dev/null || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
cp_log="$WORK/control-plane.log"
: >"$cp_log" # exists before the loop below reads it (the redirect below opens it asynchronously)
env PORT=0 BACKTIDE_DATA_DIR="$WORK/data" DB_URL="$bench_db_url" FEEDS_FILE="$ROOT/config/feeds.json" \
  BACKFILL_CLASSPATH="$(cat "$JOB_CP_FILE")" STALE_AFTER=10m \
  java -cp "$WORK/lib/control-plane.jar:$(cat "$WORK/lib/classpath.txt")" io.backtide.control.Main \
  >"$cp_log" 2>&1 &
cp_pid=$!
base=""
for _ in $(seq 1 240); do
  kill -0 "$cp_pid" 2>/dev/null || { tail -20 "$cp_log" >&2; die "control plane exited during start"; }
  port="$(sed -nE 's|^Backtide control plane: http://[^/]+:([0-9]+)/$|\1|p' "$cp_log")"
  [ -n "$port" ] && { base="http://127.0.0.1:$port"; break; }
  sleep 0.5
done
[ -n "$base" ] || die "control plane did not start within 120 s (log: $cp_log)"
log "control plane pid $cp_pid on $base; load $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$base" "$DAYS" "$WORK/data/logs" <<'PY'
import datetime, json, os, statistics, sys, time, urllib.request

base, days, logs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
start = datetime.date(2025, 1, 1)
end = start + datetime.timedelta(days=days)
runs = [("BTCUSDT", False), ("ETHUSDT", False), ("BTCUSDT", True)]

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)

def load():
    return open("/proc/loadavg").read().split()[0]

results = []
for subject, refresh in runs:
    body = {"source": "sim", "subject": subject, "kind": "candle", "granularity": "1m",
            "start": start.isoformat(), "end": end.isoformat(), "refresh": refresh}
    load_before = load()
    t0 = time.monotonic()
    job = call("POST", "/reports/backfill", body)
    seen = {}
    while True:
        now = time.monotonic() - t0
        if job["status"] != "pending":
            seen.setdefault("running", now)
        if (job.get("fetched_rows") or 0) > 0 or (job.get("days_skipped") or 0) > 0:
            seen.setdefault("fetched", now)
        if (job.get("records_written") or 0) > 0:
            seen.setdefault("committed", now)
        if job["status"] not in ("pending", "running"):
            seen["end"] = now
            break
        if now > 1800:
            sys.exit(f"bench/first-progress: job {job['id']} still {job['status']} after 30 min")
        time.sleep(0.05)
        job = call("GET", f"/reports/backfill/jobs/{job['id']}")
    if job["status"] != "completed":
        print(f"bench/first-progress: job {job['id']} {job['status']}: {job.get('error')}", file=sys.stderr)
        sys.exit(2)
    with open(os.path.join(logs, job["id"] + ".log"), encoding="utf-8") as f:
        commits = sum(1 for line in f if ": committed " in line)
    results.append(dict(run=f"sim/{subject} {days} d{' refresh' if refresh else ''}",
                        records=job["records_written"], commits=commits,
                        load=f"{load_before}->{load()}", **seen))

def s(r, k):
    return f"{r[k]:.2f}" if k in r else "-"

print(f"| run | records | commits | running s | first fetched s | first commit s | end s | load |")
print(f"|---|---:|---:|---:|---:|---:|---:|---|")
for r in results:
    print(f"| {r['run']} | {r['records']:,} | {r['commits']} | {s(r, 'running')} | {s(r, 'fetched')} "
          f"| {s(r, 'committed')} | {s(r, 'end')} | {r['load']} |")
first = statistics.median(min(r.get("running", 1e9), r.get("fetched", 1e9)) for r in results)
most = max(r["commits"] for r in results)
met = True
ok = first <= 3.0
met &= ok
print(f"target POST to first visible progress <= 3 s (median of {len(results)}): {first:.2f} s "
      f"{'MET' if ok else 'NOT MET'} (load {load()})")
ok = most <= 12
met &= ok
print(f"target a year of sim 1m in at most 12 commits (not 98): {most} commits {'MET' if ok else 'NOT MET'}"
      + ("" if days >= 365 else f" (only {days} days run)"))
sys.exit(0 if met else 1)
PY
