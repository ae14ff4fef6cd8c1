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
  /**
   * A venue never reached within this long after subscription fails the stream with `network`, and so
   * does its connection in use this long without a readable frame; answers that could not be decoded are
   * retried no longer than this after subscription.
   */
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

/** How often a stream that emitted nothing looks whether its connection came into use. */
const IN_USE_POLL_MS = 1000

/**
 * Makes every stream of a venue behave alike when the venue cannot be reached. While the venue has
 * never answered (its driver's `health().reachedAt` is unset and the stream emitted nothing), failures
 * it may recover from (network, timeout, 5xx, an open breaker, an answer that could not be decoded) are
 * retried, and once `connectTimeoutMs` has passed the stream fails with a `network` error naming the host
 * and the cause (`cannot reach api.bybit.com: getaddrinfo ENOTFOUND api.bybit.com`). A stream that
 * emitted nothing is not reached either while the connection its data comes by (see
 * {@link ReachOptions.channel}) is in use and has never delivered a frame it could read (a socket that
 * opens and stays silent, or sends only garbage, while REST answers): it fails the same way once that
 * connection has been in use for `connectTimeoutMs`, counted from when the stream first saw it in use
 * (it looks once a second while the connection is not in use yet, for as long as nothing was emitted).
 * An answer that could not be decoded is retried only while the stream has emitted nothing and
 * `connectTimeoutMs` has not passed since its subscription: then the stream fails with the last such
 * `decode` error (a listing that never decodes would keep it waiting for good). A venue reached once
 * otherwise heals by itself: live streams keep retrying its other recoverable failures. A driver that
 * does not report `reachedAt` gets no deadline but the one on answers that could not be decoded.
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
  const { connectTimeoutMs, scheduler } = options
  const pollMs = Math.min(IN_USE_POLL_MS, connectTimeoutMs)
  return (source) =>
    new Observable<T>((subscriber) => {
      const subscribedAt = scheduler.now()
      let emitted = false
      const channel = options.channel ?? (options.live ? 'public' : undefined)
      // asked each time: a driver loaded on first use tells only once it is loaded
      const reached = (): boolean => emitted || unanswered(venue, channel) === undefined
      // when this stream first saw its connection in use: its no-readable-frame window starts then
      let inUseSince: number | undefined
      // the latest answer that could not be decoded, while nothing was emitted
      let garbled: VenueError | undefined
      let deadline: Subscription | undefined
      const fail = (error: unknown): void => {
        deadline?.unsubscribe()
        deadline = undefined
        subscriber.error(error)
      }
      // What fails the stream now, or how long until it should look again (`undefined`: never).
      const look = (): { readonly error: VenueError } | { readonly wait: number | undefined } => {
        if (emitted) return { wait: undefined }
        const now = scheduler.now()
        const sinceSubscribed = now - subscribedAt
        const snapshot = venue.health?.()
        const tells = snapshot !== undefined && 'reachedAt' in snapshot
        if (tells && snapshot.reachedAt === undefined) {
          if (sinceSubscribed >= connectTimeoutMs) {
            return { error: unreachable(venue, { channel: undefined }, connectTimeoutMs) }
          }
          const left = connectTimeoutMs - sinceSubscribed
          return { wait: channel === undefined ? left : Math.min(left, pollMs) }
        }
        let wait: number | undefined
        if (garbled !== undefined) {
          if (sinceSubscribed >= connectTimeoutMs) return { error: garbled }
          wait = connectTimeoutMs - sinceSubscribed
        }
        if (!tells || channel === undefined) return { wait }
        const mine = snapshot.connections.filter((c) => c.channel === channel)
        if (mine.some(inUse)) inUseSince ??= now
        if (mine.some(neverAnswered)) {
          const openFor = now - (inUseSince ?? now)
          if (openFor >= connectTimeoutMs) {
            return { error: unreachable(venue, { channel }, connectTimeoutMs) }
          }
          return { wait: Math.min(wait ?? Infinity, connectTimeoutMs - openFor) }
        }
        // a connection that delivered once heals by reconnecting; one not in use yet is watched for
        if (mine.some((c) => c.messages > 0)) return { wait }
        return { wait: Math.min(wait ?? Infinity, pollMs) }
      }
      const arm = (): void => {
        deadline?.unsubscribe()
        deadline = undefined
        const next = look()
        if ('error' in next) {
          fail(next.error)
          return
        }
        if (next.wait !== undefined) deadline = scheduler.schedule(arm, next.wait)
      }
      // a driver that does not tell gets no deadline, a request of a venue reached no watch
      if (tellsReach(venue) && (channel !== undefined || !reached())) {
        const first = look()
        const wait = 'error' in first ? 0 : first.wait
        if (wait !== undefined) deadline = scheduler.schedule(arm, wait)
      }
      // retried here rather than by an operator: a value takes one step through this function
      let failures = 0
      const stop = retryLoop(
        subscriber,
        () => ({
          source,
          next: (value: T) => {
            emitted = true
            garbled = undefined
            deadline?.unsubscribe()
            deadline = undefined
            subscriber.next(value)
          },
        }),
        (error) => {
          if (isVenueError(error) && error.kind === 'decode') {
            // an answer that is never decodable must not keep the stream waiting for good
            if (emitted || scheduler.now() - subscribedAt >= connectTimeoutMs) return undefined
            if (!options.live && reached()) return undefined
            garbled = error
            if (deadline === undefined) {
              deadline = scheduler.schedule(arm, connectTimeoutMs - (scheduler.now() - subscribedAt))
            }
          } else if (!(recoverable(error) && (options.live || !reached()))) {
            return undefined
          }
          failures += 1
          return Math.min(RETRY_MAX_MS, RETRY_INITIAL_MS * 2 ** (failures - 1))
        },
        scheduler,
      )
      return () => {
        deadline?.unsubscribe()
        stop()
      }
    })
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

/** A connection in use: connecting, open or reconnecting. */
function inUse(connection: ConnectionHealth): boolean {
  return connection.state !== 'idle' && connection.state !== 'closed'
}

/** A connection in use that has never delivered a frame. */
function neverAnswered(connection: ConnectionHealth): boolean {
  return connection.messages === 0 && inUse(connection)
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
