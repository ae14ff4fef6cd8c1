import { Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs'
import { isVenueError, VenueError } from '../lib/core/errors.js'
import { recoverable } from '../lib/venues/kit/recoverable.js'
import { retryLoop } from '../lib/venues/kit/retry-loop.js'
import type { ConnectionHealth } from '../lib/venues/contract/health.js'
import type { Venue } from '../lib/venues/contract/index.js'

/**
 * Options of {@link reachWithin}.
 *
 * @example
 * const options: ReachOptions = { connectTimeoutMs: 20_000, live: true, scheduler: asyncScheduler }
 */
export interface ReachOptions {
  /** A venue never reached within this long after subscription fails the stream with `network`. */
  readonly connectTimeoutMs: number
  /**
   * A live stream (trades, tickers, books) outlives failures the venue may recover from, retrying with
   * backoff for as long as it is watched. A request (instruments, history) retries them only while the
   * venue has never been reached and nothing was emitted; after that its failures pass on.
   */
  readonly live: boolean
  /**
   * The venue connection (health channel) the stream's data comes by: while it is in use and has never
   * delivered a frame it could read, the stream is not reached, though REST answered. Default `public`
   * for a live stream (every driver's market data comes by its `public` connection), none for a request.
   */
  readonly channel?: string | undefined
  readonly scheduler: SchedulerLike
}

/** Retry delays of {@link reachWithin}: 500 ms doubling to 10 s. */
const RETRY_INITIAL_MS = 500
const RETRY_MAX_MS = 10_000

/**
 * Makes every stream of a venue behave alike when the venue cannot be reached. While the venue has
 * never answered (its driver's `health().reachedAt` is unset and the stream emitted nothing), failures
 * it may recover from (network, timeout, 5xx, an open breaker, an answer that could not be decoded) are
 * retried, and once `connectTimeoutMs` has passed the stream fails with a `network` error naming the host
 * and the cause (`cannot reach api.bybit.com: getaddrinfo ENOTFOUND api.bybit.com`). A stream that
 * emitted nothing is not reached either while the connection its data comes by (see
 * {@link ReachOptions.channel}) is in use and has never delivered a frame it could read (a socket that
 * opens and stays silent, or sends only garbage, while REST answers): it fails the same way at
 * `connectTimeoutMs`. A venue reached once heals by itself:
 * live streams keep retrying (a garbled answer too, which is also a `decode-error` event). A driver
 * that does not report `reachedAt` gets no deadline.
 *
 * ```
 * connectTimeoutMs 20 000, the venue refuses every connection:
 * venue:   x--x----x--------x ...     failed attempts (events$ and health$ show each)
 * stream:  ------------------ 20000ms #network "cannot reach 127.0.0.1:9: connect ECONNREFUSED ..."
 * ```
 *
 * @example
 * venue.trades$('BTC/USDT').pipe(reachWithin(venue, { connectTimeoutMs: 20_000, live: true, scheduler }))
 */
export function reachWithin<T>(venue: Venue, options: ReachOptions): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let emitted = false
      const channel = options.channel ?? (options.live ? 'public' : undefined)
      // asked each time: a driver loaded on first use tells only once it is loaded
      const reached = (): boolean => emitted || unanswered(venue, channel) === undefined
      let deadline: Subscription | undefined
      // for a stream with a channel, whenever the driver tells: a channel idle now may open and stay
      // silent later
      if (tellsReach(venue) && (channel !== undefined || !reached())) {
        deadline = options.scheduler.schedule(() => {
          deadline = undefined
          const missing = emitted ? undefined : unanswered(venue, channel)
          if (missing !== undefined) subscriber.error(unreachable(venue, missing, options.connectTimeoutMs))
        }, options.connectTimeoutMs)
      }
      // retried here rather than by an operator: a value takes one step through this function
      let failures = 0
      const stop = retryLoop(
        subscriber,
        () => ({
          source,
          next: (value: T) => {
            emitted = true
            deadline?.unsubscribe()
            deadline = undefined
            subscriber.next(value)
          },
        }),
        (error) => {
          if (!(worthRetrying(error) && (options.live || !reached()))) return undefined
          failures += 1
          return Math.min(RETRY_MAX_MS, RETRY_INITIAL_MS * 2 ** (failures - 1))
        },
        options.scheduler,
      )
      return () => {
        deadline?.unsubscribe()
        stop()
      }
    })
}

/**
 * A failure worth another attempt: one the venue may recover from, or an answer that could not be
 * decoded (a proxy's page, a truncated body), which the next answer may not repeat.
 */
function worthRetrying(error: unknown): boolean {
  return recoverable(error) || (isVenueError(error) && error.kind === 'decode')
}

function tellsReach(venue: Venue): boolean {
  const snapshot = venue.health?.()
  return snapshot !== undefined && 'reachedAt' in snapshot
}

/** What of the venue never answered. */
interface Unanswered {
  /** The connection in use that never delivered a frame it could read; `undefined`: the whole venue. */
  readonly channel: string | undefined
}

/**
 * What of `venue` has never answered: the venue, or the connection `channel` of it; `undefined` when
 * they were reached (or the driver does not tell).
 */
function unanswered(venue: Venue, channel: string | undefined): Unanswered | undefined {
  const snapshot = venue.health?.()
  if (snapshot === undefined || !('reachedAt' in snapshot)) return undefined
  if (snapshot.reachedAt === undefined) return { channel: undefined }
  if (channel === undefined) return undefined
  const silent = snapshot.connections.some((c) => c.channel === channel && neverAnswered(c))
  return silent ? { channel } : undefined
}

/** A connection in use (connecting, open or reconnecting) that has never delivered a frame. */
function neverAnswered(connection: ConnectionHealth): boolean {
  return connection.messages === 0 && connection.state !== 'idle' && connection.state !== 'closed'
}

/** The error of a venue never reached: its host and the latest cause, as its driver saw them. */
function unreachable(venue: Venue, missing: Unanswered, connectTimeoutMs: number): VenueError {
  const last = venue.health?.().lastError
  const { channel } = missing
  if (last !== undefined && (channel === undefined || last.channel === channel)) {
    return new VenueError({
      kind: 'network',
      venue: venue.id,
      message: `cannot reach ${last.host}: ${last.error.message}`,
      cause: last.error,
    })
  }
  return new VenueError({
    kind: 'network',
    venue: venue.id,
    message:
      channel === undefined
        ? `cannot reach ${venue.id}: no answer within ${connectTimeoutMs} ms`
        : `cannot reach ${venue.id}: its ${channel} connection sent nothing readable within ${connectTimeoutMs} ms`,
  })
}
