/**
 * Reading request parameters the way Binance checks them: `application/x-www-form-urlencoded` query
 * and body (the query wins when both carry a name), strict formats, Binance's codes for the rest.
 */
import { ParamReaders, type Params as KitParams } from '../kit/params.js'
import { binanceError, missing } from './wire.js'

export { formParams, objectParams } from '../kit/params.js'

/**
 * Request parameters, as text.
 *
 * @example
 * const params: Params = formParams(rawQuery, body)
 * params.get('symbol') // 'BTCUSDT'
 */
export type Params = KitParams<string>

/**
 * Binance's parameter readers: a malformed value is a -1100 that quotes the legal range, one out of
 * range a -1130, a missing one a -1102.
 *
 * @example
 * p.int(500, 1, 1000)(params, 'limit') // 500 when absent
 */
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

/**
 * An optional id or ms time: a non-negative integer.
 *
 * @example
 * id(params, 'fromId') // undefined when absent
 */
export const id = p.int(undefined, 0, Number.MAX_SAFE_INTEGER)
