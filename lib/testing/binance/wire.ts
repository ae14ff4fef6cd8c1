/**
 * Binance's wire vocabulary: error codes and texts, HTTP statuses, and how numbers and names are
 * written. https://developers.binance.com/docs/binance-spot-api-docs/errors
 */
import { Decimal } from '../../core/decimal.js'
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { OrderStatus, Side } from '../../core/model.js'

/**
 * Error codes the simulator answers with, Binance's text for each, and the HTTP status it comes with.
 *
 * @example
 * ERR.badSignature // [-1022, 'Signature for this request is not valid.', 400]
 */
export const ERR = {
  unknown: [-1000, 'An unknown error occurred while processing the request.', 500],
  tooManyRequests: [-1003, 'Too many requests.', 429],
  tooManyOrders: [-1015, 'Too many new orders.', 429],
  unsupported: [-1014, 'Unsupported order combination.', 400],
  invalidMessage: [-1013, 'Invalid message.', 400],
  timestamp: [-1021, 'Timestamp for this request is outside of the recvWindow.', 400],
  timestampAhead: [-1021, "Timestamp for this request was 1000ms ahead of the server's time.", 400],
  badSignature: [-1022, 'Signature for this request is not valid.', 400],
  illegalChars: [-1100, 'Illegal characters found in a parameter.', 400],
  tooManyParams: [-1101, 'Too many parameters sent for this endpoint.', 400],
  mandatory: [-1102, 'A mandatory parameter was not sent, was empty/null, or malformed.', 400],
  unknownParam: [-1104, 'Not all sent parameters were read.', 400],
  badPrecision: [-1111, 'Parameter has too much precision.', 400],
  badTif: [-1115, 'Invalid timeInForce.', 400],
  badOrderType: [-1116, 'Invalid orderType.', 400],
  badSide: [-1117, 'Invalid side.', 400],
  badSymbol: [-1121, 'Invalid symbol.', 400],
  badInterval: [-1120, 'Invalid interval.', 400],
  badParam: [-1130, 'Invalid data sent for a parameter.', 400],
  badRecvWindow: [-1131, 'recvWindow must be less than 60000', 400],
  newOrderRejected: [-2010, 'New order rejected.', 400],
  cancelRejected: [-2011, 'Unknown order sent.', 400],
  noSuchOrder: [-2013, 'Order does not exist.', 400],
  badApiKeyFormat: [-2014, 'API-key format invalid.', 401],
  rejectedKey: [-2015, 'Invalid API-key, IP, or permissions for action.', 401],
} as const satisfies Record<string, readonly [number, string, number]>

/**
 * An error by name.
 *
 * @example
 * const name: ErrName = 'tooManyRequests'
 * throw binanceError(name, 'Too much request weight used') // -1003, HTTP 429
 */
export type ErrName = keyof typeof ERR

const KIND: Partial<Record<ErrName, ErrorKind>> = {
  unknown: 'temporary',
  tooManyRequests: 'rate-limit',
  tooManyOrders: 'rate-limit',
  timestamp: 'clock-skew',
  timestampAhead: 'clock-skew',
  badSignature: 'auth',
  badApiKeyFormat: 'auth',
  rejectedKey: 'auth',
  cancelRejected: 'not-found',
  noSuchOrder: 'not-found',
}

/**
 * A rejection answered as `{code, msg}`; `msg` replaces Binance's generic text when given.
 *
 * @example
 * throw binanceError('mandatory', "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
 */
export function binanceError(name: ErrName, msg?: string, kind?: ErrorKind, status?: number): VenueError {
  const [code, text, defaultStatus] = ERR[name]
  return new VenueError({
    kind: kind ?? KIND[name] ?? 'invalid-request',
    venue: 'binance',
    code,
    status: status ?? defaultStatus,
    message: msg ?? text,
  })
}

/**
 * The `-2010` rejection for an account without the funds.
 *
 * @example
 * throw insufficientBalance()
 */
export function insufficientBalance(): VenueError {
  return binanceError(
    'newOrderRejected',
    'Account has insufficient balance for requested action.',
    'insufficient-funds',
  )
}

/**
 * The `-1102` rejection for a missing parameter, in Binance's words.
 *
 * @example
 * missing('symbol') // "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."
 */
export function missing(name: string): VenueError {
  return binanceError(
    'mandatory',
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  )
}

/**
 * The `-1013` rejection of a failed symbol filter.
 *
 * @example
 * filterFailure('LOT_SIZE') // { code: -1013, msg: 'Filter failure: LOT_SIZE' }
 */
export function filterFailure(filter: string): VenueError {
  return binanceError('invalidMessage', `Filter failure: ${filter}`)
}

/**
 * The error body Binance sends.
 *
 * @example
 * const { status, body } = errorBody(binanceError('timestamp'))
 * body satisfies ErrorBody // { code: -1021, msg: ... }
 */
export interface ErrorBody {
  readonly code: number
  readonly msg: string
}

/**
 * The `{code, msg}` body and HTTP status of a failure; anything not from Binance's table is a -1000.
 *
 * @example
 * errorBody(binanceError('badSymbol')) // { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } }
 */
export function errorBody(error: VenueError): { status: number; body: ErrorBody } {
  if (typeof error.code === 'number') {
    return { status: error.status ?? 400, body: { code: error.code, msg: error.message } }
  }
  const fallback = error.kind === 'invalid-request' ? ERR.invalidMessage : ERR.unknown
  return { status: fallback[2], body: { code: fallback[0], msg: error.message } }
}

/**
 * A decimal with 8 places, as Binance writes prices, quantities and amounts.
 *
 * @example
 * eight(new Decimal('4.000002')) // '4.00000200'
 */
export function eight(value: Decimal): string {
  return value.toFixed(8, Decimal.ROUND_DOWN)
}

/**
 * Binance's side name.
 *
 * @example
 * sideName('buy') // 'BUY'
 */
export function sideName(side: Side): 'BUY' | 'SELL' {
  return side === 'buy' ? 'BUY' : 'SELL'
}

/**
 * Binance's order `status`. An order that was canceled or expired keeps its fills.
 *
 * @example
 * statusName('partially-filled') // 'PARTIALLY_FILLED'
 */
export function statusName(status: OrderStatus): string {
  switch (status) {
    case 'pending-new':
      return 'PENDING_NEW'
    case 'new':
      return 'NEW'
    case 'partially-filled':
      return 'PARTIALLY_FILLED'
    case 'filled':
      return 'FILLED'
    case 'pending-cancel':
      return 'PENDING_CANCEL'
    case 'canceled':
      return 'CANCELED'
    case 'rejected':
      return 'REJECTED'
    case 'expired':
      return 'EXPIRED'
  }
}

/**
 * A client order id like Binance's generated ones (22 letters and digits), from a seed and a counter
 * so runs repeat.
 *
 * @example
 * clientIdLike(42, 1) // e.g. '6gCrw2kRUAF9CvJDGP16IP'
 */
export function clientIdLike(seed: number, n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let h = (Math.imul(seed ^ 0x27d4eb2d, 0x01000193) ^ Math.imul(n, 0x9e3779b1)) >>> 0
  let out = ''
  while (out.length < 22) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
    h = (h ^ (h >>> 12)) >>> 0
    out += alphabet[h % alphabet.length]
  }
  return out
}
