/**
 * Coinbase Advanced Trade (API v3, spot) as data: networks, capabilities, intervals, limits, error
 * codes, channels.
 */
import type { SequenceRule } from '../../book/sequence-rule.js'
import type { CandleInterval } from '../../core/model.js'
import type { VenueCapabilities } from '../contract/capabilities.js'
import type { VenueSpec } from '../kit/spec.js'

/**
 * Coinbase's `granularity` for each model interval its candle history serves
 * (https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/get-public-product-candles).
 *
 * @example
 * COINBASE_INTERVALS['1h'] // 'ONE_HOUR'
 */
export const COINBASE_INTERVALS: Readonly<Partial<Record<CandleInterval, string>>> = Object.freeze({
  '1m': 'ONE_MINUTE',
  '5m': 'FIVE_MINUTE',
  '15m': 'FIFTEEN_MINUTE',
  '30m': 'THIRTY_MINUTE',
  '1h': 'ONE_HOUR',
  '2h': 'TWO_HOUR',
  '6h': 'SIX_HOUR',
  '1d': 'ONE_DAY',
})

/**
 * The live candles of the `candles` channel: five-minute buckets only, updated every second
 * (https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/websocket/candles).
 *
 * @example
 * COINBASE_LIVE_INTERVALS['5m'] // 'FIVE_MINUTE'
 */
export const COINBASE_LIVE_INTERVALS: Readonly<Partial<Record<CandleInterval, string>>> = Object.freeze({
  '5m': 'FIVE_MINUTE',
})

/**
 * What the Coinbase driver declares: market data and candle history; no trading in this version. Books
 * are the whole `level2` book (any depth: views are cut, the book is kept whole). Public trade history
 * is not offered: `/market/products/{id}/ticker` serves the latest trades, not pages of a range.
 *
 * @example
 * COINBASE_CAPABILITIES.marketData.candleIntervals // ['5m']
 */
export const COINBASE_CAPABILITIES: VenueCapabilities = Object.freeze({
  marketData: Object.freeze({
    book: true,
    trades: true,
    ticker: true,
    candleIntervals: Object.freeze(Object.keys(COINBASE_LIVE_INTERVALS) as CandleInterval[]),
  }),
  history: Object.freeze({
    candleIntervals: Object.freeze(Object.keys(COINBASE_INTERVALS) as CandleInterval[]),
    trades: false,
  }),
})

/**
 * The default largest REST response body of the Coinbase driver: 32 MiB. The largest answers are the
 * spot listing (about 800 products of about 1.3 KB: 1 MB a page at most) and a whole-book
 * `product_book` (tens of thousands of levels: several MB).
 *
 * @example
 * createCoinbaseVenue({ maxBodyBytes: COINBASE_MAX_BODY_BYTES * 2 })
 */
export const COINBASE_MAX_BODY_BYTES = 32 * 1024 * 1024

/**
 * A book message of Coinbase's `level2` channel against the book's last: `sequence_num` counts every
 * frame of a connection, all channels together, so a book's own numbers only grow. Continuity is the
 * connection's (a skipped number resyncs every book, see the kit's `ConnectionSequence`); here a
 * number at or below the book's is stale, and a book without one has nothing to follow.
 *
 * @example
 * coinbaseSequence.check(7, undefined, 12) // 'apply'
 * coinbaseSequence.check(7, undefined, 7)  // 'stale'
 */
export const coinbaseSequence: SequenceRule = {
  name: 'coinbaseSequence',
  check: (current, _first, last) => {
    if (current === undefined || last === undefined) return { expected: undefined, got: last }
    return last > current ? 'apply' : 'stale'
  },
}

/**
 * Coinbase Advanced Trade. Public REST is 10 requests a second per IP; the socket takes 8
 * unauthenticated messages a second per IP (and 8 connections a second: one socket per driver,
 * reconnected after a backoff of at least a second, stays within it)
 * (https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-rate-limits).
 * Errors carry a gRPC-style `error` name (https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/introduction).
 *
 * @example
 * COINBASE_SPEC.errors.codes.NOT_FOUND // 'not-found'
 */
export const COINBASE_SPEC = {
  id: 'coinbase',
  networks: {
    // https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview
    mainnet: {
      rest: 'https://api.coinbase.com',
      ws: 'wss://advanced-trade-ws.coinbase.com',
      privateWs: 'wss://advanced-trade-ws-user.coinbase.com',
    },
  },
  capabilities: COINBASE_CAPABILITIES,
  bookSequence: coinbaseSequence,
  intervals: COINBASE_INTERVALS,
  rateWindows: [{ id: 'public-1s', metric: 'requests', limit: 10, intervalMs: 1000, rolling: true }],
  usage: [],
  errors: {
    codes: {
      INVALID_ARGUMENT: 'invalid-request',
      NOT_FOUND: 'not-found',
      UNAUTHENTICATED: 'auth',
      PERMISSION_DENIED: 'auth',
      RESOURCE_EXHAUSTED: 'rate-limit',
      TOO_MANY_REQUESTS: 'rate-limit',
      UNAVAILABLE: 'temporary',
      INTERNAL: 'temporary',
      DEADLINE_EXCEEDED: 'timeout',
    },
  },
  defaults: {
    maxBodyBytes: COINBASE_MAX_BODY_BYTES,
    // a BTC-USD `level2` snapshot is one frame of about 5 MB (tens of thousands of levels a side)
    maxFrameBytes: 64 * 1024 * 1024,
    // the `heartbeats` channel, subscribed on every connection, speaks every second
    staleAfterMs: 15_000,
    instrumentsTtlMs: 3_600_000,
    recvWindowMs: 5000,
  },
  topics: {
    book: 'level2',
    trades: 'market_trades',
    ticker: 'ticker',
    candles: 'candles',
    heartbeats: 'heartbeats',
  },
  socket: { maxTopicsPerMessage: 1, snapshotTimeoutMs: 15_000 },
} as const satisfies VenueSpec<'coinbase'>

/**
 * Messages the market socket sends a second at most: Coinbase's per-IP limit on unauthenticated
 * messages. Each subscribe names one channel (the docs: one message per channel).
 *
 * @example
 * COINBASE_MESSAGES_PER_SECOND // 8: 20 books subscribe within 3 seconds
 */
export const COINBASE_MESSAGES_PER_SECOND = 8
