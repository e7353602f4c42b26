#!/usr/bin/env bash
# Installs what executing the notebooks needs, idempotently, and prints the JUPYTER_PATH to use:
#   - Jupyter from Debian's packages (jupyter-nbconvert, jupyter-client), only when missing;
#   - the rapaio Java kernel jar from Maven Central (version: root pom property
#     rapaio-jupyter-kernel.version) into build/jupyter/kernels/java/, only when missing;
#   - build/jupyter/kernels/java/kernel.json, rewritten only when its content changes, and the
#     kernel-java.sh it starts the kernel's JVM with (see "class-data archive" below).
# The kernel's classpath (RJK_CLASSPATH) is read from the file the backtest module writes at package
# time (backtest/target/backtest-classpath.txt: the backtest jar, then its runtime dependencies,
# XChart and Spark among them); pass another file with --classpath FILE. Without one the kernel
# runs plain Java only. Run it again after the dependencies change: it rewrites kernel.json.
# The kernel's JVM compiles with Java's quick JIT compiler only (-XX:TieredStopAtLevel=1): a
# notebook's first backtest after a kernel (re)start takes about a third less time and 40% less CPU
# (README "Backtesting"); BACKTIDE_KERNEL_JIT=full keeps both compilers, for long runs (a year of
# 1s replays ~1.5x faster with them once warm).
# Class-data archive: the first kernel session after an install (or a change of kernel.json) writes
# an archive of the classes it loaded (Spark's, the backtest library's) when the kernel exits
# (-XX:ArchiveClassesAtExit); later kernels start with it (-XX:SharedArchiveFile) and load those
# classes from it, which cuts a first backtest's time again (README "Backtesting"). The archive is
# checked before each use (a kernel killed while writing it leaves a broken one, which is dropped
# and written again); run-notebook.sh gives the kernel time to write it when it shuts down.
#   scripts/install-jupyter.sh [--classpath FILE] [--quiet]
#   eval "$(scripts/install-jupyter.sh --quiet)"      # exports JUPYTER_PATH, BACKTIDE_KERNEL_ARCHIVE
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JUPYTER_DIR="${BACKTIDE_JUPYTER_DIR:-$ROOT/build/jupyter}"
KERNEL_DIR="$JUPYTER_DIR/kernels/java"
CLASSPATH_FILE="$ROOT/backtest/target/backtest-classpath.txt"
QUIET=""
log() { [ -n "$QUIET" ] || echo "install-jupyter: $*" >&2; }
die() { echo "install-jupyter: $*" >&2; exit 1; }
# replace TMP FILE: FILE becomes TMP's content if that differs (true), else TMP goes (false).
replace() { if cmp -s "$1" "$2"; then rm "$1"; return 1; fi; mv "$1" "$2"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --classpath) [ $# -ge 2 ] || die "--classpath needs a file"; CLASSPATH_FILE="$2"; shift 2 ;;
    --quiet) QUIET=1; shift ;;
    *) die "unknown argument '$1' (expected --classpath FILE or --quiet)" ;;
  esac
done

# 1. Jupyter (nbconvert executes notebooks headless; no notebook server or ipykernel needed).
#    Debian's python, not whatever python3 comes first on PATH: that is where apt puts the modules.
PY=/usr/bin/python3
if [ ! -x /usr/bin/jupyter-nbconvert ] || [ ! -x "$PY" ] \
    || ! "$PY" -c 'import nbconvert, nbclient, jupyter_client' >/dev/null 2>&1; then
  log "installing Debian's jupyter-nbconvert and jupyter-client"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends jupyter-nbconvert jupyter-client >/dev/null
fi

# 2. The kernel jar, at the version pinned in the root pom.
VERSION="$(sed -n 's:.*<rapaio-jupyter-kernel.version>\(.*\)</rapaio-jupyter-kernel.version>.*:\1:p' \
  "$ROOT/pom.xml")"
