#!/usr/bin/env bash
# Bulk-mode benchmark (not a test): 4 feeds x 30 days of 1m from the loopback fake exchange, in
# Spark local mode versus a standalone cluster of 2 workers (1 core, 1 GiB each) on this machine.
# Prints wall time and candles/s for both (Spark start included; cluster start reported apart).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/spark-jobs-bench.sh cluster bench/cluster/ClusterBench.java
java $opens -Xmx1g -cp "$bench_cp" ClusterBench spark-jobs/target/backfill-classpath.txt "$work"
