/**
 * Deterministic Binance spot diff-depth frames (`btcusdt@depth@100ms` `depthUpdate` events) and the REST
 * depth snapshot (`GET /api/v3/depth`) that fits them, byte-for-byte those of the reference generator
 * (shared/bench/gen-binance-depth.mjs, same seed, n and snapshotAt). The walker is bench/frames.ts's.
 *
 * The stream starts before the snapshot, as for a client that subscribes first and fetches afterwards:
 * frames 0..S-1 end at or before the snapshot's `lastUpdateId`, frame S straddles it (the snapshot already
 * holds the first of its changes, harmless on replay since every level carries its absolute size), and
 * every later frame has `U` = the previous `u` + 1. Each frame changes 1–10 levels a side (about 11 in
 * all, 30% deletes with size `"0.00000000"`), prices and sizes with 8 decimals.
 *
 * As a program it writes the frames as NDJSON (and `<out without .ndjson>.snapshot.json`) and prints
 * their sha256:
 *
 * ```
 * node --import tsx bench/binance-frames.ts [--n 200000] [--seed 3] [--snapshotAt 5] [--out FILE]
 * ```
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { BookWalker, makeRng, randInt } from './frames.js'

/** `[ticks, units]`; units 0 deletes. */
type Change = [number, number]

/**
 * Ticks of 0.01 as a price with 8 decimals: `6500012` → `"65000.12000000"`.
 *
 * @example
 * binancePrice(6500012) // '65000.12000000'
 */
export function binancePrice(ticks: number): string {
  return `${Math.floor(ticks / 100)}.${String(ticks % 100).padStart(2, '0')}000000`
}

/**
 * Units of 1e-6 as a size with 8 decimals: `1500000` → `"1.50000000"`, `0` → `"0.00000000"`.
 *
 * @example
 * binanceSize(12300) // '0.01230000'
 */
export function binanceSize(units: number): string {
  return `${Math.floor(units / 1e6)}.${String(units % 1e6).padStart(6, '0')}00`
}

/** Options of {@link binanceDepthFrames}. */
export interface BinanceFrameOptions {
  /** Frames. Default 200 000. */
  readonly n?: number
  /** Default 3, the reference generator's. */
  readonly seed?: number
  /** The frame that straddles the snapshot's `lastUpdateId`, in [0, n). Default 5. */
  readonly snapshotAt?: number
}

/** A `[price, size]` level as Binance sends it. */
export type BinanceLevelText = [string, string]

/** What {@link binanceDepthFrames} makes. */
export interface BinanceDepthFrames {
  /** The `depthUpdate` events, one JSON text each, as the raw stream sends them. */
  readonly frames: string[]
  /** The REST depth snapshot's JSON text. */
  readonly snapshot: string
  readonly lastUpdateId: number
  /** `u` of the last frame. */
  readonly lastU: number
  /** Level changes over all frames, and how many of them delete. */
  readonly changes: number
  readonly deletes: number
  /** The generator's own book after the last frame, best first: what a correct client must hold. */
  readonly final: { readonly bids: BinanceLevelText[]; readonly asks: BinanceLevelText[] }
}

const level = ([t, units]: Change): BinanceLevelText => [binancePrice(t), binanceSize(units)]

/**
 * The frames of one `btcusdt@depth@100ms` stream and the REST snapshot taken while frame `snapshotAt`
 * accumulated.
 *
 * @example
 * const { frames, snapshot } = binanceDepthFrames({ n: 1000 })
 * JSON.parse(frames[0]).e // 'depthUpdate'
 * JSON.parse(snapshot).lastUpdateId
 */
export function binanceDepthFrames(options: BinanceFrameOptions = {}): BinanceDepthFrames {
  const n = options.n ?? 200_000
  const snapshotAt = options.snapshotAt ?? 5
  if (!(snapshotAt >= 0 && snapshotAt < n)) throw new RangeError('snapshotAt must be in [0, n)')
  const rng = makeRng(options.seed ?? 3)
  const walker = new BookWalker(rng, { center: 6500000, target: 50, maxChanges: 10 })
  let E = 1700000000000
  let nextU = 40000000001
  let changes = 0
  let deletes = 0
  let snapshot = ''
  let lastUpdateId = 0
  const frames: string[] = []
  for (let i = 0; i < n; i++) {
    E += randInt(rng, 99, 102)
    const before =
      i === snapshotAt ? { bids: new Map(walker.bids.sizes), asks: new Map(walker.asks.sizes) } : undefined
    const { bids, asks, bidsFirst } = walker.step()
    // the order the engine made the changes in, before the sort: the snapshot holds a prefix of it
    const ordered: (readonly [Map<number, number>, Change])[] | undefined =
      before === undefined
        ? undefined
        : bidsFirst
          ? [...bids.map((c) => [before.bids, c] as const), ...asks.map((c) => [before.asks, c] as const)]
          : [...asks.map((c) => [before.asks, c] as const), ...bids.map((c) => [before.bids, c] as const)]
    bids.sort((x, y) => y[0] - x[0])
    asks.sort((x, y) => x[0] - y[0])
    const count = bids.length + asks.length
    changes += count
    for (const c of bids) if (c[1] === 0) deletes++
    for (const c of asks) if (c[1] === 0) deletes++
    const U = nextU
    // a 100 ms diff aggregates several engine updates: u - U + 1 >= the levels it changes
    const u = U + count - 1 + randInt(rng, 0, 3)
    nextU = u + 1
    frames.push(
      JSON.stringify({ e: 'depthUpdate', E, s: 'BTCUSDT', U, u, b: bids.map(level), a: asks.map(level) }),
    )
    if (before !== undefined && ordered !== undefined) {
      lastUpdateId = U - 1 + randInt(rng, 0, u - U)
      const applied = Math.floor((ordered.length * (lastUpdateId - (U - 1))) / (u - U + 1))
      for (let j = 0; j < applied; j++) {
        const [side, [t, units]] = ordered[j] as readonly [Map<number, number>, Change]
        if (units === 0) side.delete(t)
        else side.set(t, units)
      }
      const sb = [...before.bids].sort((x, y) => y[0] - x[0])
      const sa = [...before.asks].sort((x, y) => x[0] - y[0])
      snapshot = JSON.stringify({ lastUpdateId, bids: sb.map(level), asks: sa.map(level) })
    }
  }
  return {
    frames,
    snapshot,
    lastUpdateId,
    lastU: nextU - 1,
    changes,
    deletes,
    final: { bids: walker.bids.levels().map(level), asks: walker.asks.levels().map(level) },
  }
}

function main(argv: readonly string[]): void {
  const opts: Record<string, string> = { n: '200000', seed: '3', snapshotAt: '5', out: '' }
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined) {
      throw new Error(`usage: --n N --seed S --snapshotAt K --out FILE`)
    }
    opts[key] = argv[i + 1] as string
  }
  const made = binanceDepthFrames({
    n: Number(opts.n),
    seed: Number(opts.seed),
    snapshotAt: Number(opts.snapshotAt),
  })
  const text = made.frames.join('\n') + '\n'
  if (opts.out) {
    writeFileSync(opts.out, text)
    writeFileSync((opts.out as string).replace(/\.ndjson$/, '') + '.snapshot.json', made.snapshot)
  }
  const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')
  console.log(
    JSON.stringify({
      lines: made.frames.length,
      bytes: Buffer.byteLength(text),
      sha256: sha256(text),
      snapshotSha256: sha256(made.snapshot),
      lastUpdateId: made.lastUpdateId,
      lastu: made.lastU,
      levelChanges: made.changes,
      deletes: made.deletes,
    }),
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2))
}
