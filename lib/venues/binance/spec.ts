/**
 * Binance spot as data: networks, capabilities, intervals, rate windows and the headers that report
 * them, request weights and limits, error codes and defaults.
 */
import { rangedUpdateIds } from '../../book/sequence-rules.js'
import { CANDLE_INTERVALS } from '../../core/candle-time.js'
import type { CandleInterval } from '../../core/model.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'
import { spotCapabilities, spotTrading } from '../kit/capabilities.js'
import { routeBy } from '../kit/route.js'
import type { VenueSpec } from '../kit/spec.js'

/**
 * Binance's kline interval names for each model interval (REST `interval`, stream `<s>@kline_<i>`):
 * the same spelling, case-sensitive (`1m` is a minute, `1M` a month).
 *
 * @example
 * `btcusdt@kline_${BINANCE_INTERVALS['1h']}` // 'btcusdt@kline_1h'
 */
export const BINANCE_INTERVALS: Readonly<Record<CandleInterval, string>> = Object.freeze(
  Object.fromEntries(CANDLE_INTERVALS.map((i) => [i, i])) as Record<CandleInterval, string>,
)

/**
 * What Binance spot trading offers through this driver.
 *
 * @example
 * BINANCE_TRADING_CAPABILITIES.quoteQuantityMarketOrders // true: market orders may spend a quote amount
 */
export const BINANCE_TRADING_CAPABILITIES: TradingCapabilities = spotTrading()

/**
 * What the Binance driver declares. Books are local books built from a REST snapshot and the diff
 * stream (no fixed depths): a depth asked of `orderBook$` sets the snapshot's size and cuts the views,
 * while the book itself is kept whole.
 *
 * @example
 * capabilityError(venue, { kind: 'trade-history' }) // undefined: supported (aggregate trades)
 */
