/**
 * What the mock venue declares, as data: read without loading the matching engine.
 */
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'
import { MOCK_CANDLE_INTERVALS } from './candles.js'

export const MOCK_TRADING: TradingCapabilities = Object.freeze({
  orderTypes: Object.freeze(['limit', 'market'] as const),
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK', 'PostOnly'] as const),
  quoteQuantityMarketOrders: true,
  amend: false,
  cancelAll: true,
  positions: false,
  privateStreams: Object.freeze({ orders: true, fills: true, balances: true }),
})

/**
 * What the mock venue declares: everything but amending orders, positions, RFQ and custody. Book
 * streams take any depth (no `bookDepths`), candles every interval of {@link MOCK_CANDLE_INTERVALS}.
 * Every mock venue declares these, whatever its `id`, so capability checks behave the same in tests.
 *
 * @example
 * MOCK_CAPABILITIES.trading?.amend                            // false: `trading.amendOrder` is absent
 * createMockVenue({ id: 'bybit' }).capabilities === MOCK_CAPABILITIES // true
 */
export const MOCK_CAPABILITIES: VenueCapabilities = Object.freeze({
  marketData: Object.freeze({
    book: true,
    trades: true,
    ticker: true,
    candleIntervals: Object.freeze([...MOCK_CANDLE_INTERVALS]),
  }),
  history: Object.freeze({ candleIntervals: Object.freeze([...MOCK_CANDLE_INTERVALS]), trades: true }),
  trading: MOCK_TRADING,
})
