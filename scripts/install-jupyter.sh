#!/usr/bin/env bash
# Installs what executing the notebooks needs, idempotently, and prints the JUPYTER_PATH to use:
#   - Jupyter from Debian's packages (jupyter-nbconvert, jupyter-client), only when missing;
#   - the rapaio Java kernel jar from Maven Central (version: root pom property
#     rapaio-jupyter-kernel.version) into build/jupyter/kernels/java/, only when missing;
#   - build/jupyter/kernels/java/kernel.json, rewritten only when its content changes.
# The kernel's classpath (RJK_CLASSPATH) is read from the file the notebooks module writes at
# package time (notebooks/target/notebook-classpath.txt: the backtest jar, its runtime dependencies
# and XChart); pass another file with --classpath FILE. Without one the kernel runs plain Java only.
#   scripts/install-jupyter.sh [--classpath FILE] [--quiet]
#   eval "$(scripts/install-jupyter.sh --quiet)"      # exports JUPYTER_PATH
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JUPYTER_DIR="${BACKTIDE_JUPYTER_DIR:-$ROOT/build/jupyter}"
KERNEL_DIR="$JUPYTER_DIR/kernels/java"
CLASSPATH_FILE="$ROOT/notebooks/target/notebook-classpath.txt"
QUIET=""
log() { [ -n "$QUIET" ] || echo "install-jupyter: $*" >&2; }
die() { echo "install-jupyter: $*" >&2; exit 1; }

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
  mvn -B -q dependency:copy -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$VERSION" \
    -DoutputDirectory="$KERNEL_DIR" >&2 || die "could not fetch the kernel jar (is Maven Central reachable?)"
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
  log "no classpath file $CLASSPATH_FILE yet (mvn -B -pl notebooks package writes it); plain Java only"
fi
OPENS="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$ROOT/pom.xml")"
[ -n "$OPENS" ] || die "no <spark.jvm.opens> property in $ROOT/pom.xml"
TMP="$(mktemp "$KERNEL_DIR/kernel.json.XXXXXX")"
trap 'rm -f "$TMP"' EXIT
JAR="$JAR" CP="$CP" OPENS="$OPENS" "$PY" - > "$TMP" <<'EOF'
import json, os
argv = ["java", "-Xmx2g", "-Djava.awt.headless=true", *os.environ["OPENS"].split(),
        "-jar", os.environ["JAR"], "{connection_file}"]
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
if ! cmp -s "$TMP" "$KERNEL_DIR/kernel.json"; then
  mv "$TMP" "$KERNEL_DIR/kernel.json"
  log "wrote $KERNEL_DIR/kernel.json"
fi

echo "export JUPYTER_PATH='$JUPYTER_DIR'"
