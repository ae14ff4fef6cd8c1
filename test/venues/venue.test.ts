import { expect } from 'chai'
import { NEVER } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import { createMockVenue, MOCK_CAPABILITIES } from '../../lib/venues/mock/index.js'
import {
  capabilityError,
  capabilityMismatches,
  hasCustody,
  hasRfq,
  hasTrading,
  unsupported,
  type CapabilityNeed,
  type Venue,
  type VenueCapabilities,
  type VenueTrading,
} from '../../lib/venues/contract/index.js'
import { d } from './support.js'

const trading: VenueTrading = {
  placeOrder: () => NEVER,
  cancelOrder: () => NEVER,
  getOrder: () => NEVER,
  openOrders: () => NEVER,
  orderUpdates$: () => NEVER,
  fills$: () => NEVER,
  balances: () => NEVER,
  balanceUpdates$: () => NEVER,
}

const SPOT: VenueCapabilities = {
  marketData: {
    book: true,
    bookDepths: [1, 50, 200],
    trades: true,
    ticker: true,
    candleIntervals: ['1m', '1h'],
  },
  history: { candleIntervals: ['1m', '1h', '1d'], trades: false },
  trading: {
    orderTypes: ['limit', 'market'],
    timeInForce: ['GTC', 'IOC'],
    quoteQuantityMarketOrders: false,
    amend: true,
    cancelAll: false,
    positions: false,
    privateStreams: { orders: true, fills: true, balances: false },
  },
}

/** A driver shell declaring `capabilities`, with or without a trading surface. */
function fake(capabilities: VenueCapabilities, surface?: VenueTrading): Venue {
  return {
    id: 'bybit',
    capabilities,
    instruments: () => NEVER,
    bookChanges$: () => NEVER,
    trades$: () => NEVER,
    ticker$: () => NEVER,
    candles$: () => NEVER,
    candleHistory: () => NEVER,
    tradeHistory: () => NEVER,
    trading: surface,
    events$: NEVER,
    close: () => Promise.resolve(),
  }
}

const refusal = (venue: Venue, need: CapabilityNeed) => {
  const e = capabilityError(venue, need)
  return e === undefined ? 'ok' : `${e.kind}: ${e.message}`
}

