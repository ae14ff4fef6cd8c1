/**
 * FalconX (RFQ liquidity, REST) as data: networks, capabilities, rate windows, error codes.
 */
import type { RateWindow } from '../../transport/rate-limit.js'
import type { TradingCapabilities, VenueCapabilities } from '../contract/capabilities.js'
import type { ErrorTable } from '../kit/error-table.js'
import { NO_MARKET_DATA } from '../kit/no-market-data.js'
import type { VenueSpec } from '../kit/spec.js'

/**
 * What FalconX order entry offers: market orders and fill-or-kill limit orders, both executed at once
 * against a firm quote (https://github.com/falconxio/falconx-python `place_order`). Nothing rests, so
 * there is nothing to cancel or amend; orders and fills are reported by the driver as its calls
 * resolve (no account socket), balances are not pushed.
 *
 * @example
 * FALCONX_TRADING_CAPABILITIES.timeInForce // ['FOK']
 */
export const FALCONX_TRADING_CAPABILITIES: TradingCapabilities = Object.freeze({
  orderTypes: Object.freeze(['market', 'limit'] as const),
  timeInForce: Object.freeze(['FOK'] as const),
  quoteQuantityMarketOrders: false,
  amend: false,
  cancelAll: false,
  positions: false,
  privateStreams: Object.freeze({ orders: true, fills: true, balances: false }),
})

/**
 * What the FalconX driver declares: no order book and no market-data streams (FalconX quotes on
 * request), no history of public data; RFQ (two-way quotes, by base quantity) and immediate orders
 * with credentials.
 *
 * @example
 * FALCONX_CAPABILITIES.rfq?.twoWay // true
 */
export const FALCONX_CAPABILITIES: VenueCapabilities = Object.freeze({
  ...NO_MARKET_DATA,
  trading: FALCONX_TRADING_CAPABILITIES,
  rfq: Object.freeze({ twoWay: true, quoteQuantity: false }),
})

/**
 * FalconX publishes no request limits (its `GET /v1/rate_limit` reports the account's own, in a shape
 * not documented): a conservative window the driver never leaves, 5 requests a second and 120 a
 * minute, well under what institutional REST APIs allow.
 *
 * @example
 * FALCONX_RATE_WINDOWS[0].limit // 5
 */
export const FALCONX_RATE_WINDOWS: readonly RateWindow[] = Object.freeze([
  { id: 'requests-1s', metric: 'requests', limit: 5, intervalMs: 1000, rolling: true },
  { id: 'requests-1m', metric: 'requests', limit: 120, intervalMs: 60_000, rolling: true },
])

/**
 * FalconX's `error.code` values by kind. FalconX answers a refused call with `status: "failure"` and
 * `error: { code, reason }` (falconx-go `clients/datatype.go`), but documents no list of codes: the
 * codes here are the driver's reading, unverified, and `reasons` reads the `reason` of a
 * code not listed. A code known to neither is `invalid-request` (a 5xx `temporary`).
 *
 * @example
 * errorKind(FALCONX_ERRORS, { status: 200, code: 'QUOTE_EXPIRED' }) // 'expired'
 */
export const FALCONX_ERRORS = {
  codes: {
    QUOTE_EXPIRED: 'expired',
    QUOTE_ALREADY_EXECUTED: 'invalid-request',
    INSUFFICIENT_BALANCE: 'insufficient-funds',
    NOT_FOUND: 'not-found',
    UNAUTHORIZED: 'auth',
    RATE_LIMIT_EXCEEDED: 'rate-limit',
    INVALID_REQUEST: 'invalid-request',
    INVALID_TOKEN_PAIR: 'invalid-request',
    INTERNAL_ERROR: 'temporary',
  },
  // the kind a `reason` tells, for a code not listed
  reasons: [
    [/expired/i, 'expired'],
    [/insufficient/i, 'insufficient-funds'],
    [/not found|unknown quote|does not exist/i, 'not-found'],
    [/signature|api key|passphrase|unauthori[sz]ed|permission/i, 'auth'],
    [/rate limit|too many/i, 'rate-limit'],
  ],
  orderNotFound: ['NOT_FOUND'],
  // refusals come with HTTP 200 too; a list (pairs, quotes, balances) is never one
  okBody: /^\s*\[/,
} as const satisfies ErrorTable

/**
 * FalconX over REST (https://github.com/falconxio/falconx-python `falconx/client.py`): every call is
 * signed, quotes and orders are polled. The price stream (`wss://stream.falconx.io/price.tickers`)
 * is not built.
 *
 * @example
 * FALCONX_SPEC.networks.mainnet.rest // 'https://api.falconx.io'
 */
export const FALCONX_SPEC = {
  id: 'falconx',
  networks: {
    mainnet: { rest: 'https://api.falconx.io', ws: 'wss://stream.falconx.io/price.tickers' },
  },
  capabilities: FALCONX_CAPABILITIES,
  intervals: {},
  rateWindows: FALCONX_RATE_WINDOWS,
  usage: [],
  errors: FALCONX_ERRORS,
  defaults: {
    maxBodyBytes: 8 * 1024 * 1024,
    maxFrameBytes: 1024 * 1024,
    staleAfterMs: 30_000,
    instrumentsTtlMs: 3_600_000,
    // an order placed with an unknown outcome is searched for among the executed quotes this long
    recvWindowMs: 60_000,
  },
} as const satisfies VenueSpec<'falconx'>

/**
 * The platforms FalconX reads balances and executed quotes of (`platform=`); any other value of the
 * `platform` option is `invalid-request` when the client is made.
 *
 * @example
 * FALCONX_PLATFORMS.includes('api') // true
 */
export const FALCONX_PLATFORMS = Object.freeze(['api', 'browser', 'margin'] as const)
