/**
 * Bybit v5 spot as data: networks, capabilities, intervals, limits, error codes, topics.
 */
import type { SequenceRule } from '../../book/sequence-rule.js'
import { consecutiveUpdateIds } from '../../book/sequence-rules.js'
import type { CandleInterval } from '../../core/model.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'
import { spotCapabilities, spotTrading } from '../kit/capabilities.js'
import { routeBy } from '../kit/route.js'
import type { VenueSpec } from '../kit/spec.js'

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
 * What Bybit spot trading offers through this driver.
 *
 * @example
 * BYBIT_TRADING_CAPABILITIES.quoteQuantityMarketOrders // true: market orders may spend a quote amount
 */
export const BYBIT_TRADING_CAPABILITIES: TradingCapabilities = spotTrading({ amend: true })

/**
 * What the Bybit driver declares. Book depths are those of the spot `orderbook.{depth}.{symbol}` topics
 * the driver uses: a book of any whole depth from 1 to 200 is served from the next deeper topic (depth 7
 * from the 50-level one), cut to the depth asked for; a deeper one is refused. Public trade history is
 * not offered: Bybit's spot REST only serves the last 60 trades (see {@link BybitVenue.recentTrades}),
 * not a time range.
 *
 * @example
 * capabilityError(venue, { kind: 'book', depth: 50 }) // undefined: supported
 */
export const BYBIT_CAPABILITIES: VenueCapabilities = spotCapabilities({
  intervals: BYBIT_INTERVALS,
  bookDepths: [1, 50, 200],
  tradeHistory: false,
  trading: BYBIT_TRADING_CAPABILITIES,
})

/** Most candles one `/v5/market/kline` request returns (the docs; `shared/venues/bybit.md` says 200). */
export const BYBIT_KLINE_PAGE_LIMIT = 1000

/**
 * The default largest REST response body of the Bybit driver: 8 MiB. Bybit's largest answer, the
 * spot instruments listing (every symbol in one page, no pagination for spot), is about 0.5 MB; a
 * 1 000-candle kline page about 0.1 MB.
 *
 * @example
 * createBybitVenue({ maxBodyBytes: BYBIT_MAX_BODY_BYTES * 2 })
 */
export const BYBIT_MAX_BODY_BYTES = 8 * 1024 * 1024

/**
 * Bybit's `u`: each delta the previous plus one, and `u` = 1 a restart of the venue's book service that
 * replaces the book (https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook). A repeated
 * or older `u` is a gap, not stale: the venue never sends one, so a feed that does is resynced.
 */
export const bybitUpdateIds: SequenceRule = {
  name: 'bybitUpdateIds',
  check: (current, first, last) => {
    const verdict = consecutiveUpdateIds.check(current, first, last)
    return verdict === 'stale' ? { expected: (current ?? 0) + 1, got: last } : verdict
  },
}

/**
 * Bybit v5 spot. Rate windows: the per-IP limit of 600 requests per 5 s
 * (https://bybit-exchange.github.io/docs/v5/rate-limit), the spot order-entry defaults of 20 per second
 * for creates and cancels, and 50 per second for each signed query endpoint; each path's
 * `X-Bapi-Limit*` headers replace its window's figures with the account's real ones. Bybit counts every
 * limit over a rolling span, so every window is `rolling`: fixed windows back to back would let twice
 * the limit into one second. Errors: https://bybit-exchange.github.io/docs/v5/error, a non-zero `retCode`
 * by the table, else a failed HTTP status; a 403 without an envelope is the per-IP limit ("access too
 * frequent"), to be waited out for 10 minutes.
 */
