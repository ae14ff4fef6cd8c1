/**
 * Binance error answers (`{"code": -1121, "msg": "Invalid symbol."}` and the HTTP status) read by the
 * spec's error table: by code, then by message, then by HTTP status
 * (https://developers.binance.com/docs/binance-spot-api-docs/errors).
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { HttpResponse } from '../../transport/http.js'
import type { ResponseInfo } from '../../transport/rest.js'
import { errorKind, hasCode, venueError } from '../kit/error-table.js'
import { BinanceErrorBody } from './codecs.js'
import { BINANCE_SPEC } from './spec.js'

/** What {@link binanceError} reads from a Binance answer. */
export interface BinanceErrorInput {
  /** HTTP status of the response (for a WebSocket API answer, its `status` field). */
  readonly status: number
  /** The body's `code` (negative), when the body had one. */
  readonly code?: number | undefined
  /** The body's `msg`, or the raw body text when it was not a Binance error body. */
  readonly msg?: string | undefined
  /** The wait the venue asked for (its Retry-After), in ms. */
  readonly retryAfterMs?: number | undefined
  /** What was asked, e.g. `POST /api/v3/order`; starts the message. */
  readonly context?: string | undefined
  /** Exact secret values (API key, secret, signatures) scrubbed from the message. */
  readonly secrets?: Iterable<string> | undefined
}

/** The kind of a Binance error. */
export function binanceErrorKind(input: Pick<BinanceErrorInput, 'status' | 'code' | 'msg'>): ErrorKind {
  return errorKind(BINANCE_SPEC.errors, { status: input.status, code: input.code, message: input.msg })
}

/**
 * The {@link VenueError} of a Binance error answer; a 418 IP ban without Retry-After waits
 * `BINANCE_IP_BAN_MS`. A 5xx is `temporary` and says the execution status is unknown.
 */
export function binanceError(input: BinanceErrorInput): VenueError {
  return venueError('binance', BINANCE_SPEC.errors, { ...input, message: input.msg })
}

/** The error of a Binance response with a failed HTTP status; `undefined` on success. */
export function binanceResponseError(
  response: HttpResponse,
  info: ResponseInfo,
  secrets: Iterable<string>,
): VenueError | undefined {
  if (response.status >= 200 && response.status < 300) return undefined
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    body = undefined
  }
  const known = BinanceErrorBody.is(body) ? body : undefined
  return binanceError({
    status: response.status,
    code: known?.code,
    msg: known?.msg ?? response.body,
    retryAfterMs: info.retryAfterMs,
    context: `${info.method} ${info.path}`,
    secrets,
  })
}

/** The venue does not know the order (-2011 "Unknown order sent.", -2013 "Order does not exist."). */
export function isBinanceOrderNotFound(e: unknown): boolean {
  return hasCode(e, 'binance', BINANCE_SPEC.errors.orderNotFound) && (e as VenueError).kind === 'not-found'
}

/** A new order refused because its client order id is in use by an open order (-2010 "Duplicate order sent."). */
export function isBinanceDuplicateOrder(e: unknown): boolean {
  return (
    hasCode(e, 'binance', BINANCE_SPEC.errors.duplicateClientOrderId) &&
    /duplicate order/i.test((e as VenueError).message)
  )
}
