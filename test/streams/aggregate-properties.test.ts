import { expect } from 'chai'
import fc from 'fast-check'
import { Decimal } from '../../lib/core/decimal.js'
import type { BookLevel, VenueId } from '../../lib/core/model.js'
import {
  bestBidAsk,
  mergeBooks,
  type MarketPair,
  type MergedLevel,
  type PairState,
  type StaleReason,
} from '../../streams/aggregate/index.js'
import { pairState } from './aggregate-support.js'

// Random pairs with books on a coarse price grid (ticks of 0.5 around 200, sizes in thousandths), so
// equal prices across venues, before and after fees, are common. Each pair may be stale.

const PAIRS: readonly MarketPair[] = [
  ['bybit', 'BTC/USDT'],
  ['binance', 'BTC/USDT'],
  ['coinbase', 'BTC/USD'],
  ['mock', 'BTC/USDT'],
  ['prime', 'BTC/USD'],
]
const REASONS: readonly StaleReason[] = ['connecting', 'disconnected', 'resync', 'silent']
const HALF = new Decimal('0.5')

const offsets = fc.uniqueArray(fc.integer({ min: 1, max: 24 }), { maxLength: 12 })
// few distinct sizes, so ties on price and size happen too
const sizes = fc.array(
  fc.integer({ min: 1, max: 6 }).map((n) => n * 250),
  { minLength: 24, maxLength: 24 },
)
interface BookSpec {
  readonly mid: number
  readonly bids: readonly number[]
  readonly asks: readonly number[]
  readonly sizes: readonly number[]
  readonly stale: StaleReason | undefined
}
const bookArb: fc.Arbitrary<BookSpec> = fc.record({
  mid: fc.integer({ min: 395, max: 405 }),
  bids: offsets,
  asks: offsets,
  sizes,
  // about one pair in three stale
  stale: fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...REASONS) },
  ),
})

function toState(pair: MarketPair, b: BookSpec): PairState {
  let k = 0
  const level = (ticks: number): BookLevel => ({
    price: new Decimal(ticks).times(HALF),
    size: new Decimal(b.sizes[k++] ?? 1).div(1000),
  })
  const bids = [...b.bids].sort((x, y) => x - y).map((o) => level(b.mid - o))
  const asks = [...b.asks].sort((x, y) => x - y).map((o) => level(b.mid + o))
  return pairState(pair, bids, asks, { stale: b.stale })
}

const statesArb = fc
  .shuffledSubarray([...PAIRS], { minLength: 1 })
  .chain((pairs) =>
    fc.tuple(...pairs.map(() => bookArb)).map((books) => pairs.map((p, i) => toState(p, books[i]!))),
  )
const FEES = ['0', '0.001', '0.002', '-0.0005', '0.01'].map((f) => new Decimal(f))
const feesArb = fc.record(
  Object.fromEntries(PAIRS.map(([v]) => [v, fc.constantFrom(...FEES)])) as Record<
    VenueId,
    fc.Arbitrary<Decimal>
  >,
  { requiredKeys: [] },
)
const depthArb = fc.integer({ min: 1, max: 30 })

const fresh = (states: readonly PairState[]) => states.filter((s) => !s.stale)
const factor = (fees: Partial<Record<VenueId, Decimal>>, venue: VenueId, side: 'bids' | 'asks') =>
  side === 'bids' ? new Decimal(1).minus(fees[venue] ?? 0) : new Decimal(1).plus(fees[venue] ?? 0)

/** Every fresh pair's levels at `price` (adjusted), found by scanning the whole books. */
function levelsAt(
  states: readonly PairState[],
  fees: Partial<Record<VenueId, Decimal>>,
  side: 'bids' | 'asks',
  price: Decimal,
): { pair: MarketPair; level: BookLevel }[] {
  return fresh(states).flatMap((s) =>
    (s.book?.[side] ?? [])
      .filter((l) => l.price.times(factor(fees, s.pair[0], side)).eq(price))
      .map((level) => ({ pair: s.pair, level })),
  )
}

/** The reference merge: every adjusted price of every fresh pair, grouped, sorted, cut to depth. */
function referencePrices(
  states: readonly PairState[],
  fees: Partial<Record<VenueId, Decimal>>,
  side: 'bids' | 'asks',
  depth: number,
): string[] {
  const prices = new Map<string, Decimal>()
  for (const s of fresh(states)) {
    for (const l of s.book?.[side] ?? []) {
      const p = l.price.times(factor(fees, s.pair[0], side))
      prices.set(p.toString(), p)
    }
  }
  const sorted = [...prices.values()].sort((a, b) => (side === 'bids' ? b.cmp(a) : a.cmp(b)))
  return sorted.slice(0, depth).map((p) => p.toString())
}

