#!/usr/bin/env bash
# Backfill throughput benchmark (not a test): builds spark-jobs, starts the test PostgreSQL, serves
# 30 days of 1m and 7 days of 1s from the loopback fake exchange, runs BackfillApp as a child JVM
# (as the control plane does) in both write modes, and prints rows/s, pages/s, the time spent
# fetching, writing (Delta) and publishing, wall time including Spark start, and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/spark-jobs-bench.sh backfill bench/backfill/BackfillBench.java
java -Xmx2g -cp "$bench_cp" \
  -Dlog4j2.configurationFile="$PWD/bench/backfill/log4j2.xml" \
  BackfillBench spark-jobs/target/backfill-classpath.txt "$opens" "$work"
