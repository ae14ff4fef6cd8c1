#!/usr/bin/env bash
# The scale bench (bench/scale.ts; about 35 minutes with the defaults): builds rxvenue, installs ccxt
# (pinned in bench/ccxt/package-lock.json, never a dependency of the library) on first use, then runs.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
[ -f bench/ccxt/node_modules/ccxt/package.json ] || npm ci --prefix bench/ccxt --no-audit --no-fund
exec node --import tsx bench/scale.ts "$@"