export const BINANCE_CAPABILITIES: VenueCapabilities = spotCapabilities({
  intervals: BINANCE_INTERVALS,
  tradeHistory: true,
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

/**
 * Request weights (https://developers.binance.com/docs/binance-spot-api-docs/rest-api): one figure per
 * endpoint, and `depth` by the bands of its `limit` (up to 100 levels 5, 500 25, 1000 50, 5000 250).
 */
export const BINANCE_WEIGHTS = Object.freeze({
  time: 1,
  exchangeInfo: 20,
  trades: 25,
  aggTrades: 4,
  klines: 2,
  ticker24h: 2,
  ticker24hAll: 80,
  bookTicker: 2,
  depth: Object.freeze([
    [100, 5],
    [500, 25],
    [1000, 50],
    [5000, 250],
  ] as const),
  newOrder: 1,
  cancelOrder: 1,
  cancelAll: 1,
  queryOrder: 4,
  openOrdersOfSymbol: 6,
  openOrdersAll: 80,
  allOrders: 20,
  myTrades: 20,
  account: 20,
})

/** Most rows one request returns (`limit`); `aggTrades` spans at most an hour when bounded by time. */
export const BINANCE_PAGE_LIMITS = Object.freeze({ klines: 1000, aggTrades: 1000, trades: 1000, depth: 5000 })

/** Market streams: the venue's limits per connection, and the driver's pace within them. */
export const BINANCE_STREAMS = Object.freeze({
  // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#websocket-limits
  maxStreamsPerConnection: 1024,
  // the venue takes 5 incoming messages a second, pongs included; a second's budget is sent at once, so
  // with jitter the venue may see two budgets in one of its seconds: two of them plus a pong stay within 5
  controlMessagesPerSecond: 2,
  // a combined-stream frame names its stream (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#general-wss-information)
  route: routeBy('stream'),
  /** Streams named in one SUBSCRIBE, to keep frames small. */
  streamsPerMessage: 200,
  /** A connection URL longer than this may meet server header limits; the rest go by SUBSCRIBE. */
  maxUrlLength: 4000,
  /** A connection is cut after 24 h; it is replaced before. */
  plannedReconnectMs: 23 * 3_600_000,
  /** The old connection closes at the latest this long into a planned reconnect. */
  handoverTimeoutMs: 60_000,
})

/**
 * How long an HTTP 418 (IP banned after ignoring 429s) holds the venue when it sends no Retry-After:
 * bans last "from 2 minutes to 3 days" (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits).
 */
export const BINANCE_IP_BAN_MS = 120_000

/**
 * Binance spot, as data.
 *
 * @example
 * BINANCE_SPEC.networks.testnet?.rest // 'https://testnet.binance.vision'
 */
export const BINANCE_SPEC = {
  id: 'binance',
  networks: {
    mainnet: {
      // https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-api-information
      rest: 'https://api.binance.com',
      // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
      ws: 'wss://stream.binance.com:9443',
      // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api/general-api-information
      wsApi: 'wss://ws-api.binance.com:443/ws-api/v3',
    },
    // https://developers.binance.com/docs/binance-spot-api-docs/testnet/general-info
    testnet: {
      rest: 'https://testnet.binance.vision',
      ws: 'wss://stream.testnet.binance.vision',
      wsApi: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
    },
  },
  capabilities: BINANCE_CAPABILITIES,
  bookSequence: rangedUpdateIds,
  intervals: BINANCE_INTERVALS,
  // https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits; `exchangeInfo.rateLimits`
  // replaces the limits with the venue's live figures, found by window id
  rateWindows: [
    { id: 'weight-1m', metric: 'weight', limit: 6000, intervalMs: 60_000 },
    { id: 'raw-5m', metric: 'requests', limit: 61_000, intervalMs: 300_000 },
    { id: 'orders-10s', metric: 'orders', limit: 50, intervalMs: 10_000 },
    { id: 'orders-1d', metric: 'orders', limit: 160_000, intervalMs: 86_400_000 },
  ],
  usage: [
    { header: 'x-mbx-used-weight-1m', window: 'weight-1m' },
    { header: 'x-mbx-order-count-10s', window: 'orders-10s' },
    { header: 'x-mbx-order-count-1d', window: 'orders-1d' },
  ],
  // https://developers.binance.com/docs/binance-spot-api-docs/errors
  errors: {
    codes: {
      '-1000': 'temporary', // UNKNOWN: an unknown error while processing
      '-1001': 'temporary', // DISCONNECTED: internal error
      '-1003': 'rate-limit', // TOO_MANY_REQUESTS
      '-1006': 'temporary', // UNEXPECTED_RESP: execution status unknown
      '-1007': 'timeout', // TIMEOUT: execution status unknown
      '-1008': 'temporary', // SERVER_BUSY
      '-1015': 'rate-limit', // TOO_MANY_ORDERS
      '-1021': 'clock-skew', // INVALID_TIMESTAMP
      '-1022': 'auth', // INVALID_SIGNATURE
      '-1099': 'auth', // NOT_FOUND / UNAUTHENTICATED / UNAUTHORIZED
      '-1125': 'auth', // INVALID_LISTEN_KEY
      '-2011': 'not-found', // CANCEL_REJECTED "Unknown order sent."
      '-2013': 'not-found', // NO_SUCH_ORDER
      '-2014': 'auth', // BAD_API_KEY_FMT
      '-2015': 'auth', // REJECTED_MBX_KEY
      '-2026': 'not-found', // ORDER_ARCHIVED
    },
    // -2010 NEW_ORDER_REJECTED and -2011 CANCEL_REJECTED carry the matching engine's reason in `msg`
    messages: [
      [-2010, /insufficient balance/i, 'insufficient-funds'],
      [-2011, /cancel restrictions/i, 'invalid-request'],
    ],
    http: {
      403: { kind: 'invalid-request' }, // the WAF refused the request itself
      418: { kind: 'rate-limit', retryAfterMs: BINANCE_IP_BAN_MS },
      429: { kind: 'rate-limit' },
    },
    // a 5xx "must not be treated as a failure": for an order, placement reconciles by client order id
    notes: { temporary: 'execution status unknown', timeout: 'execution status unknown' },
    duplicateClientOrderId: [-2010],
    // -2010 is any refused order: only "Duplicate order sent." means the client order id is in use
    duplicateMessage: /duplicate order/i,
    orderNotFound: [-2011, -2013],
  },
  defaults: {
    maxBodyBytes: BINANCE_MAX_BODY_BYTES,
    // a combined diff-depth frame with 1 000 changed levels a side is about 64 KB; `!ticker@arr` about 0.5 MB
    maxFrameBytes: 1_048_576,
    // the venue pings every 20 s (a ping frame is not a message), and quiet streams may send nothing longer
    staleAfterMs: 60_000,
    instrumentsTtlMs: 3_600_000,
    recvWindowMs: 5000,
  },
  // the user data socket's `ping` request (weight 1), well within `staleAfterMs`
  socket: { route: BINANCE_STREAMS.route, pingIntervalMs: 20_000 },
} as const satisfies VenueSpec<'binance'>
