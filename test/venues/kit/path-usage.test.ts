import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Instrument } from '../../../lib/core/model.js'
import type { UsageReport } from '../../../lib/transport/rate-limit.js'
import { jsonBody, observePathUsage, pathCost } from '../../../lib/venues/kit/path-usage.js'
import { checkAmendment } from '../../../lib/venues/kit/trading/amendment.js'

const spec = {
  rateWindows: [
    { id: 'orders-1s', metric: 'orders', limit: 20, intervalMs: 1000 },
    { id: 'ip-5s', limit: 600, intervalMs: 5000 },
  ],
  pathWindows: { '/order/create': 'orders-1s', '/time': 'ip-5s' },
}

describe('kit path usage', () => {
  it('prices a request by its path window, and not at all without one', () => {
    expect(pathCost(spec, '/order/create')).to.deep.equal({ orders: 1 })
    expect(pathCost(spec, '/time')).to.deep.equal({ weight: 1 })
    expect(pathCost(spec, '/market/tickers')).to.equal(undefined)
  })

  it("feeds a path's usage into its window; the reset counts only once the window is exhausted", () => {
    const seen: UsageReport[] = []
    const limiter = { observeUsage: (r: UsageReport) => void seen.push(r) }
    observePathUsage(limiter, spec, '/order/create', { remaining: 15, limit: 20, resetAt: 900 }, 1000)
    observePathUsage(limiter, spec, '/order/create', { remaining: 0, limit: 20, resetAt: 1500 }, 1000)
    observePathUsage(limiter, spec, '/order/create', { remaining: 0, limit: 20, resetAt: 999 }, 1000)
    observePathUsage(limiter, spec, '/order/create', { remaining: undefined, limit: 20, resetAt: 1500 }, 1000)
    observePathUsage(limiter, spec, '/order/create', { remaining: 3, limit: 0, resetAt: undefined }, 1000)
    observePathUsage(limiter, spec, '/market/tickers', { remaining: 1, limit: 20, resetAt: undefined }, 1000)
    expect(seen).to.deep.equal([
      { window: 'orders-1s', used: 5, limit: 20, resetAt: undefined, at: 1000 },
      { window: 'orders-1s', used: 20, limit: 20, resetAt: 1500, at: 1000 },
      { window: 'orders-1s', used: 20, limit: 20, resetAt: undefined, at: 1000 },
    ])
  })

  it('reads a JSON body of the expected shape, and nothing else', () => {
    const isHead = (v: unknown): v is { retCode: number } =>
      typeof v === 'object' && v !== null && typeof (v as { retCode?: unknown }).retCode === 'number'
    expect(jsonBody('{"retCode":10002}', isHead)).to.deep.equal({ retCode: 10002 })
    expect([jsonBody('<html>', isHead), jsonBody('{"code":1}', isHead)]).to.deep.equal([undefined, undefined])
  })
})

describe('kit checkAmendment', () => {
  const d = (s: string) => new Decimal(s)
  const instrument: Instrument = {
    venue: 'bybit',
    symbol: 'BTC/USDT',
    venueSymbol: 'BTCUSDT',
    base: 'BTC',
    quote: 'USDT',
    tickSize: d('0.1'),
    lotSize: d('0.001'),
    minSize: d('0.001'),
    status: 'trading',
  }

  it('checks the new price and quantity by the instrument', () => {
    const checked = checkAmendment('bybit', { price: d('15601.5'), quantity: d('0.002') }, instrument)
    expect([checked.price?.toFixed(), checked.quantity?.toFixed()]).to.deep.equal(['15601.5', '0.002'])
    expect(checkAmendment('bybit', { price: d('1') }, instrument)).to.have.keys('price')
  })

  it('refuses an amendment that changes nothing or breaks a rule', () => {
    expect(() => checkAmendment('bybit', {}, instrument))
      .to.throw(VenueError, 'amendment of a BTC/USDT order refused before sending: nothing to change')
      .with.property('kind', 'invalid-request')
    expect(() => checkAmendment('bybit', { price: d('1.05') }, instrument)).to.throw(VenueError, 'tick size')
  })
})
