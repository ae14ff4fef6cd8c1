/**
 * Coinbase Advanced Trade (API v3, spot) as data: networks, capabilities, intervals, limits, error
 * codes, channels.
 */
import type { SequenceRule } from '../../book/sequence-rule.js'
import type { CandleInterval } from '../../core/model.js'
import type { RateWindow } from '../../transport/rate-limit.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'
import { spotCapabilities, spotTrading } from '../kit/capabilities.js'
import { connectionNumbered } from '../kit/connection-sequence.js'
import type { ErrorTable } from '../kit/error-table.js'
import type { VenueSpec } from '../kit/spec.js'
import type { StatusTable } from '../kit/trading/status-table.js'

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
 * What Coinbase spot order entry offers. Fills are the venue's own, asked for at each rise of the
 * `user` channel's running totals (see `createCoinbasePushes`); balances are not pushed.
 *
 * @example
 * COINBASE_TRADING_CAPABILITIES.timeInForce // ['GTC', 'IOC', 'FOK', 'PostOnly']
 */
export const COINBASE_TRADING_CAPABILITIES: TradingCapabilities = spotTrading({
  cancelAll: false,
  privateStreams: Object.freeze({ orders: true, fills: true, balances: false }),
})

/**
 * What the Coinbase driver declares: market data, candle history and, with a CDP key, spot trading
 * ({@link COINBASE_TRADING_CAPABILITIES}). Books are the whole `level2` book (any depth: views are cut,
 * the book is kept whole). Public trade history is not offered: `/market/products/{id}/ticker` serves
 * the latest trades, not pages of a range.
 *
 * @example
 * COINBASE_CAPABILITIES.marketData.candleIntervals // ['5m']
 */
export const COINBASE_CAPABILITIES: VenueCapabilities = spotCapabilities({
  intervals: COINBASE_INTERVALS,
  liveIntervals: COINBASE_LIVE_INTERVALS,
  tradeHistory: false,
  trading: COINBASE_TRADING_CAPABILITIES,
})

/**
 * The private REST limit: 30 requests per second per user, counted over any second. Every signed
 * request spends one `private` unit (`coinbaseRequestCost`); public ones have their own limit.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/rest-api-rate-limits
 *
 * @example
 * const spec = { rateWindows: [...publicWindows, ...COINBASE_PRIVATE_RATE_WINDOWS], … }
 */
export const COINBASE_PRIVATE_RATE_WINDOWS: readonly RateWindow[] = Object.freeze([
  { id: 'private-1s', metric: 'private', limit: 30, intervalMs: 1000, rolling: true },
])

/**
 * Coinbase's order statuses in the model's words. There is no partially-filled status: an open order
 * with fills is `partially-filled`; `CANCEL_QUEUED` is a cancel in flight; one not listed (`PENDING`,
 * `QUEUED`, `UNKNOWN_ORDER_STATUS`) is not yet on the book: `pending-new`.
 *
 * @example
 * orderStatusBy(COINBASE_ORDER_STATUS, 'OPEN', d('0.5'), 'pending-new') // 'partially-filled'
 */
export const COINBASE_ORDER_STATUS: StatusTable = {
  OPEN: 'open',
  EDIT_QUEUED: 'open',
  CANCEL_QUEUED: 'pending-cancel',
  FILLED: 'filled',
  CANCELLED: 'canceled',
  EXPIRED: 'expired',
  FAILED: 'rejected',
}

const FUNDS = 'insufficient-funds'
const INVALID = 'invalid-request'

/**
 * Coinbase's error codes by kind: the error body's gRPC `error` name every endpoint answers a failed
 * request with (https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/introduction),
 * the create answer's `new_order_failure_reason` / `error` and `preview_failure_reason`, and batch
 * cancel's `failure_reason`. A code not listed is `invalid-request` (a 5xx `temporary`).
 *
 * @example
 * errorKind(COINBASE_ERRORS, { status: 200, code: 'PREVIEW_INSUFFICIENT_FUND' }) // 'insufficient-funds'
 */
