#!/usr/bin/env bash
# Installs what the backfill page's browser test needs, idempotently:
#   - Debian's chromium (/usr/bin/chromium), never a browser build downloaded by a test tool;
#   - playwright-core from npm, with `npm ci` in control-plane/src/test/browser when node_modules
#     is missing or was installed from another package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "install-browser: installing Debian's chromium"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

browser_dir=control-plane/src/test/browser
stamp="$browser_dir/node_modules/.backtide-lock.sha256"
want="$(sha256sum "$browser_dir/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] \
    || [ ! -d "$browser_dir/node_modules/playwright-core" ]; then
  echo "install-browser: npm ci in $browser_dir"
  (cd "$browser_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
