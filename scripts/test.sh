#!/usr/bin/env bash
# The whole test suite: starts the test PostgreSQL (installing it when missing), installs what the
# browser and notebook tests need, then runs every module's tests and the format check.
set -euo pipefail
cd "$(dirname "$0")/.."
db_env="$(scripts/test-db.sh --env)"   # a failed start stops the run here (set -e)
eval "$db_env"
for step in scripts/install-browser.sh scripts/install-jupyter.sh; do
  if [ -x "$step" ]; then "$step"; fi
done
mvn -B verify "$@"
