#!/usr/bin/env bash
# A Spark standalone cluster on this machine (127.0.0.1) from the jars the build already has: no
# Spark distribution needed. For trying `spark-submit` against a real master, and for bench/.
#   mvn -B -q -pl core,job-store,spark-jobs install -DskipTests   # writes the classpath file
#   scripts/spark-standalone.sh start      # prints the master URL (spark://127.0.0.1:7077)
#   scripts/spark-standalone.sh status
#   scripts/spark-standalone.sh submit --class io.backtide.jobs.backfill.BackfillApp <jar> <args>
#   scripts/spark-standalone.sh stop       # stops master, workers and their executors by pid
# Settings (environment): SPARK_WORKERS (2), SPARK_WORKER_CORES (1), SPARK_WORKER_MEMORY (1g),
# SPARK_MASTER_PORT (7077), SPARK_MASTER_WEBUI_PORT (8080), BACKTIDE_CLASSPATH_FILE (the
# classpath file above), BACKTIDE_SPARK_DIR
# (build/spark-standalone: logs, pids, work dirs, the stand-in SPARK_HOME).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BACKTIDE_SPARK_DIR:-$ROOT/build/spark-standalone}"
WORKERS="${SPARK_WORKERS:-2}"
CORES="${SPARK_WORKER_CORES:-1}"
MEMORY="${SPARK_WORKER_MEMORY:-1g}"
PORT="${SPARK_MASTER_PORT:-7077}"
UI_PORT="${SPARK_MASTER_WEBUI_PORT:-8080}"
CP_FILE="${BACKTIDE_CLASSPATH_FILE:-$ROOT/spark-jobs/target/backfill-classpath.txt}"
MASTER_URL="spark://127.0.0.1:$PORT"
log() { echo "spark-standalone: $*" >&2; }

# Spark's own --add-opens set, kept in one place: the root pom's spark.jvm.opens property.
opens() { sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$ROOT/pom.xml"; }

# The worker builds executor command lines as $JAVA_HOME/bin/java -cp $SPARK_HOME/conf:$SPARK_HOME/jars/*
# and needs SPARK_SCALA_VERSION (a distribution would not say it either). jars/ links to every
# runtime jar of the job, its own jar included, so that jar-less submits (the control plane's
# `spark-internal`) work too.
layout() {
  [ -f "$CP_FILE" ] || { log "$CP_FILE missing: run mvn -B -q -pl spark-jobs package -DskipTests"; exit 1; }
  rm -rf "$DIR/spark-home/jars"
  mkdir -p "$DIR/spark-home/jars" "$DIR/spark-home/conf" "$DIR/logs" "$DIR/pids"
  local jar
  for jar in $(tr ':' ' ' < "$CP_FILE"); do
    case "$jar" in *.jar) ln -sf "$jar" "$DIR/spark-home/jars/$(basename "$jar")" ;; esac
  done
}

export SPARK_HOME="$DIR/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

daemon() { # name main-class args...
  local name="$1"; shift
  # shellcheck disable=SC2046
  nohup "$JAVA" $(opens) -Xmx256m -cp "$SPARK_HOME/jars/*" "$@" >"$DIR/logs/$name.log" 2>&1 &
  echo $! >"$DIR/pids/$name.pid"
}

alive_workers() {
  curl -fsS "http://127.0.0.1:$UI_PORT/json/" 2>/dev/null \
    | sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p'
}

start() {
  if [ -f "$DIR/pids/master.pid" ] && kill -0 "$(cat "$DIR/pids/master.pid")" 2>/dev/null; then
    log "already running: $MASTER_URL"; echo "$MASTER_URL"; return 0
  fi
  layout
  daemon master org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port "$UI_PORT"
  local i
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$DIR/worker-$i"
    daemon "worker-$i" org.apache.spark.deploy.worker.Worker "$MASTER_URL" --host 127.0.0.1 \
      --cores "$CORES" --memory "$MEMORY" --webui-port 0 --work-dir "$DIR/worker-$i"
  done
  for _ in $(seq 1 180); do
    if [ "$(alive_workers)" = "$WORKERS" ]; then
      log "$WORKERS workers registered; web UI http://127.0.0.1:$UI_PORT"; echo "$MASTER_URL"; return 0
    fi
    sleep 0.5
  done
  log "workers did not register in 90 s; see $DIR/logs"; stop; exit 1
}

stop_pid() { # pid: SIGTERM the process and its children (executors), SIGKILL what stays
  local pid="$1" kids n
  kids="$(pgrep -P "$pid" || true)"
  kill "$pid" $kids 2>/dev/null || true
  for n in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -9 "$pid" $kids 2>/dev/null || true
}

stop() {
  local f
  for f in "$DIR"/pids/worker-*.pid "$DIR/pids/master.pid"; do
    [ -f "$f" ] || continue
    stop_pid "$(cat "$f")"
    rm -f "$f"
  done
  log "stopped"
}

submit() {
  # shellcheck disable=SC2046
  exec "$JAVA" $(opens) -Xmx1g -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER_URL" --deploy-mode client \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) echo "alive workers: $(alive_workers || echo none) at $MASTER_URL" ;;
  submit) shift; submit "$@" ;;
  *) echo "usage: $0 start|stop|status|submit <spark-submit args>" >&2; exit 2 ;;
esac
