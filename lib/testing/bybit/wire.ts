/**
 * Bybit's wire vocabulary: the envelope, return codes, and how numbers and names are written.
 * https://bybit-exchange.github.io/docs/v5/error
 */
import { Decimal } from '../../core/decimal.js'
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { OrderStatus, Side } from '../../core/model.js'

/**
 * Return codes the simulator answers with, and Bybit's text for each.
 *
 * @example
 * RET.rateLimit // [10006, 'Too many visits!']
 */
export const RET = {
  ok: [0, 'OK'],
  params: [10001, 'Request parameter error.'],
  recvWindow: [10002, 'The request time exceeds the time window range.'],
  apiKey: [10003, 'API key is invalid.'],
  sign: [10004, 'Error sign, please check your signature generation algorithm.'],
  rateLimit: [10006, 'Too many visits!'],
  qtyTooLarge: [170135, 'Order quantity too large.'],
  priceDecimals: [170134, 'Order price decimal too long.'],
  minQty: [170136, 'Order quantity lower than the minimum.'],
  qtyDecimals: [170137, 'Order volume decimal too long.'],
  minAmt: [170140, 'Order value exceeded lower limit.'],
  duplicateLinkId: [170141, 'Duplicate clientOrderId.'],
  balance: [170131, 'Balance insufficient'],
  notExist: [170213, 'Order does not exist.'],
  server: [10016, 'Server error.'],
} as const satisfies Record<string, readonly [number, string]>

/**
 * A return code by name.
 *
 * @example
 * const name: RetName = 'rateLimit'
 * throw reject(name) // retCode 10006, 'Too many visits!'
 */
export type RetName = keyof typeof RET

const KIND: Partial<Record<RetName, ErrorKind>> = {
  recvWindow: 'clock-skew',
  apiKey: 'auth',
  sign: 'auth',
  rateLimit: 'rate-limit',
  balance: 'insufficient-funds',
  notExist: 'not-found',
}

/**
 * A rejection the simulator answers with `retCode`; `detail` goes after Bybit's text.
 *
 * @example
 * throw reject('params', 'category must be spot') // { retCode: 10001, retMsg: 'Request parameter error. category must be spot' }
 */
export function reject(name: RetName, detail?: string): VenueError {
  const [code, text] = RET[name]
  return new VenueError({
    kind: KIND[name] ?? 'invalid-request',
    venue: 'bybit',
    code,
    message: detail === undefined ? text : `${text} ${detail}`,
  })
}

/**
 * The response envelope every REST answer has.
 *
 * @example
 * const body: Envelope = envelope({ timeSecond: '1718000000' }, clock.now())
 * body.retCode // 0
 */
export interface Envelope {
  readonly retCode: number
  readonly retMsg: string
  readonly result: unknown
  readonly retExtInfo: Record<string, never>
  readonly time: number
}

/**
 * Wraps a result, or a failure, in Bybit's envelope.
 *
 * @example
 * envelope({ timeSecond: '1' }, 1700000000000) // { retCode: 0, retMsg: 'OK', result: {...}, retExtInfo: {}, time: 1700000000000 }
 */
export function envelope(result: unknown, time: number, error?: VenueError): Envelope {
  if (error === undefined) return { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time }
  const code = typeof error.code === 'number' ? error.code : codeOfKind(error.kind)
  return { retCode: code, retMsg: error.message, result: {}, retExtInfo: {}, time }
}

function codeOfKind(kind: ErrorKind): number {
  if (kind === 'insufficient-funds') return RET.balance[0]
  if (kind === 'not-found') return RET.notExist[0]
  if (kind === 'invalid-request') return RET.params[0]
  return RET.server[0]
}

/**
 * A decimal with exactly `dp` decimal places, as Bybit writes prices and sizes.
 *
 * @example
 * fixed(new Decimal('0.5'), 6) // '0.500000'
 */
export function fixed(value: Decimal, dp: number): string {
  return value.toFixed(dp, Decimal.ROUND_DOWN)
}

/**
 * A decimal in its shortest exact form (`'0.5'`, `'200'`), as Bybit writes computed amounts.
 *
 * @example
 * plain(new Decimal('200.50')) // '200.5'
 */
export function plain(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed()
}

/**
 * A decimal rounded down to `dp` places, shortest form.
 *
 * @example
 * rounded(new Decimal('1.23456'), 2) // '1.23'
 */
export function rounded(value: Decimal, dp: number): string {
  return plain(value.toDecimalPlaces(dp, Decimal.ROUND_DOWN))
}

/**
 * Bybit's side name.
 *
 * @example
 * sideName('buy') // 'Buy'
 */
export function sideName(side: Side): 'Buy' | 'Sell' {
  return side === 'buy' ? 'Buy' : 'Sell'
}

/**
 * The side a Bybit side name means, or `undefined`.
 *
 * @example
 * sideOf('Sell') // 'sell'
 */
export function sideOf(name: unknown): Side | undefined {
  return name === 'Buy' ? 'buy' : name === 'Sell' ? 'sell' : undefined
}

/**
 * Bybit's `orderStatus`. Spot closes an order with fills as `PartiallyFilledCanceled`.
 * https://bybit-exchange.github.io/docs/v5/enum#orderstatus
 *
 * @example
 * orderStatusName('expired', new Decimal('0.1')) // 'PartiallyFilledCanceled'
 */
export function orderStatusName(status: OrderStatus, filled: Decimal): string {
  switch (status) {
    case 'pending-new':
    case 'new':
    case 'pending-cancel':
      return 'New'
    case 'partially-filled':
      return 'PartiallyFilled'
    case 'filled':
      return 'Filled'
    case 'rejected':
      return 'Rejected'
    case 'canceled':
    case 'expired':
      return filled.gt(0) ? 'PartiallyFilledCanceled' : 'Cancelled'
  }
}

/**
 * True for a plain unsigned decimal string (`'0.01'`, `'200'`): how Bybit wants prices and sizes.
 *
 * @example
 * isWireDecimal('0.01') // true; isWireDecimal(0.01) // false
 */
export function isWireDecimal(value: unknown): value is string {
  return typeof value === 'string' && /^(?:\d+\.?\d*|\.\d+)$/.test(value)
}

/**
 * A message or connection id shaped like Bybit's (`5923240c6880ab-c59f-420b-9adb-3639adc9dd90`),
 * drawn from a seed and a counter so runs repeat.
 *
 * @example
 * uuidLike(42, 1) === uuidLike(42, 1) // true
 */
export function uuidLike(seed: number, n: number): string {
  const hex = (salt: number, length: number) => {
    let h = (Math.imul(seed ^ 0x5bd1e995, 0x01000193) ^ Math.imul(n + salt, 0x9e3779b1)) >>> 0
    let out = ''
    while (out.length < length) {
      h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
      h = (h ^ (h >>> 12)) >>> 0
      out += h.toString(16).padStart(8, '0')
    }
    return out.slice(0, length)
  }
  return `${hex(1, 14)}-${hex(2, 4)}-${hex(3, 4)}-${hex(4, 4)}-${hex(5, 12)}`
}
