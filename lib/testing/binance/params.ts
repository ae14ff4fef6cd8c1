/**
 * Reading request parameters the way Binance checks them: `application/x-www-form-urlencoded` query
 * and body (the query wins when both carry a name), strict formats, Binance's codes for the rest.
 */
import { Decimal } from '../../core/decimal.js'
import { binanceError, missing } from './wire.js'

/**
 * Request parameters, as text.
 *
 * @example
 * const params: Params = formParams(rawQuery, body)
 * params.get('symbol') // 'BTCUSDT'
 */
export interface Params {
  get(name: string): string | undefined
}

/**
 * Parameters of a query string and a form body together.
 *
 * @example
 * formParams('symbol=BTCUSDT', 'quantity=1').get('quantity') // '1'
 */
export function formParams(rawQuery: string, rawBody: string): Params {
  const query = new URLSearchParams(rawQuery)
  const body = new URLSearchParams(rawBody)
  return { get: (name) => query.get(name) ?? body.get(name) ?? undefined }
}

/**
 * Parameters of a WebSocket API request's `params` object; numbers and booleans read as their text.
 *
 * @example
 * objectParams({ symbol: 'BTCUSDT', limit: 5 }).get('limit') // '5'
 */
export function objectParams(params: Readonly<Record<string, unknown>>): Params {
  return {
    get: (name) => {
      const v = params[name]
      if (v === undefined || v === null) return undefined
      return typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : undefined
    },
  }
}

/**
 * A parameter that must be there.
 *
 * @throws VenueError -1102 when absent or empty.
 * @example
 * required(params, 'symbol') // 'BTCUSDT'
 */
export function required(params: Params, name: string): string {
  const v = params.get(name)
  if (v === undefined || v === '') throw missing(name)
  return v
}

/**
 * An optional parameter; `''` counts as absent.
 *
 * @example
 * optional(params, 'newClientOrderId') // undefined when not sent
 */
export function optional(params: Params, name: string): string | undefined {
  const v = params.get(name)
  return v === undefined || v === '' ? undefined : v
}

/**
 * An optional integer in [min, max], else `fallback`.
 *
 * @throws VenueError -1100 for a non-integer, -1130 for one out of range.
 * @example
 * integer(params, 'limit', 500, 1, 1000) // 500 when absent
 */
export function integer(params: Params, name: string, fallback: number, min: number, max: number): number
export function integer(
  params: Params,
  name: string,
  fallback: undefined,
  min: number,
  max: number,
): number | undefined
export function integer(
  params: Params,
  name: string,
  fallback: number | undefined,
  min: number,
  max: number,
): number | undefined {
  const v = optional(params, name)
  if (v === undefined) return fallback
  if (!/^-?\d{1,19}$/.test(v)) {
    throw binanceError(
      'illegalChars',
      `Illegal characters found in parameter '${name}'; legal range is '^-?[0-9]{1,19}$'.`,
    )
  }
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw binanceError(
      'badParam',
      `Invalid data sent for a parameter: '${name}' must be in [${min}, ${max}].`,
    )
  }
  return n
}

/**
 * An optional decimal parameter (`price`, `quantity`, `quoteOrderQty`).
 *
 * @throws VenueError -1100 for anything but a plain unsigned decimal.
 * @example
 * decimal(params, 'price') // Decimal('65000.01')
 */
export function decimal(params: Params, name: string): Decimal | undefined {
  const v = optional(params, name)
  if (v === undefined) return undefined
  if (!/^\d{1,20}(\.\d{1,20})?$/.test(v)) {
    throw binanceError(
      'illegalChars',
      `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`,
    )
  }
  return new Decimal(v)
}