export const BYBIT_SPEC = {
  id: 'bybit',
  networks: {
    // https://bybit-exchange.github.io/docs/v5/guide, https://bybit-exchange.github.io/docs/v5/ws/connect
    mainnet: {
      rest: 'https://api.bybit.com',
      ws: 'wss://stream.bybit.com/v5/public/spot',
      privateWs: 'wss://stream.bybit.com/v5/private',
    },
    testnet: {
      rest: 'https://api-testnet.bybit.com',
      ws: 'wss://stream-testnet.bybit.com/v5/public/spot',
      privateWs: 'wss://stream-testnet.bybit.com/v5/private',
    },
    // https://bybit-exchange.github.io/docs/v5/demo: no market data of its own, "identical to mainnet"
    demo: {
      rest: 'https://api-demo.bybit.com',
      ws: 'wss://stream.bybit.com/v5/public/spot',
      privateWs: 'wss://stream-demo.bybit.com/v5/private',
    },
  },
  capabilities: BYBIT_CAPABILITIES,
  bookSequence: bybitUpdateIds,
  intervals: BYBIT_INTERVALS,
  rateWindows: [
    { id: 'ip-5s', metric: 'requests', limit: 600, intervalMs: 5000, rolling: true },
    { id: 'orders-1s', metric: 'orders', limit: 20, intervalMs: 1000, rolling: true },
    { id: 'cancels-1s', metric: 'cancels', limit: 20, intervalMs: 1000, rolling: true },
    { id: 'open-orders-1s', metric: 'open-orders', limit: 50, intervalMs: 1000, rolling: true },
    { id: 'order-history-1s', metric: 'order-history', limit: 50, intervalMs: 1000, rolling: true },
    { id: 'executions-1s', metric: 'executions', limit: 50, intervalMs: 1000, rolling: true },
    { id: 'wallet-1s', metric: 'wallet', limit: 50, intervalMs: 1000, rolling: true },
  ],
  usage: [],
  pathWindows: {
    '/v5/order/create': 'orders-1s',
    '/v5/order/cancel': 'cancels-1s',
    '/v5/order/realtime': 'open-orders-1s',
    '/v5/order/history': 'order-history-1s',
    '/v5/execution/list': 'executions-1s',
    '/v5/account/wallet-balance': 'wallet-1s',
  },
  // the window's end only once it is exhausted; before, it is the current time
  pathUsage: {
    remaining: 'x-bapi-limit-status',
    limit: 'x-bapi-limit',
    resetAt: 'x-bapi-limit-reset-timestamp',
  },
  errors: {
    codes: {
      10000: 'temporary', // server timeout
      10001: 'invalid-request',
      10002: 'clock-skew',
      10003: 'auth',
      10004: 'auth',
      10005: 'auth',
      10006: 'rate-limit',
      10007: 'auth',
      10010: 'auth',
      10014: 'invalid-request', // invalid duplicate request
      10016: 'temporary',
      10017: 'not-found', // route not found
      10018: 'rate-limit', // per-IP limit
      10027: 'auth', // trading banned for the account
      110001: 'not-found',
      110004: 'insufficient-funds',
      110007: 'insufficient-funds',
      110008: 'invalid-request',
      110072: 'invalid-request',
      170005: 'rate-limit',
      170131: 'insufficient-funds',
      170134: 'invalid-request',
      170136: 'invalid-request',
      170137: 'invalid-request',
      170139: 'invalid-request',
      170140: 'invalid-request',
      170141: 'invalid-request',
      170142: 'invalid-request',
      170213: 'not-found',
      170222: 'rate-limit',
    },
    http: { 403: { kind: 'rate-limit', retryAfterMs: 600_000 } },
    // errors come with HTTP 200 too; most answers succeed, and are parsed once, by their codec
    okBody: /^\s*\{\s*"retCode"\s*:\s*0\s*,/,
    // UTA and classic spot
    duplicateClientOrderId: [110072, 170141],
    orderNotFound: [110001, 170213],
    orderFinished: [110008, 170139, 170142],
  },
  defaults: {
    maxBodyBytes: BYBIT_MAX_BODY_BYTES,
    // the largest frames: a private `order` push of 500 orders (about 440 KB), an `orderbook.1000`
    // snapshot (about 60 KB; 12 KB at depth 200)
    maxFrameBytes: 1_048_576,
    // the driver pings every 20 s and Bybit answers each ping: even a quiet socket hears from it
    staleAfterMs: 30_000,
    instrumentsTtlMs: 3_600_000,
    recvWindowMs: 5000,
  },
  topics: { book: 'orderbook', trades: 'publicTrade', ticker: 'tickers', candles: 'kline' },
  socket: {
    pingIntervalMs: 20_000,
    maxTopicsPerMessage: 10,
    snapshotTimeoutMs: 10_000,
    // every public push names its topic (https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook)
    route: routeBy('topic'),
  },
} as const satisfies VenueSpec<'bybit'>
