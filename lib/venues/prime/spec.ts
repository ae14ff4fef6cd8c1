/** Coinbase Prime as data: hosts, capabilities, rate window, error codes, the `l2_data` sequence rule. */
import type { SequenceRule } from '../../book/sequence-rule.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'
import { spotTrading } from '../kit/capabilities.js'
import { connectionNumbered } from '../kit/connection-sequence.js'
import type { ErrorTable } from '../kit/error-table.js'
import type { StatusTable } from '../kit/trading/status-table.js'
import type { PrimeFrame } from './codecs.js'
import type { VenueSpec } from '../kit/spec.js'

/**
 * What Prime order entry offers through the model: limit (GTC, IOC, FOK; GTD with `expiresAt`) and
 * market orders, a market buy by quote value, edits (`amendOrder`), order updates from the `orders`
 * channel and the venue's fills behind each rise of its running totals, and fill history. TWAP, VWAP
 * and STOP_LIMIT go through `PrimeOrderRequest.prime`.
 *
 * @example
 * PRIME_TRADING_CAPABILITIES.amend // true
 */
export const PRIME_TRADING_CAPABILITIES: TradingCapabilities = spotTrading({
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK'] as const),
  amend: true,
  cancelAll: false,
  privateStreams: Object.freeze({ orders: true, fills: true, balances: false }),
})

/**
 * What the Prime driver declares: the `l2_data` book (the whole book; there is no REST book), no public
 * trades, tickers or candles, trading and RFQ with a key.
 *
 * @example
 * PRIME_CAPABILITIES.marketData.trades // false
 */
export const PRIME_CAPABILITIES: VenueCapabilities = Object.freeze({
  marketData: Object.freeze({ book: true, trades: false, ticker: false, candleIntervals: Object.freeze([]) }),
  history: Object.freeze({ candleIntervals: Object.freeze([]), trades: false }),
  trading: PRIME_TRADING_CAPABILITIES,
  rfq: Object.freeze({ twoWay: false, quoteQuantity: true }),
})

/** Prime's order statuses in the model's words (coinbase/prime-sdk-ts `OrderStatus.ts`). */
export const PRIME_ORDER_STATUS: StatusTable = {
  PENDING: 'pending-new',
  OPEN: 'open',
  FILLED: 'filled',
  CANCELLED: 'canceled',
  EXPIRED: 'expired',
  FAILED: 'rejected',
}

const INVALID = 'invalid-request'

/**
 * Prime's error codes by kind (coinbase/prime-sdk-ts `src/model/enums/ErrorCode.ts`; `RATE_LIMIT_EXCEEDED`
 * from coinbase/prime-sdk-py `tests/test_client_errors.py`).
 */
export const PRIME_ERRORS = {
  codes: {
    VALIDATION_ERROR: INVALID,
    REQUIRED_FIELD_MISSING: INVALID,
    NOT_IMPLEMENTED: INVALID,
    RESOURCE_NOT_FOUND: 'not-found',
    AUTHENTICATION_FAILED: 'auth',
    PERMISSION_DENIED: 'auth',
    RATE_LIMIT_EXCEEDED: 'rate-limit',
    INTERNAL_ERROR: 'temporary',
    SERVICE_UNAVAILABLE: 'temporary',
    // subcodes the simulator answers with; the venue's own are not published
    INSUFFICIENT_FUNDS: 'insufficient-funds',
    QUOTE_EXPIRED: 'expired',
  },
  // a stale timestamp is refused as an authentication failure naming the timestamp (unverified wording)
  messages: [['AUTHENTICATION_FAILED', /timestamp/i, 'clock-skew']],
  // the per-IP limit: past it every request is refused for 30 s
  // (https://docs.cdp.coinbase.com/prime/rest-api/rate-limits)
  http: { 429: { kind: 'rate-limit', retryAfterMs: 30_000 } },
  duplicateClientOrderId: ['DUPLICATE_CLIENT_ORDER_ID'],
  orderNotFound: ['RESOURCE_NOT_FOUND'],
} as const satisfies ErrorTable

/**
 * An `l2_data` frame against the book's last: `sequence_num` counts the frames of a connection, every
 * channel together; one at or below the book's is stale.
 *
 * @example
 * primeSequence.check(7, undefined, 9) // 'apply'
 */
export const primeSequence: SequenceRule = connectionNumbered

/**
 * Coinbase Prime. REST is limited per portfolio to 25 requests a second with bursts of 50 (and per IP
 * to 100 a second); https://docs.cdp.coinbase.com/prime/rest-api/rate-limits. One WebSocket host
 * carries market data and the account's orders.
 */
export const PRIME_SPEC = {
  id: 'prime',
  networks: {
    mainnet: {
      rest: 'https://api.prime.coinbase.com',
      // one feed for books and orders: a wsUrl given moves both
      ws: 'wss://ws-feed.prime.coinbase.com',
    },
  },
  capabilities: PRIME_CAPABILITIES,
  bookSequence: primeSequence,
  intervals: {},
  rateWindows: [{ id: 'portfolio-1s', metric: 'requests', limit: 25, intervalMs: 1000, rolling: true }],
  usage: [],
  errors: PRIME_ERRORS,
  defaults: {
    maxBodyBytes: 16 * 1024 * 1024,
    maxFrameBytes: 16 * 1024 * 1024,
    // `heartbeats` is subscribed on every connection and speaks every second
    staleAfterMs: 15_000,
    instrumentsTtlMs: 3_600_000,
    // the signature's timestamp must be within 30 s of the venue's
    recvWindowMs: 30_000,
  },
  socket: {
    maxTopicsPerMessage: 1,
    snapshotTimeoutMs: 15_000,
    // a book frame's product, another frame's channel: read once by the decoder (`decodePrimeFrame`)
    route: (frame: unknown) => (frame as PrimeFrame).route,
  },
} as const satisfies VenueSpec<'prime'>
