#!/usr/bin/env bash
# Backfill throughput benchmark (not a test): builds spark-jobs, starts the test PostgreSQL, serves
# 30 days of 1m and 7 days of 1s from the loopback fake exchange, runs BackfillApp as a child JVM
# (as the control plane does) in both write modes, and prints rows/s, pages/s, the time spent
# fetching, writing (Delta) and publishing, wall time including Spark start, and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/test-db.sh --env)"
mvn -B -q -pl spark-jobs install -DskipTests
work="$(mktemp -d /tmp/backtide-bench-backfill.XXXXXX)"
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
cp="$(cat spark-jobs/target/backfill-classpath.txt)"
jobstore_tests="$(ls ~/.m2/repository/io/backtide/backtide-job-store/0.1.0-SNAPSHOT/backtide-job-store-0.1.0-SNAPSHOT-tests.jar)"
bench_cp="$cp:spark-jobs/target/backtide-spark-jobs-0.1.0-SNAPSHOT-tests.jar:$jobstore_tests"
javac -d "$work/classes" -cp "$bench_cp" bench/backfill/BackfillBench.java
opens="$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=spark.jvm.opens -DforceStdout -N | sed "s/\x1b\[[0-9;]*m//g")"
java -Xmx2g -cp "$work/classes:$bench_cp" \
  -Dlog4j2.configurationFile="$PWD/bench/backfill/log4j2.xml" \
  BackfillBench spark-jobs/target/backfill-classpath.txt "$opens" "$work"
