/**
 * Bybit v5 `retCode`s as {@link VenueError} kinds. The table follows
 * https://bybit-exchange.github.io/docs/v5/error; a code it does not name falls back to the HTTP status
 * (5xx `temporary`) or `invalid-request`, which is never retried.
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'

/**
 * What {@link bybitError} reads from a Bybit answer.
 *
 * @example
 * const input: BybitErrorInput = { retCode: 10002, retMsg: 'invalid request, please check your server timestamp', status: 200 }
 * bybitError(input).kind // 'clock-skew'
 */
export interface BybitErrorInput {
  /** The envelope's `retCode` (non-zero). */
  readonly retCode: number
  /** The envelope's `retMsg`. */
  readonly retMsg: string
  /** HTTP status of the response, when it came over HTTP. */
  readonly status?: number | undefined
  /** Response headers, lower-case names: `x-bapi-limit-reset-timestamp` gives a rate limit's wait. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Venue time now (epoch ms), to turn the reset timestamp into a wait. Default `Date.now()`. */
  readonly now?: number | undefined
  /** What was asked, e.g. `POST /v5/order/create`; starts the message. */
  readonly context?: string | undefined
  /** Exact secret values (API key, secret, signatures) scrubbed from the message. */
  readonly secrets?: Iterable<string> | undefined
}

/**
 * Bybit's two "this client order id was used already" codes (UTA and classic spot).
 *
 * @example
 * BYBIT_DUPLICATE_CLIENT_ID_CODES.includes(Number(e.code)) // same as isDuplicateClientOrderId(e) for a Bybit error
 */
export const BYBIT_DUPLICATE_CLIENT_ID_CODES: readonly number[] = [110072, 170141]

/**
 * Codes that mean the order is already filled or canceled (a cancel or amend came too late).
 *
 * @example
 * BYBIT_ORDER_FINISHED_CODES.includes(110008) // true
 */
export const BYBIT_ORDER_FINISHED_CODES: readonly number[] = [110008, 170139, 170142]

/**
 * Codes that mean the venue does not know the order.
 *
 * @example
 * BYBIT_ORDER_NOT_FOUND_CODES.includes(170213) // true
 */
export const BYBIT_ORDER_NOT_FOUND_CODES: readonly number[] = [110001, 170213]

/**
 * How long an HTTP 403 "access too frequent" (the per-IP limit) holds the venue: the docs say to stop
 * and wait at least 10 minutes (https://bybit-exchange.github.io/docs/v5/rate-limit).
 *
 * @example
 * bybitHttpError({ status: 403, body: '' })?.retryAfterMs === BYBIT_IP_BAN_MS // true
 */
export const BYBIT_IP_BAN_MS = 600_000

const KIND: ReadonlyMap<number, ErrorKind> = new Map<number, ErrorKind>([
  [10000, 'temporary'], // server timeout
  [10001, 'invalid-request'],
  [10002, 'clock-skew'],
  [10003, 'auth'],
  [10004, 'auth'],
  [10005, 'auth'],
  [10006, 'rate-limit'],
  [10007, 'auth'],
  [10010, 'auth'],
  [10014, 'invalid-request'], // invalid duplicate request
  [10016, 'temporary'],
  [10017, 'not-found'], // route not found
  [10018, 'rate-limit'], // per-IP limit
  [10027, 'auth'], // trading banned for the account
  [110001, 'not-found'],
  [110004, 'insufficient-funds'],
  [110007, 'insufficient-funds'],
  [110008, 'invalid-request'],
  [110072, 'invalid-request'],
  [170005, 'rate-limit'],
  [170131, 'insufficient-funds'],
  [170134, 'invalid-request'],
  [170136, 'invalid-request'],
  [170137, 'invalid-request'],
  [170139, 'invalid-request'],
  [170140, 'invalid-request'],
  [170141, 'invalid-request'],
  [170142, 'invalid-request'],
  [170213, 'not-found'],
  [170222, 'rate-limit'],
])

/**
 * The error kind a Bybit `retCode` means, or `undefined` for a code the table does not name.
 *
 * @example
 * bybitErrorKind(10002) // 'clock-skew'
 */
export function bybitErrorKind(retCode: number): ErrorKind | undefined {
  return KIND.get(retCode)
}

