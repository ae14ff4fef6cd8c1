/**
 * Cross-venue book merge throughput (`mergeBooks` of streams/aggregate).
 *
 * ```
 * node --import tsx bench/merge.ts [--ms 1000] [--rounds 5]
 * ```
 *
 * Books are generated once (seeded): each venue quotes on a 0.1 tick grid around 65 000 with random gaps,
 * so many prices meet across venues; their Decimals are built beforehand, as a book view's are after its
 * first read. Each case runs for `--ms` per round after a warm-up; the median round is printed, with the
 * same merge done by sorting every level (a Map by price, then a sort) as the yardstick. Both are checked
 * to give the same book before timing.
 */
import { Decimal } from '../lib/core/decimal.js'
import type { BookLevel, OrderBook, VenueId } from '../lib/core/model.js'
import { mergeBooks, type MergedLevel, type PairState } from '../streams/aggregate/index.js'
import { intOption } from './int-option.js'

const MS = intOption('ms', 1000)
const ROUNDS = intOption('rounds', 5)

/** mulberry32: reproducible books. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const VENUES: readonly VenueId[] = ['bybit', 'binance', 'coinbase', 'prime', 'mock']
const TICK = new Decimal('0.1')

function side(random: () => number, from: number, direction: 1 | -1, levels: number): BookLevel[] {
  const out: BookLevel[] = []
  let ticks = from
  for (let i = 0; i < levels; i++) {
    ticks += direction * (1 + Math.floor(random() * 3))
    const size = new Decimal(1 + Math.floor(random() * 200_000)).div(100_000)
    out.push({ price: new Decimal(ticks).times(TICK), size })
  }
  return out
}

function states(venues: number, levels: number, seed: number): PairState[] {
  const random = seeded(seed)
  return VENUES.slice(0, venues).map((venue) => {
    const mid = 650_000 + Math.floor(random() * 6) - 3
    const book: OrderBook = {
      venue,
      symbol: 'BTC/USDT',
      bids: side(random, mid, -1, levels),
      asks: side(random, mid, 1, levels),
      timestamp: new Date(0),
      rawTimestamp: 0,
    }
    return { pair: [venue, 'BTC/USDT'], book, stale: false, staleReason: undefined, lastBookAt: 0 }
  })
}

/** The yardstick: every level of every book by adjusted price in a Map, sorted, then cut. */
function mergeBySorting(
  all: readonly PairState[],
  depth: number,
  fees: Partial<Record<VenueId, Decimal>>,
): { bids: MergedLevel[]; asks: MergedLevel[] } {
  const one = new Decimal(1)
  const merge = (which: 'bids' | 'asks'): MergedLevel[] => {
    const byPrice = new Map<
      string,
      { price: Decimal; size: Decimal; venues: MergedLevel['venues'][number][] }
    >()
    for (const s of all) {
      const fee = fees[s.pair[0]]
      const factor = fee === undefined ? undefined : which === 'bids' ? one.minus(fee) : one.plus(fee)
      for (const l of s.book?.[which] ?? []) {
        const price = factor === undefined ? l.price : l.price.times(factor)
        const key = price.toString()
        const part = { venue: s.pair[0], symbol: s.pair[1], price: l.price, size: l.size }
        const found = byPrice.get(key)
        if (found === undefined) byPrice.set(key, { price, size: l.size, venues: [part] })
        else {
          found.size = found.size.plus(l.size)
          found.venues.push(part)
        }
      }
    }
    const sorted = [...byPrice.values()].sort((a, b) =>
      which === 'bids' ? b.price.cmp(a.price) : a.price.cmp(b.price),
    )
    return sorted.slice(0, depth)
  }
  return { bids: merge('bids'), asks: merge('asks') }
}

const text = (levels: readonly MergedLevel[]) =>
  levels.map((l) => `${l.price.toString()}x${l.size.toString()}/${l.venues.length}`).join(' ')

/** Merges per second over one round of MS milliseconds. */
function rate(run: () => unknown): number {
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < MS) {
    for (let i = 0; i < 100; i++) run()
    n += 100
    elapsed = performance.now() - start
  }
  return (n / elapsed) * 1000
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

interface Case {
  readonly name: string
  readonly states: PairState[]
  readonly depth: number
  readonly fees: Partial<Record<VenueId, Decimal>>
}

const fees = { bybit: new Decimal('0.001'), binance: new Decimal('0.001'), coinbase: new Decimal('0.006') }
const cases: Case[] = [
  { name: '2 x 50 levels, depth 20', states: states(2, 50, 1), depth: 20, fees: {} },
  { name: '2 x 50 levels, depth 20, fees', states: states(2, 50, 1), depth: 20, fees },
  { name: '5 x 200 levels, depth 50', states: states(5, 200, 2), depth: 50, fees: {} },
  { name: '5 x 200 levels, depth 50, fees', states: states(5, 200, 2), depth: 50, fees },
]

console.log(`node ${process.version}, ${MS} ms x ${ROUNDS} rounds, median merges/s`)
for (const c of cases) {
  const merged = mergeBooks(c.states, { depth: c.depth, fees: c.fees }, 0)
  const sorted = mergeBySorting(c.states, c.depth, c.fees)
  if (text(merged.bids) !== text(sorted.bids) || text(merged.asks) !== text(sorted.asks)) {
    throw new Error(`${c.name}: mergeBooks and the sorting merge disagree`)
  }
  const shared = merged.bids.filter((l) => l.venues.length > 1).length
  const walk = () => mergeBooks(c.states, { depth: c.depth, fees: c.fees }, 0)
  const sort = () => mergeBySorting(c.states, c.depth, c.fees)
  rate(walk)
  rate(sort)
  const walks: number[] = []
  const sorts: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    walks.push(rate(walk))
    sorts.push(rate(sort))
  }
  const w = median(walks)
  const s = median(sorts)
  console.log(
    `${c.name.padEnd(32)} mergeBooks ${Math.round(w).toLocaleString('en-US').padStart(9)}/s` +
      `   sort-everything ${Math.round(s).toLocaleString('en-US').padStart(8)}/s   x${(w / s).toFixed(1)}` +
      `   (${shared}/${c.depth} bid levels shared)`,
  )
}
