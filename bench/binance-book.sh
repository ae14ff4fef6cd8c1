#!/usr/bin/env bash
# The Binance book bench (bench/binance-book.ts, about 4 minutes). ccxt, pinned in bench/ccxt/package-lock.json
# and never a dependency of the library, is installed there on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/ccxt/node_modules/ccxt/package.json ] || npm ci --prefix bench/ccxt --no-audit --no-fund
exec node --import tsx bench/binance-book.ts "$@"
