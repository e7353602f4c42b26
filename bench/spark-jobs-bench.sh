# Sourced by the spark-jobs benchmarks (bench/backfill.sh, bench/cluster.sh): starts the test
# PostgreSQL, builds spark-jobs, makes a work folder (removed on exit unless BENCH_KEEP is set) and
# compiles the benchmark's Java source against the job's classpath and test fixtures.
#   . bench/spark-jobs-bench.sh NAME SOURCE.java
# Sets: work, bench_cp (classpath for `java`), opens (the --add-opens flags Spark needs).
eval "$(scripts/test-db.sh --env)"
mvn -B -q -pl spark-jobs -am install -DskipTests -Dspotless.check.skip=true -Dexec.skip=true
work="$(mktemp -d "/tmp/backtide-bench-$1.XXXXXX")"
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
jobstore_tests="$(ls ~/.m2/repository/io/backtide/backtide-job-store/0.1.0-SNAPSHOT/backtide-job-store-0.1.0-SNAPSHOT-tests.jar)"
bench_cp="$(cat spark-jobs/target/backfill-classpath.txt):spark-jobs/target/backtide-spark-jobs-0.1.0-SNAPSHOT-tests.jar:$jobstore_tests"
javac -d "$work/classes" -cp "$bench_cp" "$2"
bench_cp="$work/classes:$bench_cp"
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)"
