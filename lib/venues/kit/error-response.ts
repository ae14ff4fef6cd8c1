/**
 * The error of a failed HTTP response whose body may be the venue's error envelope, read once for every
 * venue: the body parsed as JSON, the venue's code and message picked out of it, the table applied.
 */
import type { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import type { HttpResponse } from '../../transport/http.js'
import type { ResponseInfo } from '../../transport/rest.js'
import { venueError, type ErrorTable } from './error-table.js'

/**
 * What a venue's error envelope says, or `undefined` when the body is not one. `failed` marks a
 * request refused by the envelope though its HTTP status is 2xx (a venue answering errors with 200);
 * its `retryAfterMs` then replaces the response's Retry-After.
 *
 * @example
 * const read: EnvelopeReader = (body) => (ErrorBody.is(body) ? { code: body.code, message: body.msg } : undefined)
 */
export type EnvelopeReader = (body: unknown) =>
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
  read: EnvelopeReader,
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
