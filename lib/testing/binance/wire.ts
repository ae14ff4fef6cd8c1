/**
 * Binance's wire vocabulary: error codes and texts, HTTP statuses, how numbers and names are written,
 * and how parameters are read (form query and body, the query winning; strict formats).
 * https://developers.binance.com/docs/binance-spot-api-docs/errors
 */
import type { Decimal } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import type { OrderStatus } from '../../core/model.js'
import { errorMaker, type ErrorDetail, type ErrorRow } from '../kit/error-table.js'
import { ParamReaders, type Params as KitParams } from '../kit/params.js'
import { fixed, seededText } from '../kit/wire-text.js'

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
  mandatory: {
    code: -1102,
    text: 'A mandatory parameter was not sent, was empty/null, or malformed.',
    status: 400,
  },
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

/** A rejection answered as `{code, msg}`; `msg` replaces Binance's generic text when given. */
export function binanceError(
  name: keyof typeof ERR,
  msg?: string,
  detail?: Omit<ErrorDetail, 'message'>,
): VenueError {
  return make(name, { ...detail, message: msg })
}

export const insufficientBalance = (): VenueError =>
  binanceError('newOrderRejected', 'Account has insufficient balance for requested action.', {
    kind: 'insufficient-funds',
  })

export const missing = (name: string): VenueError =>
  binanceError('mandatory', `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`)

/** `-1013 Filter failure: LOT_SIZE` */
export const filterFailure = (filter: string): VenueError =>
  binanceError('invalidMessage', `Filter failure: ${filter}`)

/** The `{code, msg}` body and HTTP status of a failure; anything not from Binance's table is a -1000. */
export function errorBody(error: VenueError): { status: number; body: { code: number; msg: string } } {
  if (typeof error.code === 'number') {
    return { status: error.status ?? 400, body: { code: error.code, msg: error.message } }
  }
  const fallback = error.kind === 'invalid-request' ? ERR.invalidMessage : ERR.unknown
  return { status: fallback.status, body: { code: fallback.code, msg: error.message } }
}

/** Binance writes prices, quantities and amounts with 8 places. */
export const eight = (value: Decimal): string => fixed(value, 8)

export const levels = (list: readonly { price: Decimal; size: Decimal }[]) =>
  list.map((l) => [eight(l.price), eight(l.size)])

export const SIDE = { buy: 'BUY', sell: 'SELL' } as const

/** An order that was canceled or expired keeps its fills. */
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

/** A client order id like Binance's generated ones (22 letters and digits), repeating with the seed. */
export function clientIdLike(seed: number, n: number): string {
  return seededText(seed, 0x27d4eb2d, n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 22)
}

export type Params = KitParams<string>

/** A malformed value is a -1100 quoting the legal range, one out of range a -1130, a missing one a -1102. */
export const p = new ParamReaders({
  missing,
  notText: (name) => missing(name),
  integer: /^-?\d{1,19}$/,
  jsonNumbers: false,
  badInteger: (name, _v, min, max, malformed) =>
    malformed
      ? binanceError(
          'illegalChars',
          `Illegal characters found in parameter '${name}'; legal range is '^-?[0-9]{1,19}$'.`,
        )
      : binanceError('badParam', `Invalid data sent for a parameter: '${name}' must be in [${min}, ${max}].`),
  decimal: /^\d{1,20}(\.\d{1,20})?$/,
  badDecimal: (name) =>
    binanceError(
      'illegalChars',
      `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`,
    ),
})

/** An optional id or ms time: a non-negative integer. */
export const id = p.int(undefined, 0, Number.MAX_SAFE_INTEGER)
