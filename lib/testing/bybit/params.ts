/**
 * Reading request parameters the way Bybit checks them: strict types, documented ranges, 10001 for
 * anything else.
 */
import type { SimHttpRequest } from '../kit/http-intake.js'
import { jsonParams, ParamReaders, queryParams, type Params, type Reader } from '../kit/params.js'
import { reject } from './wire.js'

export type { Params }

/** Bybit's parameter readers: a wrong parameter is a 10001 that names it. */
export const p = new ParamReaders({
  missing: (name) => reject('params', `${name} is required`),
  notText: (name) => reject('params', `${name} must be a string`),
  integer: /^-?\d{1,16}$/,
  jsonNumbers: true,
  badInteger: (name, v, min, max) =>
    reject('params', `${name} must be an integer in [${min}, ${max}], got ${String(v)}`),
  // Prices and quantities are plain unsigned decimal strings, never JSON numbers.
  decimal: /^(?:\d+\.?\d*|\.\d+)$/,
  badDecimal: (name, v) => reject('params', `${name} must be a decimal string, got ${JSON.stringify(v)}`),
})

/** An optional ms timestamp. */
export const timestamp = p.int(undefined, 0, Number.MAX_SAFE_INTEGER, (name) =>
  reject('params', `${name} must be a timestamp in ms`),
)

/** A request's parameters: the query string of a GET, the JSON body (an object) of a POST. */
export function requestParams(request: Pick<SimHttpRequest, 'method' | 'rawQuery' | 'body'>): Params {
  if (request.method === 'GET') return queryParams(request.rawQuery)
  return jsonParams(request.body, (why) => reject('params', why))
}

/** `category`, which must be `spot` here: the first check of every market and order endpoint. */
export const spot: Reader<'spot'> = (params) => {
  const category = params.get('category')
  if (category === undefined) throw reject('params', 'category is required')
  if (category !== 'spot') throw reject('params', `category ${String(category)} is not supported, only spot`)
  return 'spot'
}
