/**
 * Deterministic Bybit v5 `orderbook.<depth>.BTCUSDT` frames: one snapshot, then N deltas of 1–10 level
 * changes per side (about 11 a frame, 30% deletes with size `"0"`), prices like `"65000.12"`, sizes up
 * to 6 decimals, from a seeded PRNG. Byte-for-byte the frames of the reference generator
 * (shared/bench/gen-bybit-book.mjs, same seed and n); the walker works in integers (price in ticks of
 * 0.01, size in units of 1e-6) so the bytes depend only on the seed.
 *
 * As a program it writes the frames as NDJSON and prints their sha256:
 *
 * ```
 * node --import tsx bench/frames.ts [--n 200000] [--seed 1] [--levels 50] [--out FILE]
 * ```
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** A PRNG returning floats in [0, 1). */
export type Rng = () => number

function splitmix32(seed: number): () => number {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x9e3779b9) | 0
    let t = a ^ (a >>> 16)
    t = Math.imul(t, 0x21f0aaad)
    t = t ^ (t >>> 15)
    t = Math.imul(t, 0x735a2d97)
    return (t ^ (t >>> 15)) >>> 0
  }
}

/**
 * sfc32 seeded through splitmix32, first 16 outputs discarded.
 *
 * @example
 * const rng = makeRng(1)
 * rng() // the same float in [0, 1) on every run
 */
export function makeRng(seed: number): Rng {
  const sm = splitmix32(seed >>> 0)
  let a = sm()
  let b = sm()
  let c = sm()
  let d = sm()
  const next = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 16; i++) next()
  return next
}

/**
 * An integer in [lo, hi], inclusive.
 *
 * @example
 * randInt(makeRng(1), 1, 10) // 1..10
 */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1))
}

/**
 * Ticks of 0.01 as a price string: `6500012` → `"65000.12"`.
 *
 * @example
 * fmtPrice(6500012) // '65000.12'
 */
export function fmtPrice(ticks: number): string {
  return `${Math.floor(ticks / 100)}.${String(ticks % 100).padStart(2, '0')}`
}

/**
 * Units of 1e-6 as a trimmed size string: `1500000` → `"1.5"`, `0` → `"0"`.
 *
 * @example
 * fmtSize(12300) // '0.0123'
 */
export function fmtSize(units: number): string {
  const int = Math.floor(units / 1e6)
  const trimmed = String(units % 1e6)
    .padStart(6, '0')
    .replace(/0+$/, '')
  return trimmed.length ? `${int}.${trimmed}` : `${int}`
}

/** `[ticks, units]`; units 0 deletes. */
type Change = [number, number]

class WalkSide {
  readonly prices: number[] = [] // best first
  readonly sizes = new Map<number, number>()
  constructor(readonly isBid: boolean) {}
  get n(): number {
    return this.prices.length
  }
  get best(): number {
    return this.prices[0] as number
  }
  get worst(): number {
    return this.prices[this.prices.length - 1] as number
  }
  position(ticks: number): number {
    const p = this.prices
    let lo = 0
    let hi = p.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const at = p[mid] as number
      if (this.isBid ? at > ticks : at < ticks) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  set(ticks: number, units: number): void {
    if (!this.sizes.has(ticks)) this.prices.splice(this.position(ticks), 0, ticks)
    this.sizes.set(ticks, units)
  }
  remove(ticks: number): void {
    if (!this.sizes.has(ticks)) return
    this.sizes.delete(ticks)
    this.prices.splice(this.position(ticks), 1)
  }
  levels(): Change[] {
    return this.prices.map((t) => [t, this.sizes.get(t) as number])
  }
}

/**
 * A two-sided book of about `target` levels a side that, per step, changes 1–`maxChanges` distinct levels
 * per side (updates, inserts, deletes), never crossing, its mid wandering around `center` with a weak
 * pull back.
 *
 * @example
 * const w = new BookWalker(makeRng(1), { target: 50 })
 * const { bids, asks } = w.step() // [[ticks, units]], units 0 = delete
 */
export class BookWalker {
  readonly bids = new WalkSide(true)
  readonly asks = new WalkSide(false)
  private readonly center: number
  private readonly target: number
  private readonly maxChanges: number

  constructor(
    private readonly rng: Rng,
    {
      center = 6500000,
      target = 50,
      maxChanges = 10,
    }: { center?: number; target?: number; maxChanges?: number } = {},
  ) {
    this.center = center
    this.target = target
    this.maxChanges = maxChanges
    let bid = center - randInt(rng, 0, 1)
    let ask = bid + randInt(rng, 1, 3)
    for (let i = 0; i < target; i++) {
      this.bids.set(bid, this.randSize())
      this.asks.set(ask, this.randSize())
      bid -= randInt(rng, 1, 4)
      ask += randInt(rng, 1, 4)
    }
  }

  private randSize(): number {
    const r = this.rng()
    return 1 + Math.floor(r * r * r * 3000000)
  }

  /** Mid price in ticks. */
  mid(): number {
    return (this.bids.best + this.asks.best) / 2
  }

  /** One message's changes, in the order they were made; the walker's book is updated in place. */
  step(): { bids: Change[]; asks: Change[]; bidsFirst: boolean } {
    const nb = randInt(this.rng, 1, this.maxChanges)
    const na = randInt(this.rng, 1, this.maxChanges)
    if (this.rng() < 0.5) {
      const bids = this.stepSide(this.bids, this.asks, nb)
      const asks = this.stepSide(this.asks, this.bids, na)
      return { bids, asks, bidsFirst: true }
    }
    const asks = this.stepSide(this.asks, this.bids, na)
    const bids = this.stepSide(this.bids, this.asks, nb)
    return { bids, asks, bidsFirst: false }
  }

