/**
 * What the mock venue declares, as data: read without loading the matching engine.
 */
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'
import { CANDLE_INTERVAL_MS, type FixedCandleInterval } from '../../core/candle-time.js'
import { spotTrading } from '../kit/capabilities.js'

/**
 * The fixed-length intervals the mock aggregates (calendar months are left out).
 *
 * @example
 * const interval: MockCandleInterval = '5m'
 * mock.candles$('BTC/USDT', interval).subscribe(console.log)
 */
export type MockCandleInterval = FixedCandleInterval

/**
 * The intervals the mock venue streams and pages: every fixed-length one, `1m` to `1w`.
 *
 * @example
 * // one page of every interval, e.g. to check a chart of each
 * MOCK_CANDLE_INTERVALS.map((interval) => mock.candleHistory('BTC/USDT', { interval, from, to }))
 */
export const MOCK_CANDLE_INTERVALS = Object.keys(CANDLE_INTERVAL_MS) as MockCandleInterval[]

/** The mock's order entry: the common spot one. */
export const MOCK_TRADING: TradingCapabilities = spotTrading()

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
