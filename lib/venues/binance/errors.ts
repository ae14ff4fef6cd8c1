/**
 * Binance error answers (`{"code": -1121, "msg": "Invalid symbol."}` and the HTTP status) read by the
 * spec's error table (https://developers.binance.com/docs/binance-spot-api-docs/errors).
 */
import type { VenueError } from '../../core/errors.js'
import type { HttpResponse } from '../../transport/http.js'
import type { ResponseInfo } from '../../transport/rest.js'
import { httpResponseError } from '../kit/error-response.js'
import { hasCode, venueError, type ErrorAnswer } from '../kit/error-table.js'
import { BinanceErrorBody } from './codecs.js'
import { BINANCE_SPEC } from './spec.js'

/** The {@link VenueError} of a Binance error answer (`msg` as the venue names its message). */
export function binanceError(answer: Omit<ErrorAnswer, 'message'> & { readonly msg?: string }): VenueError {
  return venueError('binance', BINANCE_SPEC.errors, { ...answer, message: answer.msg })
}

/** The error of a Binance response with a failed HTTP status; `undefined` on success. */
export function binanceResponseError(
  response: HttpResponse,
  info: ResponseInfo,
  secrets: Iterable<string>,
): VenueError | undefined {
  return httpResponseError('binance', BINANCE_SPEC.errors, response, info, secrets, (body) =>
    BinanceErrorBody.is(body) ? { code: body.code, message: body.msg } : undefined,
  )
}

/** The venue does not know the order (-2011 is also a cancel refused for other reasons). */
export function isBinanceOrderNotFound(e: unknown): boolean {
  return hasCode(e, 'binance', BINANCE_SPEC.errors.orderNotFound) && (e as VenueError).kind === 'not-found'
}

/** -2010 is any refused order: only "Duplicate order sent." means the client order id is in use. */
export function isBinanceDuplicateOrder(e: unknown): boolean {
  return (
    hasCode(e, 'binance', BINANCE_SPEC.errors.duplicateClientOrderId) &&
    /duplicate order/i.test((e as VenueError).message)
  )
}
