#!/usr/bin/env bash
# Bulk-mode benchmark (not a test): 4 feeds x 30 days of 1m from the loopback fake exchange, in
# Spark local mode versus a standalone cluster of 2 workers (1 core, 1 GiB each) on this machine.
# Prints wall time and candles/s for both (Spark start included; cluster start reported apart).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/test-db.sh --env)"
mvn -B -q -pl spark-jobs install -DskipTests
work="$(mktemp -d /tmp/backtide-bench-cluster.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp="$(cat spark-jobs/target/backfill-classpath.txt)"
jobstore_tests="$(ls ~/.m2/repository/io/backtide/backtide-job-store/0.1.0-SNAPSHOT/backtide-job-store-0.1.0-SNAPSHOT-tests.jar)"
bench_cp="$cp:spark-jobs/target/backtide-spark-jobs-0.1.0-SNAPSHOT-tests.jar:$jobstore_tests"
javac -d "$work/classes" -cp "$bench_cp" bench/cluster/ClusterBench.java
java $(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml) -Xmx1g \
  -cp "$work/classes:$bench_cp" ClusterBench spark-jobs/target/backfill-classpath.txt "$work"