describe('venue contract', () => {
  it('refuses what a venue does not declare, naming the venue and the feature', () => {
    const bybit = fake(SPOT, { ...trading, amendOrder: () => NEVER })
    const cases: [CapabilityNeed, string][] = [
      [{ kind: 'book' }, 'ok'],
      [{ kind: 'book', depth: 50 }, 'ok'],
      // a depth between those of the venue's topics is served from the next deeper one, cut
      [{ kind: 'book', depth: 20 }, 'ok'],
      [
        { kind: 'book', depth: 201 },
        'invalid-request: bybit does not support book depth 201: depth must be a whole number from 1 to 200 (served from its 1, 50, 200 level books)',
      ],
      [{ kind: 'candles', interval: '1h' }, 'ok'],
      [{ kind: 'candles', interval: '5m' }, 'invalid-request: bybit does not support live 5m candles'],
      [{ kind: 'candle-history', interval: '1d' }, 'ok'],
      [{ kind: 'trade-history' }, 'invalid-request: bybit does not support trade history'],
      [{ kind: 'order', request: { type: 'limit', timeInForce: 'IOC' } }, 'ok'],
      [
        { kind: 'order', request: { type: 'limit', timeInForce: 'FOK' } },
        'invalid-request: bybit does not support time in force FOK',
      ],
      [{ kind: 'order', request: { type: 'market', timeInForce: 'FOK' } }, 'ok'],
      [
        { kind: 'order', request: { type: 'market', quoteQuantity: d('10') } },
        'invalid-request: bybit does not support orders by quote quantity',
      ],
      [{ kind: 'amend' }, 'ok'],
      [{ kind: 'cancel-all' }, 'invalid-request: bybit does not support cancel-all'],
      [
        { kind: 'private-stream', stream: 'balances' },
        'invalid-request: bybit does not support private balances streams',
      ],
      [{ kind: 'rfq' }, 'invalid-request: bybit does not support rfq'],
      [{ kind: 'custody' }, 'invalid-request: bybit does not support custody'],
    ]
    for (const [need, expected] of cases)
      expect(refusal(bybit, need), JSON.stringify(need)).to.equal(expected)
  })

  it('tells a missing feature from missing credentials', () => {
    const publicOnly = fake(SPOT)
    expect(refusal(publicOnly, { kind: 'book' })).to.equal('ok')
    expect(refusal(publicOnly, { kind: 'trading' })).to.equal('auth: bybit trading needs credentials')
    expect(refusal(publicOnly, { kind: 'order', request: { type: 'limit' } })).to.equal(
      'auth: bybit trading needs credentials',
    )
    const marketDataOnly = fake({ ...SPOT, trading: undefined })
    expect(refusal(marketDataOnly, { kind: 'order', request: { type: 'limit' } })).to.equal(
      'invalid-request: bybit does not support trading',
    )
    expect(hasTrading(publicOnly)).to.equal(false)
  })

  it('refuses a depth that is not a positive integer, even where any depth is accepted', () => {
    const mock = createMockVenue()
    expect(refusal(mock, { kind: 'book', depth: 7 })).to.equal('ok')
    expect(refusal(mock, { kind: 'book', depth: 0 })).to.match(
      /^invalid-request: mock does not support book depth 0/,
    )
    expect(refusal(mock, { kind: 'book', depth: 1.5 })).to.match(/book depth 1.5/)
  })

  it('finds optional members that disagree with the declared capabilities', () => {
    expect(capabilityMismatches(fake(SPOT, trading))).to.deep.equal([
      'trading.amendOrder is declared but missing',
    ])
    expect(
      capabilityMismatches(fake(SPOT, { ...trading, amendOrder: () => NEVER, cancelAllOrders: () => NEVER })),
    ).to.deep.equal(['trading.cancelAllOrders is present but not declared'])
    expect(capabilityMismatches(fake({ ...SPOT, trading: undefined }, trading))).to.deep.equal([
      'trading is present but not declared',
    ])
  })

  it('the mock declares what it implements, and refuses the rest at subscription', () => {
    const mock = createMockVenue()
    expect(capabilityMismatches(mock)).to.deep.equal([])
    expect(mock.capabilities).to.equal(MOCK_CAPABILITIES)
    expect(Object.isFrozen(MOCK_CAPABILITIES.trading)).to.equal(true)
    expect([hasTrading(mock), hasRfq(mock), hasCustody(mock)]).to.deep.equal([true, false, false])
    expect(mock.trading.amendOrder).to.equal(undefined)
    const errors: VenueError[] = []
    const monthly = mock.candles$('BTC/USDT', '1M')
    expect(errors).to.deep.equal([])
    monthly.subscribe({ error: (e: VenueError) => errors.push(e) })
    mock.candleHistory('BTC/USDT', { interval: '1M', from: new Date(0), to: new Date(1) }).subscribe({
      error: (e: VenueError) => errors.push(e),
    })
    mock.bookChanges$('BTC/USDT', { depth: -1 }).subscribe({ error: (e: VenueError) => errors.push(e) })
    expect(errors.map((e) => `${e.kind}: ${e.message}`)).to.deep.equal([
      'invalid-request: mock does not support live 1M candles',
      'invalid-request: mock does not support 1M candle history',
      'invalid-request: mock does not support book depth -1: depth must be a whole number > 0',
    ])
  })

  it('unsupported makes a non-retryable invalid-request error', () => {
    const e = unsupported('falconx', 'order book streams')
    expect(e).to.be.instanceOf(VenueError)
    expect([e.kind, e.retryable, e.venue, e.message]).to.deep.equal([
      'invalid-request',
      false,
      'falconx',
      'falconx does not support order book streams',
    ])
  })
})