const RUNS = { seed: 20240905, numRuns: 300 }

describe('aggregation properties', () => {
  it('the merged size at each price is the sum of the fresh venues’ sizes at that price', () => {
    fc.assert(
      fc.property(statesArb, feesArb, depthArb, (states, fees, depth) => {
        const merged = mergeBooks(states, { depth, fees }, 0)
        for (const side of ['bids', 'asks'] as const) {
          for (const level of merged[side]) {
            const parts = levelsAt(states, fees, side, level.price)
            const sum = parts.reduce((acc, p) => acc.plus(p.level.size), new Decimal(0))
            expect(level.size.eq(sum), `${side} ${level.price.toString()}`).to.equal(true)
            expect(
              level.venues.map((v) => `${v.venue}:${v.price.toString()}:${v.size.toString()}`),
            ).to.deep.equal(
              parts.map((p) => `${p.pair[0]}:${p.level.price.toString()}:${p.level.size.toString()}`),
            )
          }
        }
      }),
      RUNS,
    )
  })

  it('the merged levels are the best `depth` adjusted prices of the fresh venues, in order', () => {
    fc.assert(
      fc.property(statesArb, feesArb, depthArb, (states, fees, depth) => {
        const merged = mergeBooks(states, { depth, fees }, 0)
        const prices = (levels: readonly MergedLevel[]) => levels.map((l) => l.price.toString())
        expect(prices(merged.bids)).to.deep.equal(referencePrices(states, fees, 'bids', depth))
        expect(prices(merged.asks)).to.deep.equal(referencePrices(states, fees, 'asks', depth))
      }),
      RUNS,
    )
  })

  it('without fees, the merged book’s best prices are bestBidAsk’s', () => {
    fc.assert(
      fc.property(statesArb, depthArb, (states, depth) => {
        const merged = mergeBooks(states, { depth }, 0)
        const best = bestBidAsk(states, 0)
        for (const [level, price] of [
          [merged.bids[0], best.bid],
          [merged.asks[0], best.ask],
        ] as const) {
          expect(level?.price.toString()).to.equal(price?.price.toString())
          if (level !== undefined && price !== undefined) {
            expect(level.venues.map((v) => v.venue)).to.include(price.venue)
            expect(level.size.gte(price.size)).to.equal(true)
          }
        }
      }),
      RUNS,
    )
  })

  it('no level of a stale venue ever appears, and every pair is listed with its flag', () => {
    fc.assert(
      fc.property(statesArb, feesArb, depthArb, (states, fees, depth) => {
        const merged = mergeBooks(states, { depth, fees }, 0)
        const best = bestBidAsk(states, 0)
        const freshIds = new Set(fresh(states).map((s) => s.pair.join(' ')))
        const used = [...merged.bids, ...merged.asks].flatMap((l) =>
          l.venues.map((v) => `${v.venue} ${v.symbol}`),
        )
        for (const p of [best.bid, best.ask]) if (p) used.push(`${p.venue} ${p.symbol}`)
        for (const id of used) expect(freshIds.has(id), id).to.equal(true)
        for (const view of [merged.venues, best.venues]) {
          expect(view.map((q) => [q.venue, q.symbol, q.stale, q.staleReason])).to.deep.equal(
            states.map((s) => [s.pair[0], s.pair[1], s.stale, s.staleReason]),
          )
        }
      }),
      RUNS,
    )
  })

  it('bestBidAsk picks the best fresh price, then the largest size, then the earliest pair', () => {
    fc.assert(
      fc.property(statesArb, (states) => {
        const best = bestBidAsk(states, 0)
        for (const [side, better] of [
          ['bids', 1],
          ['asks', -1],
        ] as const) {
          const tops = fresh(states).flatMap((s, i) => {
            const top = s.book?.[side][0]
            return top ? [{ i, pair: s.pair, top }] : []
          })
          const chosen = side === 'bids' ? best.bid : best.ask
          if (tops.length === 0) {
            expect(chosen).to.equal(undefined)
            continue
          }
          const bestPrice = tops.reduce(
            (a, t) => (t.top.price.cmp(a) === better ? t.top.price : a),
            tops[0]!.top.price,
          )
          const atPrice = tops.filter((t) => t.top.price.eq(bestPrice))
          const maxSize = atPrice.reduce((a, t) => (t.top.size.gt(a) ? t.top.size : a), atPrice[0]!.top.size)
          const winner = atPrice.find((t) => t.top.size.eq(maxSize))!
          expect(chosen?.venue).to.equal(winner.pair[0])
          expect(chosen?.price.eq(bestPrice)).to.equal(true)
          expect(chosen?.size.eq(maxSize)).to.equal(true)
        }
      }),
      RUNS,
    )
  })
})