[ -n "$VERSION" ] || die "no <rapaio-jupyter-kernel.version> property in $ROOT/pom.xml"
JAR="$KERNEL_DIR/rapaio-jupyter-kernel-$VERSION.jar"
mkdir -p "$KERNEL_DIR"
if [ ! -s "$JAR" ]; then
  log "fetching io.github.padreati:rapaio-jupyter-kernel:$VERSION from Maven Central"
  # From the kernel folder, not the repository: outside the reactor the goal runs once, standalone.
  (cd "$KERNEL_DIR" && mvn -B -q dependency:copy -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$VERSION" \
    -DoutputDirectory="$KERNEL_DIR" >&2) || die "could not fetch the kernel jar (is Maven Central reachable?)"
  [ -s "$JAR" ] || die "Maven did not leave $JAR"
fi

# 3. kernel.json. Spark inside the kernel needs the same --add-opens flags as Surefire (root pom
#    property spark.jvm.opens): JShell runs cells in the kernel's own JVM, so they go on its argv.
#    The classpath file is ':'-separated (Maven's build-classpath, also what IJAVA_CLASSPATH takes);
#    the rapaio kernel splits RJK_CLASSPATH on ';'.
CP=""
if [ -f "$CLASSPATH_FILE" ]; then
  CP="$(tr -d '\n' < "$CLASSPATH_FILE" | tr ':' ';')"
else
  log "no classpath file $CLASSPATH_FILE yet (mvn -B -pl backtest package writes it); plain Java only"
fi
OPENS="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$ROOT/pom.xml")"
[ -n "$OPENS" ] || die "no <spark.jvm.opens> property in $ROOT/pom.xml"
#    Logging goes to a file in the kernel's working folder: Spark logs from its own threads, and
#    the kernel's console streams only accept writes from the thread running a cell.
LOG_CONFIG="$KERNEL_DIR/log4j2.properties"
cat > "$LOG_CONFIG.tmp" <<'EOF'
# Written by scripts/install-jupyter.sh: logs of the notebook's kernel JVM (Spark, backtest).
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = backtide-kernel.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{ISO8601} %-5p [%t] %c{1}: %m%n
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
logger.backtide.name = io.backtide
logger.backtide.level = info
EOF
replace "$LOG_CONFIG.tmp" "$LOG_CONFIG" || true
#    The kernel loads java.util.logging settings from the resource logging.properties, its own
#    saying FINEST; once Spark bridges JUL to SLF4J, Janino's FINER tracing breaks Spark's code
#    generation (plans fall back to slow interpretation). A jar ahead of the kernel jar on the
#    classpath (conf.jar, made from the folder conf/) supplies the same settings at INFO.
CONF_DIR="$KERNEL_DIR/conf"
mkdir -p "$CONF_DIR"
cat > "$CONF_DIR/logging.properties.tmp" <<'EOF'
handlers= java.util.logging.ConsoleHandler
.level= INFO
java.util.logging.ConsoleHandler.level = INFO
java.util.logging.ConsoleHandler.formatter = java.util.logging.SimpleFormatter
java.util.logging.SimpleFormatter.format=[%1$tF %1$tT] [%4$-7s] %5$s %n
EOF
if replace "$CONF_DIR/logging.properties.tmp" "$CONF_DIR/logging.properties"; then
  rm -f "$KERNEL_DIR/conf.jar"
fi
#    In a jar, not the folder: a class-data archive refuses a non-empty folder on the class path.
if [ ! -s "$KERNEL_DIR/conf.jar" ]; then
  "$PY" -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.write(sys.argv[2], "logging.properties")' "$KERNEL_DIR/conf.jar.tmp" "$CONF_DIR/logging.properties"
  mv "$KERNEL_DIR/conf.jar.tmp" "$KERNEL_DIR/conf.jar"
fi
#    The kernel's JVM starts through kernel-java.sh: with the class-data archive when a valid one
#    is there (java -Xshare:on checks it against the class path), else writing it at exit.
ARCHIVE="$KERNEL_DIR/backtide-kernel.jsa"
cat > "$KERNEL_DIR/kernel-java.sh.tmp" <<'SH'
#!/usr/bin/env bash
# Written by scripts/install-jupyter.sh: starts the Java kernel's JVM (JAVA ARGS... -cp CP MAIN
# CONNECTION_FILE) with the class-data archive next to this script, or writing it at exit.
archive="$(dirname "$0")/backtide-kernel.jsa"
java="$1"; shift
opts=()
for a in "$@"; do # the JVM options and the class path, checked with the archive
  opts+=("$a")
  [ "${#opts[@]}" -ge 2 ] && [ "${opts[-2]}" = -cp ] && break
