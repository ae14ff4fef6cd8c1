import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import type { BookLevel } from '../../lib/core/model.js'
import { Exchange } from '../../lib/sim/exchange.js'
import { ReferencePrice } from '../../lib/sim/reference-price.js'

const d = (x: string | number) => new Decimal(x)
const SYMBOL = 'BTC/USDT' as const

/** A random market like the simulators' BTC/USDT, on its own seed and tick. */
function market(seed: number, tick: string, referenceSeed: number | undefined) {
  const instrument = {
    venue: 'mock' as const,
    symbol: SYMBOL,
    venueSymbol: 'BTCUSDT',
    base: 'BTC',
    quote: 'USDT',
    tickSize: d(tick),
    lotSize: d('0.000001'),
    minSize: d('0.000001'),
    status: 'trading' as const,
  }
  return new Exchange(
    {
      id: 'mock',
      seed,
      now: () => 1_700_000_000_000,
      mode: 'random',
      levels: 100,
      changesPerStep: 1,
      referenceSeed,
      markets: new Map([[SYMBOL, { instrument, startPrice: d(65000), maxLevelSize: d(2), script: [] }]]),
      balances: {},
      makerFee: d(0),
      takerFee: d(0),
      historyLimit: 1000,
      postOnlyTaking: 'reject',
    },
    {
      trade: () => undefined,
      order: () => undefined,
      fill: () => undefined,
      balance: () => undefined,
      changed: () => undefined,
    },
  )
}

const top = (ex: Exchange) => {
  const { bids, asks } = ex.book(SYMBOL, 1)
  return { bid: (bids[0] as BookLevel).price, ask: (asks[0] as BookLevel).price }
}

describe('reference price', () => {
  it('two markets on one reference walk, with ticks of 0.1 and 0.01, cross each other in under 5% of 3 000 steps (96% on independent walks) while both move', () => {
    const a = market(42, '0.1', 42)
    const b = market(4242, '0.01', 42)
    let crossed = 0
    let lowest = d(65000)
    let highest = d(65000)
    for (let i = 0; i < 3000; i++) {
      a.step(SYMBOL)
      b.step(SYMBOL)
      const [x, y] = [top(a), top(b)]
      expect(x.bid.lt(x.ask) && y.bid.lt(y.ask), `each book is uncrossed at step ${i}`).to.equal(true)
      if (x.bid.gt(y.ask) || y.bid.gt(x.ask)) crossed++
      lowest = Decimal.min(lowest, x.bid)
      highest = Decimal.max(highest, x.ask)
    }
    expect(crossed / 3000).to.be.below(0.05)
    expect(crossed, 'a crossed pair of books still happens').to.be.greaterThan(0)
    expect(highest.minus(lowest).toNumber(), 'the market moved by more than its spread').to.be.above(2)
  })

  it('is the same walk for every venue, however their steps interleave', () => {
    const together = [market(1, '0.1', 9), market(2, '0.1', 9)]
    const apart = [market(1, '0.1', 9), market(2, '0.1', 9)]
    for (let i = 0; i < 400; i++) for (const ex of together) ex.step(SYMBOL)
    for (const ex of apart) for (let i = 0; i < 400; i++) ex.step(SYMBOL)
    expect(apart.map((ex) => ex.book(SYMBOL))).to.deep.equal(together.map((ex) => ex.book(SYMBOL)))
  })

  it('the fair price starts within a few millionths of the start price, and follows the same path for the same seeds', () => {
    const make = () =>
      new ReferencePrice({ referenceSeed: 5, venueSeed: 6, symbol: SYMBOL, startPrice: d(65000) })
    const [p, q] = [make(), make()]
    expect(p.fair().minus(65000).abs().toNumber()).to.be.below(0.01)
    const path: string[] = []
    for (let i = 0; i < 200; i++) {
      p.step()
      q.step()
      expect(q.fair().eq(p.fair())).to.equal(true)
      path.push(p.fair().toString())
    }
    expect(new Set(path).size, 'it moves').to.be.greaterThan(20)
  })
})