export const COINBASE_ERRORS = {
  codes: {
    // the error body's codes (gRPC names)
    INVALID_ARGUMENT: INVALID,
    NOT_FOUND: 'not-found',
    UNAUTHENTICATED: 'auth',
    PERMISSION_DENIED: 'auth',
    RESOURCE_EXHAUSTED: 'rate-limit',
    TOO_MANY_REQUESTS: 'rate-limit',
    rate_limit_exceeded: 'rate-limit',
    UNAVAILABLE: 'temporary',
    INTERNAL: 'temporary',
    DEADLINE_EXCEEDED: 'timeout',
    // the create answer's reasons
    INSUFFICIENT_FUND: FUNDS,
    INSUFFICIENT_FUNDS: FUNDS,
    INVALID_LEDGER_BALANCE: FUNDS,
    PREVIEW_INSUFFICIENT_FUND: FUNDS,
    PREVIEW_INSUFFICIENT_LEDGER_BALANCE: FUNDS,
    PREVIEW_INVALID_LEDGER_BALANCE: FUNDS,
    PREVIEW_INSUFFICIENT_FUNDS_FOR_FUTURES: FUNDS,
    UNSUPPORTED_ORDER_CONFIGURATION: INVALID,
    INVALID_SIDE: INVALID,
    INVALID_PRODUCT_ID: INVALID,
    INVALID_SIZE_PRECISION: INVALID,
    INVALID_PRICE_PRECISION: INVALID,
    INVALID_LIMIT_PRICE_POST_ONLY: INVALID,
    INVALID_LIMIT_PRICE: INVALID,
    INVALID_NO_LIQUIDITY: INVALID,
    INVALID_REQUEST: INVALID,
    ORDER_ENTRY_DISABLED: INVALID,
    INELIGIBLE_PAIR: INVALID,
    UNTRADABLE_PRODUCT: INVALID,
    PRODUCT_TRADING_HALTED: INVALID,
    TRADING_DISABLED: INVALID,
    FOK_DISABLED: INVALID,
    FOK_ONLY_ALLOWED_ON_LIMIT_ORDERS: INVALID,
    POST_ONLY_NOT_ALLOWED_WITH_FOK: INVALID,
    END_TIME_IS_IN_THE_PAST: INVALID,
    END_TIME_TOO_FAR_IN_FUTURE: INVALID,
    GTD_ORDERS_MUST_HAVE_END_TIME: INVALID,
    LIMIT_PRICE_TOO_FAR_FROM_MARKET: INVALID,
    PRICE_NOT_ALLOWED_FOR_MARKET_ORDERS: INVALID,
    DUPLICATE_CLIENT_ORDER_ID: INVALID,
    PREVIEW_INVALID_SIZE_PRECISION: INVALID,
    PREVIEW_INVALID_PRICE_PRECISION: INVALID,
    PREVIEW_INVALID_BASE_SIZE_TOO_SMALL: INVALID,
    PREVIEW_INVALID_BASE_SIZE_TOO_LARGE: INVALID,
    PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL: INVALID,
    PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE: INVALID,
    PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY: INVALID,
    PREVIEW_INVALID_LIMIT_PRICE: INVALID,
    PREVIEW_INVALID_NO_LIQUIDITY: INVALID,
    PREVIEW_INVALID_END_TIME: INVALID,
    // an account the venue does not let trade there, whatever the request
    GEOFENCING_RESTRICTION: 'auth',
    PREVIEW_GEOFENCING_RESTRICTION: 'auth',
    RFQ_RATE_LIMITED: 'rate-limit',
    // batch cancel's failure reasons
    UNKNOWN_CANCEL_ORDER: 'not-found',
    ORDER_IS_FULLY_FILLED: INVALID,
    NOT_ALLOWED_TO_CANCEL: INVALID,
  },
  duplicateClientOrderId: ['DUPLICATE_CLIENT_ORDER_ID'],
  orderNotFound: ['NOT_FOUND', 'UNKNOWN_CANCEL_ORDER'],
  orderFinished: ['ORDER_IS_FULLY_FILLED'],
} as const satisfies ErrorTable

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
export const coinbaseSequence: SequenceRule = connectionNumbered

/**
 * Coinbase Advanced Trade. Public REST is 10 requests a second per IP, private 30 a second per user
 * ({@link COINBASE_PRIVATE_RATE_WINDOWS}); the socket takes 8
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
  rateWindows: [
    { id: 'public-1s', metric: 'requests', limit: 10, intervalMs: 1000, rolling: true },
    ...COINBASE_PRIVATE_RATE_WINDOWS,
  ],
  usage: [],
  errors: COINBASE_ERRORS,
  defaults: {
    maxBodyBytes: COINBASE_MAX_BODY_BYTES,
    // a BTC-USD `level2` snapshot is one frame of about 5 MB (tens of thousands of levels a side)
    maxFrameBytes: 64 * 1024 * 1024,
    // the `heartbeats` channel, subscribed on every connection, speaks every second
    staleAfterMs: 15_000,
    instrumentsTtlMs: 3_600_000,
    // a signed create is accepted while its JWT lives (two minutes): a lost one is searched for that long
    recvWindowMs: 120_000,
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