done
# A broken archive (a kernel killed while writing it) can crash the JVM that maps it: the check's
# JVM leaves no crash report.
if [ -s "$archive" ] && "$java" -Xshare:on -XX:SharedArchiveFile="$archive" -XX:ErrorFile=/dev/null \
    -XX:-CreateCoredumpOnCrash "${opts[@]}" -version > /dev/null 2>&1; then
  exec "$java" -XX:SharedArchiveFile="$archive" "$@"
fi
rm -f "$archive"
exec "$java" -XX:ArchiveClassesAtExit="$archive" "$@"
SH
chmod +x "$KERNEL_DIR/kernel-java.sh.tmp"
replace "$KERNEL_DIR/kernel-java.sh.tmp" "$KERNEL_DIR/kernel-java.sh" || true
#    Java's quick JIT compiler only, unless BACKTIDE_KERNEL_JIT=full (see the top of this file).
case "${BACKTIDE_KERNEL_JIT:-quick}" in
  quick) JIT_FLAGS="-XX:TieredStopAtLevel=1" ;;
  full) JIT_FLAGS="" ;;
  *) die "BACKTIDE_KERNEL_JIT must be quick or full, not '$BACKTIDE_KERNEL_JIT'" ;;
esac
#    Transparent huge pages for the kernel's heap where Linux offers them (madvise or always; with
#    never the JVM would only warn): every first touch of a 4 KiB heap page is a fault, ~10 us on
#    the bench VM, and with 2 MiB pages a first backtest takes ~0.4 s less (README "Backtesting").
HUGE_PAGES=""
if grep -qE '\[(madvise|always)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  HUGE_PAGES="-XX:+UseTransparentHugePages"
fi
#    The java found now, by absolute path: Jupyter started from elsewhere may have another PATH.
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/java}"
[ -x "${JAVA_BIN:-}" ] || JAVA_BIN="$(command -v java)" || die "no java on PATH (Java 17 or later)"
#    RJK_COMPILER_OPTIONS stays empty: the kernel compiles at the JVM's own release (17), no preview.
TMP="$(mktemp "$KERNEL_DIR/kernel.json.XXXXXX")"
trap 'rm -f "$TMP"' EXIT
JIT_FLAGS="$JIT_FLAGS" HUGE_PAGES="$HUGE_PAGES" JAVA_BIN="$JAVA_BIN" JAR="$JAR" CP="$CP" OPENS="$OPENS" LOG_CONFIG="$LOG_CONFIG" KERNEL_DIR="$KERNEL_DIR" "$PY" - > "$TMP" <<'EOF'
import json, os
kernel_dir = os.environ["KERNEL_DIR"]
argv = [kernel_dir + "/kernel-java.sh", os.environ["JAVA_BIN"], "-Xmx2g", *os.environ["JIT_FLAGS"].split(), *os.environ["HUGE_PAGES"].split(),
        "-Djava.awt.headless=true",
        "-Dlog4j2.configurationFile=" + os.environ["LOG_CONFIG"], *os.environ["OPENS"].split(),
        "-cp", kernel_dir + "/conf.jar:" + os.environ["JAR"], "org.rapaio.jupyter.kernel.MainApp",
        "{connection_file}"]
print(json.dumps({
    "argv": argv,
    "display_name": "Java (rapaio, Backtide classpath)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "RJK_CLASSPATH": os.environ["CP"],
        "RJK_COMPILER_OPTIONS": "",
        "RJK_INIT_SCRIPT": "",
        "RJK_TIMEOUT_MILLIS": "-1",
        "RJK_MIMA_CACHE": "mima_cache",
    },
}, indent=2))
EOF
if replace "$TMP" "$KERNEL_DIR/kernel.json"; then
  rm -f "$ARCHIVE" # classes of another class path or JVM setting: the next kernel writes it again
  log "wrote $KERNEL_DIR/kernel.json"
fi

echo "export JUPYTER_PATH='$JUPYTER_DIR'"
echo "export BACKTIDE_KERNEL_ARCHIVE='$ARCHIVE'"
