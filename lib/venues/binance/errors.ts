/**
 * Binance spot error answers (`{"code": -1121, "msg": "Invalid symbol."}` plus the HTTP status) as
 * {@link VenueError} kinds, matched by code first and then by message, as the venue advises
 * (https://developers.binance.com/docs/binance-spot-api-docs/errors). A code the table does not name
 * falls back to the HTTP status.
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'

/**
 * What {@link binanceError} reads from a Binance answer.
 *
 * @example
 * const input: BinanceErrorInput = { status: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' }
 * binanceError(input).kind // 'clock-skew'
 */
export interface BinanceErrorInput {
  /** HTTP status of the response (for a WebSocket API answer, its `status` field). */
  readonly status: number
  /** The body's `code` (negative), when the body had one. */
  readonly code?: number | undefined
  /** The body's `msg`, or the raw body text when it was not a Binance error body. */
  readonly msg?: string | undefined
  /** Response headers, lower-case names: `retry-after` gives a rate limit's wait. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** What was asked, e.g. `POST /api/v3/order`; starts the message. */
  readonly context?: string | undefined
  /** Exact secret values (API key, secret, signatures) scrubbed from the message. */
  readonly secrets?: Iterable<string> | undefined
}

/**
 * How long an HTTP 418 (IP banned after ignoring 429s) holds the venue when it sends no Retry-After:
 * bans last "from 2 minutes to 3 days" (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits).
 *
 * @example
 * binanceError({ status: 418, msg: 'banned' }).retryAfterMs === BINANCE_IP_BAN_MS // true
 */
export const BINANCE_IP_BAN_MS = 120_000

/**
 * Codes that mean the venue does not know the order (cancel of an unknown order, query of a missing one).
 *
 * @example
 * BINANCE_ORDER_NOT_FOUND_CODES.includes(-2013) // true: "Order does not exist."
 */
export const BINANCE_ORDER_NOT_FOUND_CODES: readonly number[] = [-2011, -2013]

const BY_CODE: ReadonlyMap<number, ErrorKind> = new Map<number, ErrorKind>([
  [-1000, 'temporary'], // UNKNOWN: an unknown error while processing
  [-1001, 'temporary'], // DISCONNECTED: internal error
  [-1003, 'rate-limit'], // TOO_MANY_REQUESTS
  [-1006, 'temporary'], // UNEXPECTED_RESP: execution status unknown
  [-1007, 'timeout'], // TIMEOUT: execution status unknown
  [-1008, 'temporary'], // SERVER_BUSY
  [-1015, 'rate-limit'], // TOO_MANY_ORDERS
  [-1021, 'clock-skew'], // INVALID_TIMESTAMP
  [-1022, 'auth'], // INVALID_SIGNATURE
  [-1099, 'auth'], // NOT_FOUND / UNAUTHENTICATED / UNAUTHORIZED
  [-1125, 'auth'], // INVALID_LISTEN_KEY
  [-2011, 'not-found'],
  [-2013, 'not-found'],
  [-2014, 'auth'], // BAD_API_KEY_FMT
  [-2015, 'auth'], // REJECTED_MBX_KEY
  [-2026, 'not-found'], // ORDER_ARCHIVED
])

// -2010 NEW_ORDER_REJECTED and -2011 CANCEL_REJECTED carry the matching engine's reason in `msg`.
const BY_MESSAGE: readonly (readonly [code: number, pattern: RegExp, kind: ErrorKind])[] = [
  [-2010, /insufficient balance/i, 'insufficient-funds'],
  [-2011, /cancel restrictions/i, 'invalid-request'],
]

/**
 * The error kind of a Binance error, by code, then message, then HTTP status.
 *
 * @example
 * binanceErrorKind({ status: 400, code: -2010, msg: 'Account has insufficient balance for requested action.' })
 * // 'insufficient-funds'
 */
export function binanceErrorKind(input: Pick<BinanceErrorInput, 'status' | 'code' | 'msg'>): ErrorKind {
  const { status, code, msg } = input
  if (status === 418 || status === 429) return 'rate-limit'
  if (code !== undefined) {
    for (const [c, pattern, kind] of BY_MESSAGE) if (c === code && pattern.test(msg ?? '')) return kind
    const known = BY_CODE.get(code)
    if (known !== undefined) return known
  }
  if (status >= 500) return 'temporary'
  if (code !== undefined) return 'invalid-request' // -1013 filter failures, -11xx bad parameters, -2010 rejects
  switch (status) {
    case 401:
      return 'auth'
    case 403: // WAF: the request itself was refused
      return 'invalid-request'
    case 404:
      return 'not-found'
    case 408:
      return 'timeout'
    default:
      return 'invalid-request'
  }
}

/**
 * The {@link VenueError} for a Binance error answer. The venue's code is kept as `code`. A rate limit
 * carries `retryAfterMs` from `Retry-After` (seconds); a 418 IP ban without one waits
 * {@link BINANCE_IP_BAN_MS}. A 5xx is `temporary`: for an order it means the outcome is unknown (the
 * venue docs: "must not be treated as a failure"), which the placement reconciles by client order id.
 *
 * @example
 * const e = binanceError({ status: 429, code: -1003, msg: 'Too much request weight used', headers: { 'retry-after': '7' } })
 * e.kind          // 'rate-limit'
 * e.retryAfterMs  // 7000
 */
export function binanceError(input: BinanceErrorInput): VenueError {
  const kind = binanceErrorKind(input)
  const where = input.context ? `${input.context}: ` : ''
  const what = (input.msg ?? '').replace(/\s+/g, ' ').trim().slice(0, 300) || 'no message'
  const tag = input.code !== undefined ? `code ${input.code}, HTTP ${input.status}` : `HTTP ${input.status}`
  const outcome = kind === 'temporary' || kind === 'timeout' ? '; execution status unknown' : ''
  return new VenueError({
    kind,
    venue: 'binance',
    code: input.code,
    status: input.status,
    message: `${where}${what} (${tag})${outcome}`,
    retryAfterMs: kind === 'rate-limit' ? rateLimitWait(input) : undefined,
    secrets: input.secrets,
  })
}

/**
 * True when the venue said it does not know the order (-2011 "Unknown order sent.", -2013 "Order does
 * not exist.").
 *
 * @example
 * query$.pipe(catchError((e) => (isBinanceOrderNotFound(e) ? of(undefined) : throwError(() => e))))
 */
export function isBinanceOrderNotFound(e: unknown): boolean {
  return (
    e instanceof VenueError &&
    e.venue === 'binance' &&
    e.kind === 'not-found' &&
    typeof e.code === 'number' &&
    BINANCE_ORDER_NOT_FOUND_CODES.includes(e.code)
  )
}

/**
 * True when the venue refused a new order because its client order id is in use by an open order
 * (-2010 "Duplicate order sent.").
 *
 * @example
 * if (isBinanceDuplicateOrder(e)) return trading.getOrder({ symbol, clientOrderId })
 */
export function isBinanceDuplicateOrder(e: unknown): boolean {
  return (
    e instanceof VenueError && e.venue === 'binance' && e.code === -2010 && /duplicate order/i.test(e.message)
  )
}

function rateLimitWait(input: BinanceErrorInput): number | undefined {
  const text = input.headers?.['retry-after']?.trim()
  if (text !== undefined && /^\d{1,9}$/.test(text)) return Number(text) * 1000
  return input.status === 418 ? BINANCE_IP_BAN_MS : undefined
}
