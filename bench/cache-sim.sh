#!/usr/bin/env bash
# Book apply and view at 1 000 books under a simulated cache (valgrind's cachegrind, `apt-get install
# valgrind`): instructions and last-level cache misses a level change and a frame, counted rather than
# timed, so that the figures hold on a busy machine. Three replays of the same frames (V8 in its
# `--predictable` mode), differing only in what follows the scan; their differences are what apply and
# view cost. Repeated runs differ by up to about 5% in instructions and 4% in misses: read smaller
# differences as none. Builds dist first unless --no-build. About 4 minutes.
#
#   bash bench/cache-sim.sh [--books 1000] [--deltas 40] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
books=1000 deltas=40 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --books) books=$2; shift 2 ;;
    --deltas) deltas=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "usage: bench/cache-sim.sh [--books N] [--deltas N] [--no-build]" >&2; exit 2 ;;
  esac
done
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ $build = 1 ] && npm run build >/dev/null
out=.bench-out/cache-sim
mkdir -p $out
node --import tsx bench/cache-sim-frames.ts --books "$books" --deltas "$deltas" --out $out/frames.json
# a 2 MB last-level cache: a share of a server part's L3, far below what 1 000 books occupy
for mode in 0 1 2; do
  valgrind --tool=cachegrind --cache-sim=yes --LL=2097152,16,64 --cachegrind-out-file=$out/cg.$mode \
    node --predictable bench/cache-sim.mjs "$PWD" $mode $out/frames.json >$out/run.$mode 2>&1 &
done
wait
node -e '
const fs = require("fs")
const dir = process.argv[1]
const read = (mode) => {
  const text = fs.readFileSync(`${dir}/run.${mode}`, "utf8")
  const num = (label) => Number(new RegExp(label + ":\\s+([\\d,]+)").exec(text)[1].replace(/,/g, ""))
  const counts = JSON.parse(text.split("\n").find((l) => l.startsWith("{")))
  return { ...counts, instr: num("I\\s+refs"), ll: num("LL misses") }
}
const [scan, apply, view] = [0, 1, 2].map(read)
const row = (name, a, b) => {
  const instr = b.instr - a.instr
  const ll = b.ll - a.ll
  console.log(`| ${name} | ${(instr / b.changes).toFixed(0)} | ${(ll / b.changes).toFixed(2)} | ${(instr / b.frames).toFixed(0)} | ${(ll / b.frames).toFixed(1)} |`)
}
console.log(`${apply.frames} frames, ${apply.changes} level changes over ${process.argv[2]} books`)
console.log("| step | instructions a change | LL misses a change | instructions a frame | LL misses a frame |")
console.log("| --- | ---: | ---: | ---: | ---: |")
row("apply", scan, apply)
row("view(50)", apply, view)
' $out "$books"
