/**
 * Binance spot as data: networks, capabilities, intervals.
 */
import type { CandleInterval } from '../../core/model.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'

/** Where one of Binance's spot networks answers. */
export interface BinanceUrls {
  readonly restUrl: string
  readonly wsUrl: string
  readonly wsApiUrl: string
}

export const MAINNET: BinanceUrls = {
  // https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-api-information
  restUrl: 'https://api.binance.com',
  // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
  wsUrl: 'wss://stream.binance.com:9443',
  // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api/general-api-information
  wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3',
}

export const TESTNET: BinanceUrls = {
  // https://developers.binance.com/docs/binance-spot-api-docs/testnet/general-info
  restUrl: 'https://testnet.binance.vision',
  // https://developers.binance.com/docs/binance-spot-api-docs/testnet/general-info
  wsUrl: 'wss://stream.testnet.binance.vision',
  // https://developers.binance.com/docs/binance-spot-api-docs/testnet/general-info
  wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
}

/**
 * Binance's kline interval names for each model interval (REST `interval`, stream `<s>@kline_<i>`):
 * the same spelling, case-sensitive (`1m` is a minute, `1M` a month).
 *
 * @example
 * `btcusdt@kline_${BINANCE_INTERVALS['1h']}` // 'btcusdt@kline_1h'
 */
export const BINANCE_INTERVALS: Readonly<Record<CandleInterval, string>> = Object.freeze({
  '1m': '1m',
  '3m': '3m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1h',
  '2h': '2h',
  '4h': '4h',
  '6h': '6h',
  '12h': '12h',
  '1d': '1d',
  '1w': '1w',
  '1M': '1M',
})

/**
 * What Binance spot trading offers through this driver.
 *
 * @example
 * BINANCE_TRADING_CAPABILITIES.quoteQuantityMarketOrders // true: market orders may spend a quote amount
 */
export const BINANCE_TRADING_CAPABILITIES: TradingCapabilities = Object.freeze({
  orderTypes: Object.freeze(['limit', 'market'] as const),
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK', 'PostOnly'] as const),
  quoteQuantityMarketOrders: true,
  amend: false,
  cancelAll: true,
  positions: false,
  privateStreams: Object.freeze({ orders: true, fills: true, balances: true }),
})

const INTERVALS = Object.freeze(Object.keys(BINANCE_INTERVALS) as CandleInterval[])

/**
 * What the Binance driver declares. Books are local books built from a REST snapshot and the diff
 * stream (no fixed depths): a depth asked of `orderBook$` sets the snapshot's size and cuts the views,
 * while the book itself is kept whole.
 *
 * @example
 * capabilityError(venue, { kind: 'trade-history' }) // undefined: supported (aggregate trades)
 */
export const BINANCE_CAPABILITIES: VenueCapabilities = Object.freeze({
  marketData: Object.freeze({
    book: true,
    trades: true,
    ticker: true,
    candleIntervals: INTERVALS,
  }),
  history: Object.freeze({ candleIntervals: INTERVALS, trades: true }),
  trading: BINANCE_TRADING_CAPABILITIES,
})

/**
 * The default largest REST response body of the Binance driver: 32 MiB. Binance's largest answers
 * are the full `exchangeInfo` (every spot symbol, trading or not, with its filters and permission
 * sets: an estimated 5 to 10 MB) and a depth snapshot of `limit=5000` (10 000 levels, about 0.3 MB).
 *
 * @example
 * createBinanceVenue({ maxBodyBytes: BINANCE_MAX_BODY_BYTES * 2 })
 */
export const BINANCE_MAX_BODY_BYTES = 32 * 1024 * 1024
