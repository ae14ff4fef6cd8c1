/**
 * Bybit v5 spot as data: networks, capabilities, intervals, book depths.
 */
import type { CandleInterval } from '../../core/model.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'

/** Where one of Bybit's networks answers. */
export interface BybitUrls {
  readonly restUrl: string
  readonly wsUrl: string
  readonly privateWsUrl: string
}

export const MAINNET: BybitUrls = {
  // https://bybit-exchange.github.io/docs/v5/guide
  restUrl: 'https://api.bybit.com',
  // https://bybit-exchange.github.io/docs/v5/ws/connect
  wsUrl: 'wss://stream.bybit.com/v5/public/spot',
  // https://bybit-exchange.github.io/docs/v5/ws/connect
  privateWsUrl: 'wss://stream.bybit.com/v5/private',
}

export const TESTNET: BybitUrls = {
  // https://bybit-exchange.github.io/docs/v5/guide
  restUrl: 'https://api-testnet.bybit.com',
  // https://bybit-exchange.github.io/docs/v5/ws/connect
  wsUrl: 'wss://stream-testnet.bybit.com/v5/public/spot',
  // https://bybit-exchange.github.io/docs/v5/ws/connect
  privateWsUrl: 'wss://stream-testnet.bybit.com/v5/private',
}

export const DEMO: BybitUrls = {
  // https://bybit-exchange.github.io/docs/v5/demo
  restUrl: 'https://api-demo.bybit.com',
  // the demo service streams no market data: "public data is identical to mainnet" (https://bybit-exchange.github.io/docs/v5/demo)
  wsUrl: MAINNET.wsUrl,
  // https://bybit-exchange.github.io/docs/v5/demo
  privateWsUrl: 'wss://stream-demo.bybit.com/v5/private',
}

/**
 * Bybit's kline interval names for each model interval (REST `interval`, WS `kline.{interval}.{symbol}`).
 *
 * @example
 * `kline.${BYBIT_INTERVALS['1h']}.BTCUSDT` // 'kline.60.BTCUSDT'
 */
export const BYBIT_INTERVALS: Readonly<Record<CandleInterval, string>> = Object.freeze({
  '1m': '1',
  '3m': '3',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '2h': '120',
  '4h': '240',
  '6h': '360',
  '12h': '720',
  '1d': 'D',
  '1w': 'W',
  '1M': 'M',
})

/**
 * Depths of Bybit's spot `orderbook.{depth}.{symbol}` topics that the driver uses.
 *
 * @example
 * BYBIT_BOOK_DEPTHS.includes(50) // true
 */
export const BYBIT_BOOK_DEPTHS: readonly number[] = Object.freeze([1, 50, 200])

/**
 * What Bybit spot trading offers through this driver.
 *
 * @example
 * BYBIT_TRADING_CAPABILITIES.quoteQuantityMarketOrders // true: market orders may spend a quote amount
 */
export const BYBIT_TRADING_CAPABILITIES: TradingCapabilities = Object.freeze({
  orderTypes: Object.freeze(['limit', 'market'] as const),
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK', 'PostOnly'] as const),
  quoteQuantityMarketOrders: true,
  amend: true,
  cancelAll: true,
  positions: false,
  privateStreams: Object.freeze({ orders: true, fills: true, balances: true }),
})

const INTERVALS = Object.freeze(Object.keys(BYBIT_INTERVALS) as CandleInterval[])

/**
 * What the Bybit driver declares. Public trade history is not offered: Bybit's spot REST only serves
 * the last 60 trades (see {@link BybitVenue.recentTrades}), not a time range.
 *
 * @example
 * capabilityError(venue, { kind: 'book', depth: 50 }) // undefined: supported
 */
export const BYBIT_CAPABILITIES: VenueCapabilities = Object.freeze({
  marketData: Object.freeze({
    book: true,
    bookDepths: BYBIT_BOOK_DEPTHS,
    trades: true,
    ticker: true,
    candleIntervals: INTERVALS,
  }),
  history: Object.freeze({ candleIntervals: INTERVALS, trades: false }),
  trading: BYBIT_TRADING_CAPABILITIES,
})

/**
 * The default largest REST response body of the Bybit driver: 8 MiB. Bybit's largest answer, the
 * spot instruments listing (every symbol in one page, no pagination for spot), is about 0.5 MB; a
 * 1 000-candle kline page about 0.1 MB.
 *
 * @example
 * createBybitVenue({ maxBodyBytes: BYBIT_MAX_BODY_BYTES * 2 })
 */
export const BYBIT_MAX_BODY_BYTES = 8 * 1024 * 1024
