# Sourced from the project root by bench/replay.sh and scripts/first-run-classes.sh: compiles the
# backtest module with its test sources (the benches live there) and writes its class path to
# $work/replay-cp.txt ($work: build/bench).
work=build/bench
mkdir -p "$work"
mvn -B -q -pl backtest -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$work/replay-cp.txt" -Dspotless.check.skip=true >/dev/null
