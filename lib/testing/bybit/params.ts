/**
 * Reading request parameters the way Bybit checks them: strict types, documented ranges, 10001 for
 * anything else.
 */
import { Decimal } from '../../core/decimal.js'
import { reject, isWireDecimal } from './wire.js'

/**
 * Request parameters: the query string of a GET or the JSON body of a POST, read the same way.
 *
 * @example
 * const params: Params = method === 'GET' ? queryParams(new URLSearchParams(rawQuery)) : bodyParams(body)
 * params.get('symbol') // 'BTCUSDT'
 */
export interface Params {
  get(name: string): unknown
}

/**
 * Parameters of a query string.
 *
 * @example
 * queryParams(new URLSearchParams('category=spot')).get('category') // 'spot'
 */
export function queryParams(query: URLSearchParams): Params {
  return { get: (name) => query.get(name) ?? undefined }
}

/**
 * Parameters of a JSON body.
 *
 * @throws VenueError 10001 when the body is not a JSON object.
 *
 * @example
 * bodyParams('{"qty":"0.1"}').get('qty') // '0.1'
 */
export function bodyParams(body: string): Params {
  let parsed: unknown
  try {
    parsed = body === '' ? {} : JSON.parse(body)
  } catch {
    throw reject('params', 'the body is not JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw reject('params', 'the body is not a JSON object')
  }
  const record = parsed as Record<string, unknown>
  return { get: (name) => (record[name] === null ? undefined : record[name]) }
}

/**
 * `category`, which must be `spot` here.
 *
 * @example
 * spotCategory(queryParams(new URLSearchParams('category=linear'))) // throws 10001
 */
export function spotCategory(params: Params): void {
  const category = params.get('category')
  if (category === undefined) throw reject('params', 'category is required')
  if (category !== 'spot') throw reject('params', `category ${String(category)} is not supported, only spot`)
}

/**
 * An optional string parameter.
 *
 * @example
 * optionalString(params, 'orderLinkId') // undefined when absent or ''
 */
export function optionalString(params: Params, name: string): string | undefined {
  const v = params.get(name)
  if (v === undefined || v === '') return undefined
  if (typeof v !== 'string') throw reject('params', `${name} must be a string`)
  return v
}

/**
 * An optional integer in [min, max] (a query's text, or a JSON number), else `fallback`.
 *
 * @example
 * integer(params, 'limit', 20, 1, 50) // 20 when absent
 */
export function integer(params: Params, name: string, fallback: number, min: number, max: number): number {
  const v = params.get(name)
  if (v === undefined || v === '') return fallback
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,16}$/.test(v) ? Number(v) : NaN
  if (!Number.isInteger(n) || n < min || n > max) {
    throw reject('params', `${name} must be an integer in [${min}, ${max}], got ${String(v)}`)
  }
  return n
}

/**
 * An optional ms timestamp.
 *
 * @example
 * timestamp(params, 'startTime') // 1714564800000
 */
export function timestamp(params: Params, name: string): number | undefined {
  const v = params.get(name)
  if (v === undefined || v === '') return undefined
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : NaN
  if (!Number.isInteger(n) || n < 0) throw reject('params', `${name} must be a timestamp in ms`)
  return n
}

/**
 * An optional positive decimal sent as a string, as Bybit wants prices and quantities.
 *
 * @throws VenueError 10001 for a number, a negative value or anything not a plain decimal.
 *
 * @example
 * decimalString(bodyParams('{"qty":0.1}'), 'qty') // throws 10001: a number, not a string
 */
export function decimalString(params: Params, name: string): Decimal | undefined {
  const v = params.get(name)
  if (v === undefined || v === '') return undefined
  if (!isWireDecimal(v)) throw reject('params', `${name} must be a decimal string, got ${JSON.stringify(v)}`)
  return new Decimal(v)
}
