#!/usr/bin/env bash
# The main job. For now: build everything and start the control plane on the embedded PostgreSQL,
# printing its URL (http://localhost:${PORT:-8000}/). Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/start-control-plane.sh "$@"
