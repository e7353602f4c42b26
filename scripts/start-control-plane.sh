#!/usr/bin/env bash
# Starts the Backtide control plane in the foreground (Ctrl-C or SIGTERM stops it cleanly).
# Without DB_URL it runs on an embedded PostgreSQL under $BACKTIDE_DATA_DIR/postgres (default
# data/postgres, password in data/postgres.password), reused across restarts. It listens on
# 127.0.0.1 unless HOST says otherwise, and any other HOST needs API_KEY (README, "Security").
# Every setting comes from the environment (README, "Configuration").
#   scripts/start-control-plane.sh             # build (mvn -B -q -DskipTests install), then start
#   scripts/start-control-plane.sh --no-build  # start what was built before
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--no-build" ]; then
  echo "start-control-plane: building (mvn -B -q -DskipTests install)" >&2
  mvn -B -q -DskipTests install
fi

cp_file=control-plane/target/control-plane-classpath.txt
classes=control-plane/target/classes
if [ ! -f "$cp_file" ] || [ ! -d "$classes" ]; then
  echo "start-control-plane: $cp_file is missing; run without --no-build first" >&2
  exit 1
fi
if [ ! -f spark-jobs/target/backfill-classpath.txt ] && [ -z "${BACKFILL_CLASSPATH:-}" ]; then
  echo "start-control-plane: warning: spark-jobs is not built; backfills will answer 503" >&2
fi

exec java -cp "$classes:$(cat "$cp_file")" io.backtide.control.Main
