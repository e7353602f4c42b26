#!/usr/bin/env bash
# Executes a notebook headless with the Java kernel and keeps the executed copy (with its outputs).
#   scripts/run-notebook.sh NOTEBOOK OUTPUT_DIR [--classpath FILE] [--timeout SECONDS]
# The notebook is copied into OUTPUT_DIR and executed there in place, so that whatever its cells
# write relative to the working folder (the backtest cache, Spark scratch files) stays in OUTPUT_DIR.
# The kernel's output (its log) goes to OUTPUT_DIR/<name>.kernel.log. Exit status: 0 when every
# cell ran; 1 when a cell failed to compile or threw (the executed copy keeps the error, and the
# cell and its error are printed); nbconvert's own status when it failed (kernel did not start,
# timeout). Environment variables (for example BACKTIDE_COORDINATOR_URL) pass through to the kernel
# and so to the cells. BACKTIDE_NOTEBOOK_LOSE_STARTS=N (tests): the first N attempts are handled as
# a kernel that lost its start-up. --classpath FILE is handed to scripts/install-jupyter.sh (default there:
# backtest/target/backtest-classpath.txt); --timeout is per cell (default 600 s).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
die() { echo "run-notebook: $*" >&2; exit 2; }

[ $# -ge 2 ] || die "usage: scripts/run-notebook.sh NOTEBOOK OUTPUT_DIR [--classpath FILE] [--timeout SECONDS]"
NOTEBOOK="$1"; OUT_DIR="$2"; shift 2
CLASSPATH_ARGS=(); TIMEOUT=600
while [ $# -gt 0 ]; do
  case "$1" in
    --classpath) [ $# -ge 2 ] || die "--classpath needs a file"; CLASSPATH_ARGS=(--classpath "$2"); shift 2 ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs seconds"; TIMEOUT="$2"; shift 2 ;;
    *) die "unknown argument '$1' (expected --classpath FILE or --timeout SECONDS)" ;;
  esac
done
[ -f "$NOTEBOOK" ] || die "no notebook at $NOTEBOOK"

eval "$("$ROOT/scripts/install-jupyter.sh" --quiet "${CLASSPATH_ARGS[@]}")"
export JUPYTER_PATH

mkdir -p "$OUT_DIR"
NAME="$(basename "$NOTEBOOK")"
NOTEBOOK="$(cd "$(dirname "$NOTEBOOK")" && pwd)/$NAME"
cd "$OUT_DIR"
LOG="${NAME%.ipynb}.kernel.log"
# True when the kernel lost its start-up (see execute_once), or when a test asks the first
# BACKTIDE_NOTEBOOK_LOSE_STARTS attempts to be treated so once the kernel has bound its sockets.
lost_start() { # WAITED (half-seconds bound and silent)
  [ "$1" -gt 40 ] && return 0
  grep -q 'Exception in thread "Shell-0" java.lang.NullPointerException' "$LOG" && return 0
  [ "$attempt" -le "${BACKTIDE_NOTEBOOK_LOSE_STARTS:-0}" ] && grep -q 'ShellChannel\]: Binding' "$LOG"
}
# nbconvert, not `jupyter execute`: the latter exits 0 without saving outputs (Debian's 6.5/0.7).
# --allow-errors keeps the executed copy, error outputs included, for reading after a failure; the
# check below then fails the run on the first cell that failed (compile error or exception).
execute_once() {
  [ "$NOTEBOOK" -ef "$NAME" ] || cp "$NOTEBOOK" "$NAME"
  /usr/bin/jupyter nbconvert --to notebook --execute --inplace --allow-errors "$NAME" \
    --ExecutePreprocessor.kernel_name=java --ExecutePreprocessor.timeout="$TIMEOUT" \
    --KernelManager.shutdown_wait_time=60 \
    --ExecutePreprocessor.startup_timeout=120 > "$LOG" 2>&1 &
  local pid=$! waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.5
    # rapaio-jupyter-kernel 3.0.1 can lose its start-up: its shell thread dies on a request that
    # arrives before the message handlers are set (a NullPointerException in the log), or it never
    # reads its shell socket at all. A healthy kernel answers the client's kernel_info_request (sent
    # every second) right after it binds; 20 s bound and silent, or the exception, means start again.
    if grep -q 'ShellChannel\]: Binding' "$LOG" && ! grep -q 'ShellChannel\]: Handling message' "$LOG"; then
      waited=$((waited + 1))
    fi
    if lost_start "$waited"; then
      # The kernel runs in a session of its own (jupyter_client): stop it by its pid too. It never
      # ran a cell, so it is killed outright: on a TERM a kernel started without a class-data
      # archive writes one at exit, with its start-up classes only, which every later kernel would
      # then start with (and a retry starting while it writes would too). Wait until it is gone.
      local kernels k
      kernels="$(ps -o pid= --ppid "$pid" || true)"
      kill -KILL $kernels 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      for k in $kernels; do
        while kill -0 "$k" 2>/dev/null; do sleep 0.1; done
      done
      return 75
    fi
  done
  local rc=0
  wait "$pid" || rc=$?
  # The same race, once in a full CI run (2026-12-02): the kernel binds its sockets and exits
  # before it answers kernel_info, and nbconvert gives up. A kernel that cannot start at all fails
  # every attempt and the run fails with its log below.
  if [ "$rc" -ne 0 ] && grep -q 'Kernel died before replying to kernel_info' "$LOG"; then
    return 75
  fi
  return "$rc"
}
status=0
for attempt in 1 2 3 4 5; do
  status=0
  had_archive=false
  [ -s "$BACKTIDE_KERNEL_ARCHIVE" ] && had_archive=true
  execute_once || status=$?
  [ "$status" -eq 75 ] || break
  # An archive written by a kernel that lost its start-up (one that died by itself writes it at
  # exit) holds its start-up classes only: the next attempt writes a whole one instead.
  "$had_archive" || rm -f "$BACKTIDE_KERNEL_ARCHIVE"
  echo "run-notebook: the kernel lost its start-up race (attempt $attempt); starting it again" >&2
done
if [ "$status" -ne 0 ]; then
  # The kernel log also holds the connection key: show only what is not the kernel's INFO lines.
  grep -v -e '^\[20[0-9-]* [0-9:]*\] \[INFO' -e '"key":' "$LOG" | tail -40 >&2
  echo "run-notebook: nbconvert failed on $NAME (exit $status); full log: $OUT_DIR/$LOG" >&2
  exit "$status"
fi
/usr/bin/python3 - "$NAME" <<'EOF_PY'
import json, re, sys
nb = json.load(open(sys.argv[1]))
for index, cell in enumerate(nb["cells"]):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            trace = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(out.get("traceback", [])))
            sys.stderr.write("run-notebook: cell %d failed: %s: %s\n%s\n--- cell source ---\n%s\n" % (
                index, out.get("ename"), out.get("evalue"), trace, "".join(cell["source"])))
            sys.exit(1)
EOF_PY
echo "run-notebook: executed $OUT_DIR/$NAME"
