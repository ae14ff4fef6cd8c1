/**
 * The venue clock of a venue with no time endpoint, read from the HTTP `Date` header of any answer.
 */
import { asyncScheduler, from, map, Observable, throwError, timeout, type SchedulerLike } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import type { HttpResponse, HttpTransport } from '../../transport/http.js'

/** How long {@link dateHeaderTime} waits for an answer by default. */
const DATE_TIMEOUT_MS = 10_000

/**
 * The `Date` header of an unsigned `GET url` (any status), in epoch ms, asked when subscribed. It has
 * whole seconds, the start of its second: the venue time read is never ahead of the venue's. The
 * request is aborted when unsubscribed, and fails `timeout` when no answer comes within `timeoutMs`.
 *
 * @throws VenueError `decode` when the answer has no readable `Date` header.
 * @example
 * fetchServerTime: () => dateHeaderTime('prime', base.transport, `${base.options.restUrl}/v1/portfolios`, { scheduler: base.scheduler })
 */
export function dateHeaderTime(
  venue: VenueId,
  transport: HttpTransport,
  url: string,
  options: { readonly scheduler?: SchedulerLike; readonly timeoutMs?: number } = {},
): Observable<number> {
  const timeoutMs = options.timeoutMs ?? DATE_TIMEOUT_MS
  return new Observable<HttpResponse>((subscriber) => {
    const controller = new AbortController()
    const answer = from(transport.request({ method: 'GET', url, headers: {} }, controller.signal)).subscribe(
      subscriber,
    )
    return () => {
      answer.unsubscribe()
      controller.abort()
    }
  }).pipe(
    timeout({
      first: timeoutMs,
      scheduler: options.scheduler ?? asyncScheduler,
      with: () =>
        throwError(
          () =>
            new VenueError({
              kind: 'timeout',
              venue,
              message: `no answer to read the venue time within ${timeoutMs} ms`,
            }),
        ),
    }),
    map((response: HttpResponse) => {
      const ms = Date.parse(response.headers['date'] ?? '')
      if (Number.isFinite(ms)) return ms
      throw new VenueError({ kind: 'decode', venue, message: 'no Date header to read the venue time' })
    }),
  )
}