  private stepSide(side: WalkSide, other: WalkSide, k: number): Change[] {
    const rng = this.rng
    const touched = new Set<number>()
    const changes: Change[] = []
    let guard = 0
    while (changes.length < k && guard++ < 100) {
      const n = side.n
      let pIns: number
      let pDel: number
      if (n < this.target - 4) {
        pIns = 0.6
        pDel = 0.1
      } else if (n > this.target + 4) {
        pIns = 0.1
        pDel = 0.6
      } else {
        pIns = 0.3
        pDel = 0.3
      }
      const r = rng()
      if (r < pIns) {
        const t = this.pickInsert(side, other, touched)
        if (t === undefined) continue
        const u = this.randSize()
        side.set(t, u)
        touched.add(t)
        changes.push([t, u])
      } else if (r < pIns + pDel) {
        if (n <= 2) continue
        // half of the deletes drop the deepest level, the rest hit anywhere, more often near the top
        let idx: number
        if (rng() < 0.5) idx = n - 1
        else {
          const q = rng()
          idx = Math.floor(q * q * n)
        }
        const t = side.prices[idx] as number
        if (touched.has(t)) continue
        side.remove(t)
        touched.add(t)
        changes.push([t, 0])
      } else {
        const q = rng()
        const t = side.prices[Math.floor(q * q * n)] as number
        if (touched.has(t)) continue
        let u = this.randSize()
        if (u === side.sizes.get(t)) u += 1
        side.set(t, u)
        touched.add(t)
        changes.push([t, u])
      }
    }
    return changes
  }

  private pickInsert(side: WalkSide, other: WalkSide, touched: Set<number>): number | undefined {
    const rng = this.rng
    const dir = side.isBid ? 1 : -1
    const dev = (this.mid() - this.center) / (this.center * 0.002)
    let pImprove = 0.12 - dir * 0.06 * dev
    pImprove = Math.min(0.3, Math.max(0.02, pImprove))
    for (let attempt = 0; attempt < 8; attempt++) {
      let t: number
      const room = Math.abs(other.best - side.best) - 1
      if (room >= 1 && rng() < pImprove) {
        t = side.best + dir * randInt(rng, 1, Math.min(room, 5))
      } else {
        const span = Math.abs(side.worst - side.best)
        const q = rng()
        t = side.best - dir * (1 + Math.floor(Math.pow(q, 1.5) * (span + 10)))
      }
      if (t <= 0) continue
      if (side.isBid ? t >= other.best : t <= other.best) continue
      if (side.sizes.has(t) || touched.has(t)) continue
      return t
    }
    return undefined
  }
}

/** Options of {@link bybitBookFrames}. */
export interface FrameOptions {
  /** Deltas after the snapshot. Default 200 000. */
  readonly n?: number
  /** Default 1, the reference generator's. */
  readonly seed?: number
  /** Levels a side the walker keeps (±4), also the topic's depth. Default 50. */
  readonly levels?: number
}

/**
 * The text frames of one Bybit v5 order-book subscription: a snapshot, then `n` deltas with `u` + 1 each.
 *
 * @example
 * const [snapshot, ...deltas] = bybitBookFrames({ n: 1000 })
 * JSON.parse(snapshot).type // 'snapshot'
 */
export function bybitBookFrames(options: FrameOptions = {}): string[] {
  const n = options.n ?? 200_000
  const levels = options.levels ?? 50
  const rng = makeRng(options.seed ?? 1)
  const walker = new BookWalker(rng, { center: 6500000, target: levels, maxChanges: 10 })
  const topic = `orderbook.${levels}.BTCUSDT`
  let ts = 1700000000000
  let u = 18521288
  let seq = 7961638724
  const level = ([t, units]: Change): [string, string] => [fmtPrice(t), fmtSize(units)]
  const message = (type: string, bids: Change[], asks: Change[]): string =>
    JSON.stringify({
      topic,
      type,
      ts,
      data: { s: 'BTCUSDT', b: bids.map(level), a: asks.map(level), u, seq },
      cts: ts - randInt(rng, 1, 5),
    })
  const out = [message('snapshot', walker.bids.levels(), walker.asks.levels())]
  for (let i = 0; i < n; i++) {
    ts += randInt(rng, 15, 25)
    u += 1
    seq += randInt(rng, 1, 60)
    const { bids, asks } = walker.step()
    bids.sort((x, y) => y[0] - x[0])
    asks.sort((x, y) => x[0] - y[0])
    out.push(message('delta', bids, asks))
  }
  return out
}

function main(argv: readonly string[]): void {
  const opts: Record<string, string> = { n: '200000', seed: '1', levels: '50', out: '' }
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error(`usage: --n N --seed S --levels L --out FILE`)
    opts[key] = argv[i + 1] as string
  }
  const frames = bybitBookFrames({ n: Number(opts.n), seed: Number(opts.seed), levels: Number(opts.levels) })
  const text = frames.join('\n') + '\n'
  if (opts.out) writeFileSync(opts.out, text)
  const sha256 = createHash('sha256').update(text).digest('hex')
  console.log(JSON.stringify({ lines: frames.length, bytes: Buffer.byteLength(text), sha256 }))
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2))
}
