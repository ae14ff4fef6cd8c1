import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import type { BookLevel } from '../../lib/core/model.js'
import {
  mergeBooks,
  type MarketPair,
  type MergedLevel,
  type PairState,
  type StaleReason,
} from '../../streams/aggregate/index.js'
import { levels, pairState } from './aggregate-support.js'

const state = (pair: MarketPair, bids: BookLevel[], asks: BookLevel[], stale?: StaleReason) =>
  pairState(pair, bids, asks, { stale })

const levelText = (l: MergedLevel) =>
  `${l.price.toString()}x${l.size.toString()}(${l.venues
    .map((v) => `${v.venue} ${v.size.toString()}@${v.price.toString()}`)
    .join('+')})`
const sideText = (side: readonly MergedLevel[]) => side.map(levelText)

const BYBIT: MarketPair = ['bybit', 'BTC/USDT']
const BINANCE: MarketPair = ['binance', 'BTC/USDT']
const COINBASE: MarketPair = ['coinbase', 'BTC/USD']

describe('mergeBooks', () => {
  const three = [
    state(
      BYBIT,
      levels([
        ['100', '1'],
        ['99.5', '2'],
        ['99', '3'],
      ]),
      levels([
        ['101', '1'],
        ['102', '2'],
      ]),
    ),
    state(
      BINANCE,
      levels([
        ['100.0', '0.25'],
        ['99', '1'],
      ]),
      levels([
        ['100.5', '4'],
        ['102', '0.5'],
      ]),
    ),
    state(
      COINBASE,
      levels([['99.75', '7']]),
      levels([
        ['102.00', '1'],
        ['103', '1'],
      ]),
    ),
  ]

  it('sums sizes at equal prices, keeps each venue part in pair order, bids down and asks up', () => {
    const merged = mergeBooks(three, { depth: 10 }, 42)
    expect(sideText(merged.bids)).to.deep.equal([
      '100x1.25(bybit 1@100+binance 0.25@100)',
      '99.75x7(coinbase 7@99.75)',
      '99.5x2(bybit 2@99.5)',
      '99x4(bybit 3@99+binance 1@99)',
    ])
    expect(sideText(merged.asks)).to.deep.equal([
      '100.5x4(binance 4@100.5)',
      '101x1(bybit 1@101)',
      '102x3.5(bybit 2@102+binance 0.5@102+coinbase 1@102)',
      '103x1(coinbase 1@103)',
    ])
    expect(merged.at.getTime()).to.equal(42)
    expect(merged.venues.map((q) => q.venue)).to.deep.equal(['bybit', 'binance', 'coinbase'])
  })

  it('keeps the best `depth` levels a side', () => {
    const merged = mergeBooks(three, { depth: 2 }, 0)
    expect(sideText(merged.bids)).to.deep.equal([
      '100x1.25(bybit 1@100+binance 0.25@100)',
      '99.75x7(coinbase 7@99.75)',
    ])
    expect(sideText(merged.asks)).to.deep.equal(['100.5x4(binance 4@100.5)', '101x1(bybit 1@101)'])
  })

  it('leaves stale pairs out of the levels and keeps them, flagged, in venues', () => {
    const states = [three[0], { ...three[1], stale: true, staleReason: 'resync' }, three[2]] as PairState[]
    const merged = mergeBooks(states, { depth: 10 }, 0)
    const venuesSeen = [...merged.bids, ...merged.asks].flatMap((l) => l.venues.map((v) => v.venue))
    expect(venuesSeen).to.not.include('binance')
    expect(sideText(merged.bids)[0]).to.equal('100x1(bybit 1@100)')
    expect(merged.venues[1]).to.include({ venue: 'binance', stale: true, staleReason: 'resync' })
    expect(merged.venues[1]?.bid?.price.toString()).to.equal('100')
  })

  it('merges at fee-adjusted prices, exactly, and reports each venue its own price', () => {
    const merged = mergeBooks(
      [
        state(BYBIT, levels([['65000.1', '1']]), levels([['65000.2', '1']])),
        state(
          BINANCE,
          levels([
            ['65065.165165165165', '2'],
            ['65000', '1'],
          ]),
          levels([['64935.3', '3']]),
        ),
      ],
      { depth: 5, fees: { bybit: new Decimal('0.001'), binance: new Decimal('0.002') } },
      0,
    )
    // bids: bybit 65000.1 × 0.999 = 64935.0999; binance 65065.165165165165 × 0.998 = 64935.03483483483467
    expect(sideText(merged.bids)).to.deep.equal([
      '64935.0999x1(bybit 1@65000.1)',
      '64935.03483483483467x2(binance 2@65065.165165165165)',
      '64870x1(binance 1@65000)',
    ])
    // asks: bybit 65000.2 × 1.001 = 65065.2002; binance 64935.3 × 1.002 = 65065.1706
    expect(sideText(merged.asks)).to.deep.equal([
      '65065.1706x3(binance 3@64935.3)',
      '65065.2002x1(bybit 1@65000.2)',
    ])
  })

  it('sums levels that meet only after the fee', () => {
    const merged = mergeBooks(
      [
        state(BYBIT, levels([['99', '2']]), levels([['102.01', '1']])),
        state(BINANCE, levels([['100', '3']]), levels([['101', '2']])),
      ],
      { depth: 5, fees: { binance: new Decimal('0.01') } },
      0,
    )
    expect(sideText(merged.bids)).to.deep.equal(['99x5(bybit 2@99+binance 3@100)'])
    expect(sideText(merged.asks)).to.deep.equal(['102.01x3(bybit 1@102.01+binance 2@101)'])
  })

  it('takes a negative fee (a rebate) as a better price', () => {
    const merged = mergeBooks(
      [state(BYBIT, levels([['100', '1']]), levels([['100', '1']]))],
      { depth: 1, fees: { bybit: new Decimal('-0.001') } },
      0,
    )
    expect(merged.bids[0]?.price.toString()).to.equal('100.1')
    expect(merged.asks[0]?.price.toString()).to.equal('99.9')
  })

  it('applies only fees given for the venue itself, not ones its fee table inherits', () => {
    const inherited = Object.create({ bybit: new Decimal('0.5') }) as { bybit?: Decimal }
    const merged = mergeBooks(
      [state(BYBIT, levels([['100', '1']]), levels([['101', '1']]))],
      { depth: 1, fees: inherited },
      0,
    )
    expect([merged.bids[0]?.price.toString(), merged.asks[0]?.price.toString()]).to.deep.equal(['100', '101'])
  })

  it('reads no level beyond what the depth needs', () => {
    let reads = 0
    const counted = (prices: number[]): BookLevel[] =>
      prices.map((p) => {
        const price = new Decimal(p)
        const size = new Decimal(1)
        return {
          get price() {
            reads++
            return price
          },
          size,
        }
      })
    const deep = (from: number, step: number) => Array.from({ length: 200 }, (_, i) => from + i * step)
    const states = [
      state(BYBIT, counted(deep(1000, -2)), counted(deep(2000, 2))),
      state(BINANCE, counted(deep(999, -2)), counted(deep(2001, 2))),
    ]
    const merged = mergeBooks(states, { depth: 5 }, 0)
    expect(merged.bids.map((l) => l.price.toString())).to.deep.equal(['1000', '999', '998', '997', '996'])
    // each side: the levels taken (5) plus one head per pair, each read to adjust and to compare
    expect(reads).to.be.at.most(2 * (5 + 2) * 2)
  })

  it('rejects a depth that is not a positive integer, and a fee outside (-1, 1)', () => {
    for (const depth of [0, -1, 1.5, Number.NaN]) {
      expect(() => mergeBooks([], { depth }, 0))
        .to.throw(VenueError, 'depth must be a positive integer')
        .with.property('kind', 'invalid-request')
    }
    for (const fee of ['1', '-1', '2', 'NaN']) {
      const s = state(BYBIT, levels([['100', '1']]), [])
      expect(() => mergeBooks([s], { depth: 1, fees: { bybit: new Decimal(fee) } }, 0))
        .to.throw(VenueError, 'fee must be between -1 and 1')
        .with.property('kind', 'invalid-request')
    }
  })
})
