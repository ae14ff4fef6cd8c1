/**
 * The error of a failed HTTP response whose body may be the venue's error envelope, read once for every
 * venue: the body parsed as JSON, the venue's code and message picked out of it, the table applied.
 */
import type { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import type { HttpResponse } from '../../transport/http.js'
import type { ResponseInfo } from '../../transport/rest.js'
import { venueError, type ErrorTable } from './error-table.js'
import type { VenueSpec } from './spec.js'

/**
 * What a venue's error envelope says, or `undefined` when the body is not one. `failed` marks a
 * request refused by the envelope though its HTTP status is 2xx (a venue answering errors with 200);
 * its `retryAfterMs` then replaces the response's Retry-After. `response` and `now` (venue time) are
 * there for a wait the venue names in a header.
 *
 * @example
 * const read: EnvelopeReader = (body) => (ErrorBody.is(body) ? { code: body.code, message: body.msg } : undefined)
 */
export type EnvelopeReader = (
  body: unknown,
  response: HttpResponse,
  now: number,
) =>
  | {
      readonly code?: number | string | undefined
      readonly message?: string | undefined
      readonly failed?: boolean | undefined
      readonly retryAfterMs?: number | undefined
    }
  | undefined

/**
 * The typed error of a response with a failed HTTP status (`undefined` on a 2xx, unless `readOk` and
 * the envelope says `failed`): the envelope's code and message when the body is one, else the body
 * text as the message, with the Retry-After the response carried and `METHOD path` as context.
 *
 * @example
 * mapError: (response, info) => httpResponseError('binance', BINANCE_SPEC.errors, response, info, secrets, read)
 */
export function httpResponseError(
  venue: VenueId,
  table: ErrorTable,
  response: HttpResponse,
  info: Pick<ResponseInfo, 'method' | 'path' | 'retryAfterMs'>,
  secrets: Iterable<string>,
  read: (body: unknown) => ReturnType<EnvelopeReader>,
  readOk = false,
): VenueError | undefined {
  const ok = response.status >= 200 && response.status < 300
  if (ok && !readOk) return undefined
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    body = undefined
  }
  const envelope = read(body)
  const failed = envelope?.failed === true
  if (ok && !failed) return undefined
  return venueError(venue, table, {
    status: response.status,
    code: envelope?.code,
    message: envelope?.message ?? response.body,
    retryAfterMs: failed ? envelope.retryAfterMs : info.retryAfterMs,
    context: `${info.method} ${info.path}`,
    secrets,
  })
}

/**
 * The error of a response as a venue's spec reads it: its envelope by `read`, its codes by the spec's
 * error table. A venue that answers errors with HTTP 200 names the start of a certain success
 * (`errors.okBody`): such a body is left alone unparsed (the codec parses it once), any other 2xx body
 * is read for an error too.
 *
 * @example
 * specResponseError(BYBIT_SPEC, bybitErrorBody, response, info, clock.now())?.kind // 'clock-skew' for retCode 10002
 */
export function specResponseError(
  spec: Pick<VenueSpec, 'id' | 'errors'>,
  read: EnvelopeReader,
  response: HttpResponse,
  info: Pick<ResponseInfo, 'method' | 'path' | 'retryAfterMs'>,
  now: number,
  secrets: Iterable<string> = [],
): VenueError | undefined {
  const { okBody } = spec.errors
  if (okBody !== undefined && response.status >= 200 && response.status < 300 && okBody.test(response.body)) {
    return undefined
  }
  const envelope = (body: unknown) => read(body, response, now)
  return httpResponseError(spec.id, spec.errors, response, info, secrets, envelope, okBody !== undefined)
}
