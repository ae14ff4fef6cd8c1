import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { CandleSeries } from '../../lib/sim/candle-series.js'

const base = { tickSize: new Decimal('0.1'), lotSize: new Decimal('0.001'), startPrice: new Decimal(50000) }
const HOUR = 3_600_000
const T = Date.UTC(2024, 1, 29, 13, 0, 0)

describe('CandleSeries', () => {
  it('is a pure function of seed, name and time', () => {
    const a = new CandleSeries({ ...base, seed: 1, name: 'X' })
    const b = new CandleSeries({ ...base, seed: 1, name: 'X' })
    const c = new CandleSeries({ ...base, seed: 1, name: 'Y' })
    expect(a.candle(HOUR, T, T + 10 * HOUR)).to.deep.equal(b.candle(HOUR, T, T + 10 * HOUR))
    expect(a.candle(HOUR, T, T + 10 * HOUR)?.close.eq(c.candle(HOUR, T, T + 10 * HOUR)!.close)).to.equal(
      false,
    )
  })

  it('a forming candle only widens and grows as time passes, and ends as the closed one', () => {
    const s = new CandleSeries({ ...base, seed: 3, name: 'X' })
    let prev = s.candle(HOUR, T, T)!
    expect(prev.closed).to.equal(false)
    for (let now = T + 60_000; now <= T + HOUR; now += 60_000) {
      const c = s.candle(HOUR, T, now)!
      expect(c.open.eq(prev.open)).to.equal(true)
      expect(c.volume.gte(prev.volume)).to.equal(true)
      prev = c
    }
    expect(prev.closed).to.equal(true)
    expect(prev.close.eq(s.candle(HOUR, T + HOUR, T + HOUR)!.open)).to.equal(true)
    expect(s.candle(HOUR, T + 2 * HOUR, T + HOUR), 'not open yet').to.equal(undefined)
  })

  it('aligns weeks to Monday and months to the first, in UTC', () => {
    const s = new CandleSeries({ ...base, seed: 3, name: 'X' })
    const week = s.start(7 * 24 * HOUR, T)
    expect(new Date(week).toISOString()).to.equal('2024-02-26T00:00:00.000Z')
    expect(new Date(s.start('month', T)).toISOString()).to.equal('2024-02-01T00:00:00.000Z')
    expect(new Date(s.next('month', s.start('month', T))).toISOString()).to.equal('2024-03-01T00:00:00.000Z')
    expect(new Date(s.previous('month', Date.UTC(2024, 0, 1))).toISOString()).to.equal(
      '2023-12-01T00:00:00.000Z',
    )
  })

  it('prices are whole ticks and volumes whole lots', () => {
    const s = new CandleSeries({ ...base, seed: 5, name: 'X' })
    for (let i = 0; i < 50; i++) {
      const c = s.candle(HOUR, T - i * HOUR, T)!
      for (const p of [c.open, c.high, c.low, c.close]) expect(p.mod(base.tickSize).isZero()).to.equal(true)
      expect(c.volume.mod(base.lotSize).isZero()).to.equal(true)
    }
  })

  it('once the market opens, history meets its start price and candles hold its own trades', () => {
    const s = new CandleSeries({ ...base, seed: 7, name: 'X' })
    const opened = T + 90_000
    s.begin(opened)
    const minute = 60_000
    // the candle the opening falls in ends at the start price; the one before is seeded and continuous
    expect(s.candle(minute, T + minute, opened)?.close.toString()).to.equal('50000')
    expect(s.candle(minute, T, opened)?.close.eq(s.candle(minute, T + minute, opened)!.open)).to.equal(true)
    const trades: Array<[number, string, string]> = [
      [opened + 1_000, '50010.5', '0.002'],
      [opened + 1_500, '49990', '0.001'],
      [opened + 40_000, '50100', '0.003'],
      [opened + 200_000, '50050.1', '0.001'],
    ]
    for (const [ms, price, size] of trades) s.record(ms, new Decimal(price), new Decimal(size))
    const now = opened + 300_000
    for (const [ms, price] of trades) {
      const c = s.candle(minute, s.start(minute, ms), now)!
      expect(c.low.lte(price) && c.high.gte(price), `${price} in [${c.low}, ${c.high}]`).to.equal(true)
    }
    const next = s.candle(minute, T + 2 * minute, now)!
    expect([next.open, next.high, next.low, next.close].map(String)).to.deep.equal([
      '49990',
      '50100',
      '49990',
      '50100',
    ])
    expect(next.volume.toString()).to.equal('0.003')
    // no trade in it: flat at the last price, no volume
    const quiet = s.candle(minute, T + 3 * minute, now)!
    expect([quiet.open, quiet.high, quiet.low, quiet.close, quiet.volume].map(String)).to.deep.equal([
      '50100',
      '50100',
      '50100',
      '50100',
      '0',
    ])
    expect(s.priceAt(now).toString()).to.equal('50050.1')
  })
})
