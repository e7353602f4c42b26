#!/usr/bin/env bash
# An S3-compatible server on loopback, without Docker: S3Proxy (org.gaul:s3proxy from Maven
# Central, version in scripts/s3proxy/pom.xml) with its filesystem blob store, in a JVM of its own
# (its class path never meets Spark's). For the object-storage test and for trying
# `--table-uri s3a://...` by hand.
#   scripts/s3-server.sh install   # idempotent: S3Proxy and its dependencies into $S3_LIB
#   scripts/s3-server.sh start     # prints the endpoint, e.g. http://127.0.0.1:9000
#   scripts/s3-server.sh stop      # by process id
# Settings: S3_PORT (9000), S3_DIR (build/s3proxy: s3proxy.log, pid, data/ for the filesystem
# store), S3_LIB (build/s3proxy/lib), S3_STORE (memory: jclouds' transient store, keys and
# "directory" markers as on S3, gone at stop; filesystem: files under S3_DIR/data, which S3A with
# Delta cannot use: a folder there answers as an object, so creating _delta_log/_staged_commits
# fails with "Path is a file"), and the one
# identity it accepts: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (default backtide /
# backtide-secret). Requests must be signed (AWS v2 or v4), as S3A signs them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${S3_DIR:-$ROOT/build/s3proxy}"
LIB="${S3_LIB:-$ROOT/build/s3proxy/lib}"
PORT="${S3_PORT:-9000}"
ENDPOINT="http://127.0.0.1:$PORT"
log() { echo "s3-server: $*" >&2; }

install() {
  local version
  version="$(sed -n 's:.*<version>\([0-9.]*\)</version>.*:\1:p' "$ROOT/scripts/s3proxy/pom.xml" | tail -1)"
  if [ -f "$LIB/.installed-$version" ]; then return 0; fi
  log "installing S3Proxy $version into $LIB"
  rm -rf "$LIB"
  mvn -B -q -f "$ROOT/scripts/s3proxy/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIB" >&2
  touch "$LIB/.installed-$version"
}

start() {
  if [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
    echo "$ENDPOINT"; return 0
  fi
  install
  mkdir -p "$DIR/data"
  cat > "$DIR/s3proxy.conf" <<CONF
s3proxy.endpoint=$ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${AWS_ACCESS_KEY_ID:-backtide}
s3proxy.credential=${AWS_SECRET_ACCESS_KEY:-backtide-secret}
jclouds.identity=local
jclouds.credential=local
CONF
  case "${S3_STORE:-memory}" in
    memory) echo "jclouds.provider=transient" >> "$DIR/s3proxy.conf" ;;
    filesystem) printf 'jclouds.provider=filesystem-nio2\njclouds.filesystem.basedir=%s\n' \
      "$DIR/data" >> "$DIR/s3proxy.conf" ;;
    *) log "S3_STORE must be memory or filesystem, not '$S3_STORE'"; exit 2 ;;
  esac
  cat > "$DIR/logback.xml" <<'XML'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
XML
  nohup java -Dlogback.configurationFile="$DIR/logback.xml" -cp "$LIB/*" \
    org.gaul.s3proxy.Main --properties "$DIR/s3proxy.conf" > "$DIR/s3proxy.log" 2>&1 &
  echo $! > "$DIR/pid"
  local i
  for i in $(seq 1 240); do
    # Any HTTP answer (403 to an unsigned request) means it listens.
    if curl -s -o /dev/null "$ENDPOINT/"; then echo "$ENDPOINT"; return 0; fi
    kill -0 "$(cat "$DIR/pid")" 2>/dev/null || { log "exited; see $DIR/s3proxy.log"; exit 1; }
    sleep 0.5
  done
  log "no answer on $ENDPOINT after 120 s; see $DIR/s3proxy.log"; stop; exit 1
}

stop() {
  [ -f "$DIR/pid" ] || return 0
  kill "$(cat "$DIR/pid")" 2>/dev/null || true
  rm -f "$DIR/pid"
  log "stopped"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
