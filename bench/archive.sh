#!/usr/bin/env bash
# Archive-first backfill benchmark (not a test): serves one year of 1m (525,600 candles, monthly
# files) and 30 days of 1s (2,592,000 candles, daily files) from a loopback copy of Binance's public
# data archive, and the same candles from the loopback fake REST exchange, then runs BackfillApp as
# a child JVM (as the control plane does, with its heap and JIT options) on each path in the same
# run, and the archive cases again in a warm job JVM (the same backfill twice in one JVM, the second
# as a new job into another table: its figures are the second job's). Prints rows/s, the time
# spent fetching (download + sha256 + CSV), writing and publishing, wall time including JVM and Spark
# start, and one MET/NOT MET line per target of issue 15; then the warm ceiling: the CPU per candle
# of sha256, parse and encode of one 1s archive day in the bench's own (by then warm) JVM, and the
# candles/s two cores doing only that would reach. BENCH_SMOKE=1: a month of 1m and a day of
# 1s, no target judged (checks the bench runs); BENCH_ONLY=text: only the runs whose label has it
# ("warm ceiling": the ceiling alone);
# BENCH_JOB_JVM_FLAGS="...": extra options for the job JVMs only (to compare JVM settings).
# BENCH_NO_CDS=1: job JVMs without the class-data archive that control-plane jobs share;
# BENCH_NO_JIT_RULE=1: job JVMs without the control plane's JIT rule (JobJit);
# BENCH_NO_HUGE_PAGES=1: job JVMs without the control plane's transparent huge pages (JobHugePages);
# BENCH_NO_YOUNG_SIZE=1: job JVMs with the control plane's heap but the JVM's own young sizing.
# Builds with a reactor `package` (no `mvn install`: ~/.m2 is shared between worktrees).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/test-db.sh --env)"
mvn -B -q -pl spark-jobs,control-plane -am package -DskipTests -Dspotless.check.skip=true
work="$(mktemp -d /tmp/backtide-bench-archive.XXXXXX)"
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
cp="$(cat spark-jobs/target/backfill-classpath.txt)"
cp="$cp:$(ls spark-jobs/target/backtide-spark-jobs-*-tests.jar):$(ls job-store/target/backtide-job-store-*-tests.jar)"
# The bench (not the jobs) also sees the control plane's classes: the jobs get its JVM options.
cp="$cp:$PWD/control-plane/target/classes"
javac -d "$work/classes" -cp "$cp" bench/archive/ArchiveBench.java
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)"
bench() { # OPENS DIR [ENV...]: runs ArchiveBench in DIR with the job JVMs' options OPENS
  local o=$1 dir=$2; shift 2
  mkdir -p "$dir"
  env "$@" java -Xmx4g -cp "$work/classes:$cp" \
    -Dlog4j2.configurationFile="$PWD/bench/backfill/log4j2.xml" \
    ArchiveBench spark-jobs/target/backfill-classpath.txt "$o" "$dir"
}
# The job JVMs share a class-data archive, as the control plane's jobs do (JOB_CLASS_DATA): made
# once per job classpath (its jars' sizes and times are in the name) by an unmeasured training run.
# BENCH_NO_CDS=1: plain job JVMs.
if [ -z "${BENCH_NO_CDS:-}" ]; then
  jsa="$PWD/build/bench/archive-job-$(tr ':' '\n' < spark-jobs/target/backfill-classpath.txt \
    | xargs stat -c '%n %s %Y' | sha256sum | cut -c1-12).jsa"
  if [ ! -f "$jsa" ]; then
    echo "training run: writing the job JVMs' class-data archive $jsa (once per job classpath)"
    mkdir -p build/bench && rm -f build/bench/archive-job-*.jsa
    bench "$opens -XX:ArchiveClassesAtExit=$jsa.tmp -Xlog:cds*=error" "$work/training" \
      BENCH_SMOKE=1 BENCH_ONLY="1y of 1m, archive, warm-up first" > "$work/training.txt" 2>&1 \
      && mv "$jsa.tmp" "$jsa" || { tail -5 "$work/training.txt"; echo "CDS training failed"; }
  fi
  [ -f "$jsa" ] && opens="$opens -XX:SharedArchiveFile=$jsa" && echo "job JVMs share $jsa"
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
bench "$opens" "$work/runs"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
