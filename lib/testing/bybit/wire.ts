/**
 * Bybit's wire vocabulary: the envelope, return codes, and how sides, statuses and ids are written.
 * https://bybit-exchange.github.io/docs/v5/error
 */
import type { Decimal } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import type { OrderStatus } from '../../core/model.js'
import { errorMaker, type ErrorRow } from '../kit/error-table.js'
import { seededHex } from '../kit/wire-text.js'

export { fixed, plain, rounded } from '../kit/wire-text.js'

/** Return codes the simulator answers with, Bybit's text for each, and what kind of failure it is. */
const RET = {
  params: { code: 10001, text: 'Request parameter error.' },
  recvWindow: { code: 10002, text: 'The request time exceeds the time window range.', kind: 'clock-skew' },
  apiKey: { code: 10003, text: 'API key is invalid.', kind: 'auth' },
  sign: { code: 10004, text: 'Error sign, please check your signature generation algorithm.', kind: 'auth' },
  rateLimit: { code: 10006, text: 'Too many visits!', kind: 'rate-limit' },
  qtyTooLarge: { code: 170135, text: 'Order quantity too large.' },
  priceDecimals: { code: 170134, text: 'Order price decimal too long.' },
  minQty: { code: 170136, text: 'Order quantity lower than the minimum.' },
  qtyDecimals: { code: 170137, text: 'Order volume decimal too long.' },
  minAmt: { code: 170140, text: 'Order value exceeded lower limit.' },
  duplicateLinkId: { code: 170141, text: 'Duplicate clientOrderId.' },
  balance: { code: 170131, text: 'Balance insufficient', kind: 'insufficient-funds' },
  notExist: { code: 170213, text: 'Order does not exist.', kind: 'not-found' },
  server: { code: 10016, text: 'Server error.' },
} as const satisfies Record<string, ErrorRow>

const make = errorMaker('bybit', RET)

/** A rejection the simulator answers with `retCode`; `detail` goes after Bybit's text. */
export function reject(name: keyof typeof RET, detail?: string): VenueError {
  const text = RET[name].text
  return make(name, { message: detail === undefined ? text : `${text} ${detail}` })
}

/** A failure's `retCode` when it is not one of Bybit's own. */
const CODE_OF_KIND: Partial<Record<string, number>> = {
  'insufficient-funds': RET.balance.code,
  'not-found': RET.notExist.code,
  'invalid-request': RET.params.code,
}

/** A result, or a failure, in Bybit's envelope. */
export function envelope(result: unknown, time: number, error?: VenueError) {
  if (error === undefined) return { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time }
  const code = typeof error.code === 'number' ? error.code : (CODE_OF_KIND[error.kind] ?? RET.server.code)
  return { retCode: code, retMsg: error.message, result: {}, retExtInfo: {}, time }
}

export const SIDE = { buy: 'Buy', sell: 'Sell' } as const

/** Bybit's `orderStatus` of an order without fills. https://bybit-exchange.github.io/docs/v5/enum#orderstatus */
const STATUS: Readonly<Record<OrderStatus, string>> = {
  'pending-new': 'New',
  new: 'New',
  'pending-cancel': 'New',
  'partially-filled': 'PartiallyFilled',
  filled: 'Filled',
  rejected: 'Rejected',
  canceled: 'Cancelled',
  expired: 'Cancelled',
}

/** Bybit's `orderStatus`. Spot closes an order with fills as `PartiallyFilledCanceled`. */
export function orderStatusName(status: OrderStatus, filled: Decimal): string {
  const name = STATUS[status]
  return name === 'Cancelled' && filled.gt(0) ? 'PartiallyFilledCanceled' : name
}

/** A message or connection id shaped like Bybit's (`5923240c6880ab-c59f-420b-9adb-3639adc9dd90`). */
export function uuidLike(seed: number, n: number): string {
  const hex = (salt: number, length: number) => seededHex(seed, 0x5bd1e995, n + salt, length)
  return `${hex(1, 14)}-${hex(2, 4)}-${hex(3, 4)}-${hex(4, 4)}-${hex(5, 12)}`
}
