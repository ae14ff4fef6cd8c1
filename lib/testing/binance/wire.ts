/**
 * Binance's wire vocabulary: error codes and texts, HTTP statuses, and how numbers and names are
 * written. https://developers.binance.com/docs/binance-spot-api-docs/errors
 */
import type { Decimal } from '../../core/decimal.js'
import type { ErrorKind, VenueError } from '../../core/errors.js'
import type { OrderStatus } from '../../core/model.js'
import { errorMaker, type ErrorRow } from '../kit/error-table.js'
import { fixed, seededText } from '../kit/wire-text.js'

/** Error codes the simulator answers with, Binance's text for each, its HTTP status and its kind. */
const ERR = {
  unknown: {
    code: -1000,
    text: 'An unknown error occurred while processing the request.',
    status: 500,
    kind: 'temporary',
  },
  tooManyRequests: { code: -1003, text: 'Too many requests.', status: 429, kind: 'rate-limit' },
  tooManyOrders: { code: -1015, text: 'Too many new orders.', status: 429, kind: 'rate-limit' },
  unsupported: { code: -1014, text: 'Unsupported order combination.', status: 400 },
  invalidMessage: { code: -1013, text: 'Invalid message.', status: 400 },
  timestamp: {
    code: -1021,
    text: 'Timestamp for this request is outside of the recvWindow.',
    status: 400,
    kind: 'clock-skew',
  },
  timestampAhead: {
    code: -1021,
    text: "Timestamp for this request was 1000ms ahead of the server's time.",
    status: 400,
    kind: 'clock-skew',
  },
  badSignature: { code: -1022, text: 'Signature for this request is not valid.', status: 400, kind: 'auth' },
  illegalChars: { code: -1100, text: 'Illegal characters found in a parameter.', status: 400 },
  tooManyParams: { code: -1101, text: 'Too many parameters sent for this endpoint.', status: 400 },
  mandatory: {
    code: -1102,
    text: 'A mandatory parameter was not sent, was empty/null, or malformed.',
    status: 400,
  },
  unknownParam: { code: -1104, text: 'Not all sent parameters were read.', status: 400 },
  badPrecision: { code: -1111, text: 'Parameter has too much precision.', status: 400 },
  badTif: { code: -1115, text: 'Invalid timeInForce.', status: 400 },
  badOrderType: { code: -1116, text: 'Invalid orderType.', status: 400 },
  badSide: { code: -1117, text: 'Invalid side.', status: 400 },
  badSymbol: { code: -1121, text: 'Invalid symbol.', status: 400 },
  badInterval: { code: -1120, text: 'Invalid interval.', status: 400 },
  badParam: { code: -1130, text: 'Invalid data sent for a parameter.', status: 400 },
  badRecvWindow: { code: -1131, text: 'recvWindow must be less than 60000', status: 400 },
  newOrderRejected: { code: -2010, text: 'New order rejected.', status: 400 },
  cancelRejected: { code: -2011, text: 'Unknown order sent.', status: 400, kind: 'not-found' },
  noSuchOrder: { code: -2013, text: 'Order does not exist.', status: 400, kind: 'not-found' },
  badApiKeyFormat: { code: -2014, text: 'API-key format invalid.', status: 401, kind: 'auth' },
  rejectedKey: {
    code: -2015,
    text: 'Invalid API-key, IP, or permissions for action.',
    status: 401,
    kind: 'auth',
  },
} as const satisfies Record<string, ErrorRow>

const make = errorMaker('binance', ERR)

/**
 * A rejection answered as `{code, msg}`; `msg` replaces Binance's generic text when given.
 *
 * @example
 * throw binanceError('mandatory', "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
 */
export function binanceError(
  name: keyof typeof ERR,
  msg?: string,
  kind?: ErrorKind,
  status?: number,
): VenueError {
  return make(name, { message: msg, kind, status })
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
  return { status: fallback.status, body: { code: fallback.code, msg: error.message } }
}

/**
 * A decimal with 8 places, as Binance writes prices, quantities and amounts.
 *
 * @example
 * eight(new Decimal('4.000002')) // '4.00000200'
 */
export const eight = (value: Decimal): string => fixed(value, 8)

/** Binance's side names. */
export const SIDE = { buy: 'BUY', sell: 'SELL' } as const

/** Binance's order `status`. An order that was canceled or expired keeps its fills. */
export const STATUS: Readonly<Record<OrderStatus, string>> = {
  'pending-new': 'PENDING_NEW',
  new: 'NEW',
  'partially-filled': 'PARTIALLY_FILLED',
  filled: 'FILLED',
  'pending-cancel': 'PENDING_CANCEL',
  canceled: 'CANCELED',
  rejected: 'REJECTED',
  expired: 'EXPIRED',
}

/**
 * A client order id like Binance's generated ones (22 letters and digits), from a seed and a counter
 * so runs repeat.
 *
 * @example
 * clientIdLike(42, 1) // e.g. '6gCrw2kRUAF9CvJDGP16IP'
 */
export function clientIdLike(seed: number, n: number): string {
  return seededText(seed, 0x27d4eb2d, n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 22)
}
