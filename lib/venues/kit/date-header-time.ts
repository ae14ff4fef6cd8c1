/**
 * The venue clock of a venue with no time endpoint, read from the HTTP `Date` header of any answer.
 */
import { defer, from, map, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import type { HttpResponse, HttpTransport } from '../../transport/http.js'

/**
 * The `Date` header of an unsigned `GET url` (any status), in epoch ms, asked when subscribed. It has
 * whole seconds, the start of its second: the venue time read is never ahead of the venue's.
 *
 * @throws VenueError `decode` when the answer has no readable `Date` header.
 * @example
 * fetchServerTime: () => dateHeaderTime('prime', base.transport, `${base.options.restUrl}/v1/portfolios`)
 */
export function dateHeaderTime(venue: VenueId, transport: HttpTransport, url: string): Observable<number> {
  return defer(() =>
    from(transport.request({ method: 'GET', url, headers: {} }, new AbortController().signal)),
  ).pipe(
    map((response: HttpResponse) => {
      const ms = Date.parse(response.headers['date'] ?? '')
      if (Number.isFinite(ms)) return ms
      throw new VenueError({ kind: 'decode', venue, message: 'no Date header to read the venue time' })
    }),
  )
}