/**
 * The {@link VenueError} for a Bybit error answer. The venue's code is kept as `code`; a rate limit
 * carries `retryAfterMs` from `X-Bapi-Limit-Reset-Timestamp` when the venue sent it. The message never
 * holds the signed pre-hash string Bybit echoes on a bad signature (it contains the API key).
 *
 * @example
 * const e = bybitError({ retCode: 10006, retMsg: 'Too many visits!', headers, now: clock.now() })
 * e.kind          // 'rate-limit'
 * e.retryAfterMs  // reset timestamp − now
 */
export function bybitError(input: BybitErrorInput): VenueError {
  const { retCode, status } = input
  const kind = KIND.get(retCode) ?? (status !== undefined && status >= 500 ? 'temporary' : 'invalid-request')
  const where = input.context ? `${input.context}: ` : ''
  return new VenueError({
    kind,
    venue: 'bybit',
    code: retCode,
    status,
    message: `${where}${scrub(input.retMsg) || 'no message'} (retCode ${retCode})`,
    retryAfterMs: kind === 'rate-limit' ? resetWait(input.headers, input.now) : undefined,
    secrets: input.secrets,
  })
}

/**
 * The error for an HTTP answer that carries no Bybit envelope, or `undefined` for a 2xx. A 403 is the
 * per-IP limit ("access too frequent"), not an auth failure: `rate-limit` for the `Retry-After` the
 * venue gave, else {@link BYBIT_IP_BAN_MS}.
 *
 * @example
 * bybitHttpError({ status: 403, body: 'access too frequent' })?.kind // 'rate-limit'
 */
export function bybitHttpError(input: {
  readonly status: number
  readonly body: string
  readonly context?: string | undefined
  readonly retryAfterMs?: number | undefined
  readonly secrets?: Iterable<string> | undefined
}): VenueError | undefined {
  const { status } = input
  if (status >= 200 && status < 300) return undefined
  const snippet = scrub(input.body.replace(/\s+/g, ' ').trim().slice(0, 200))
  const kind: ErrorKind =
    status === 403 || status === 429 || status === 418
      ? 'rate-limit'
      : status >= 500
        ? 'temporary'
        : status === 401
          ? 'auth'
          : status === 404
            ? 'not-found'
            : status === 408
              ? 'timeout'
              : 'invalid-request'
  const where = input.context ? `${input.context}: ` : ''
  return new VenueError({
    kind,
    venue: 'bybit',
    status,
    message: `${where}HTTP ${status}${snippet ? ` ${snippet}` : ''}`,
    retryAfterMs:
      kind === 'rate-limit'
        ? (input.retryAfterMs ?? (status === 403 ? BYBIT_IP_BAN_MS : undefined))
        : undefined,
    secrets: input.secrets,
  })
}

/**
 * True when the venue refused an order because its client order id (`orderLinkId`) was used already.
 *
 * @example
 * if (isDuplicateClientOrderId(e)) return trading.getOrder({ symbol, clientOrderId })
 */
export function isDuplicateClientOrderId(e: unknown): boolean {
  return codeIn(e, BYBIT_DUPLICATE_CLIENT_ID_CODES)
}

/**
 * True when the venue refused a cancel or amend because the order is already filled or canceled.
 *
 * @example
 * cancel$.pipe(catchError((e) => (isOrderFinished(e) ? getOrder$ : throwError(() => e))))
 */
export function isOrderFinished(e: unknown): boolean {
  return codeIn(e, BYBIT_ORDER_FINISHED_CODES)
}

/**
 * True when the venue said it does not know the order.
 *
 * @example
 * realtime$.pipe(catchError((e) => (isOrderNotFound(e) ? history$ : throwError(() => e))))
 */
export function isOrderNotFound(e: unknown): boolean {
  return codeIn(e, BYBIT_ORDER_NOT_FOUND_CODES)
}

function codeIn(e: unknown, codes: readonly number[]): boolean {
  return (
    e instanceof VenueError && e.venue === 'bybit' && typeof e.code === 'number' && codes.includes(e.code)
  )
}

function resetWait(headers: BybitErrorInput['headers'], now: number | undefined): number | undefined {
  const text = headers?.['x-bapi-limit-reset-timestamp']
  if (text === undefined || !/^\d{1,16}$/.test(text.trim())) return undefined
  return Math.max(0, Number(text.trim()) - (now ?? Date.now()))
}

// A bad signature is answered with the pre-hash string (`origin_string[...]`), which holds the API key.
function scrub(message: string): string {
  return message.replace(/origin_string[\s\S]*/i, 'origin_string [redacted]')
}
