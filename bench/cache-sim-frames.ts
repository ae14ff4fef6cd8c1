/**
 * Writes the frames `cache-sim.sh` replays: `--books` Bybit `orderbook.50` streams of one snapshot and
 * `--deltas` deltas each (seeds 1..books, as `books-interleaved.ts`), as one JSON array of arrays.
 *
 * ```
 * node --import tsx bench/cache-sim-frames.ts --books 1000 --deltas 40 --out .bench-out/cache-sim-frames.json
 * ```
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { bybitBookFrames } from './frames.js'

const args = process.argv.slice(2)
const arg = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback
}
const books = Number(arg('books', '1000'))
const deltas = Number(arg('deltas', '40'))
const out = arg('out', '.bench-out/cache-sim-frames.json')
const streams: string[][] = []
for (let i = 0; i < books; i++) streams.push(bybitBookFrames({ n: deltas, seed: i + 1 }))
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, JSON.stringify(streams))
