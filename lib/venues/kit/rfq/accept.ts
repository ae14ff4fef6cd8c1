/**
 * One accept of a quote, whose unknown outcome is resolved by asking the venue, never by a blind resend.
 */
import {
  catchError,
  concatMap,
  defer,
  of,
  retry,
  throwError,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { Logger } from '../../../core/logging.js'
import type { Side } from '../../../core/model.js'
import type { RfqExecution, RfqQuote, RfqWire } from '../../contract/rfq.js'

/**
 * What {@link acceptQuote} works with.
 *
 * @example
 * const ctx: AcceptContext = { wire, now: () => clock.now(), scheduler, lookupDelay, resendOnce: true, logger }
 */
export interface AcceptContext {
  readonly wire: RfqWire
  /** Venue time, epoch ms: what a quote's expiry is compared with. */
  now(): number
  readonly scheduler: SchedulerLike
  /** The wait before lookup `attempt` (0 first): the kit's backoff. */
  lookupDelay(attempt: number): number
  /**
   * The venue refuses a second execution of one quote id (FalconX: one quote, one execution), so an
   * accept the venue says it never executed may be sent once more while the quote is valid.
   */
  readonly resendOnce: boolean
  readonly logger: Logger
  /** Called when the venue refused the first accept outright: the quote was not executed. */
  refused?(error: unknown): void
}

/** The failures after which an accept may or may not have executed. */
const UNKNOWN_OUTCOME = new Set(['timeout', 'network', 'temporary', 'decode'])

/**
 * True when `e` leaves the outcome of a sent request unknown (no answer, a 5xx, an unreadable answer).
 *
 * @example
 * isUnknownOutcome(new VenueError({ kind: 'timeout', message: 'no answer' })) // true
 */
export function isUnknownOutcome(e: unknown): boolean {
  return e instanceof VenueError && UNKNOWN_OUTCOME.has(e.kind)
}

/**
 * The `expired` error of a quote accepted too late.
 *
 * @example
 * throwError(() => expiredQuote('falconx', quote))
 */
export function expiredQuote(quote: RfqQuote, detail = 'accepted after its expiry'): VenueError {
  return new VenueError({
    kind: 'expired',
    venue: quote.venue,
    message: `${quote.venue} quote ${quote.id} ${detail} (${quote.expiresAt.toISOString()})`,
  })
}

/**
 * Accepts `quote` on `side`:
 * - at or past its expiry (by `now`), fails with `expired` and sends nothing;
 * - sends `wire.accept` once; an answer is the outcome;
 * - a failure of unknown outcome (timeout, network, 5xx, unreadable) asks `wire.lookup` after the
 *   backoff, again on each retryable failure of the lookup, until it answers: an execution is the
 *   outcome; `undefined` means it never executed: `expired` once the quote is past its expiry, else
 *   (with `resendOnce`) the accept is sent once more, else the lookup is asked again until the expiry.
 *
 * ```
 * accept:  ──(timeout)
 * lookup:             ─ delay ─ (undefined, quote valid) → accept again ── (execution|)
 * ```
 *
 * @example
 * acceptQuote(ctx, quote, 'buy').subscribe((x) => console.log(x.fill.price.toString()))
 */
export function acceptQuote(ctx: AcceptContext, quote: RfqQuote, side: Side): Observable<RfqExecution> {
  const expiry = quote.expiresAt.getTime()
  let resent = false
  // once a lookup was needed, no refusal proves the quote unexecuted
  let resolving = false
  let lookups = 0
  const log = ctx.logger.child('rfq')

  const send = (): Observable<RfqExecution> =>
    defer(() => ctx.wire.accept(quote, side)).pipe(
      catchError((e: unknown) => {
        if (!isUnknownOutcome(e)) {
          if (!resolving) ctx.refused?.(e)
          return throwError(() => e)
        }
        resolving = true
        log.warn('accept outcome unknown; asking the venue', { quoteId: quote.id, error: e })
        return resolve()
      }),
    )

  const lookupOnce = (): Observable<RfqExecution | undefined> =>
    defer(() => timer(ctx.lookupDelay(lookups++), ctx.scheduler)).pipe(
      concatMap(() => ctx.wire.lookup(quote, side)),
    )

  const resolve = (): Observable<RfqExecution> =>
    lookupOnce().pipe(
      // each lookup waits its own backoff delay first
      retry({
        delay: (e: unknown) => (e instanceof VenueError && e.retryable ? of(0) : throwError(() => e)),
      }),
      concatMap((execution) => {
        if (execution !== undefined) return of(execution)
        if (ctx.now() >= expiry) return throwError(() => expiredQuote(quote, 'expired without executing'))
        if (ctx.resendOnce && !resent) {
          resent = true
          log.info('accept never executed; sending it once more', { quoteId: quote.id })
          return send()
        }
        return resolve()
      }),
    )

  return defer(() => (ctx.now() >= expiry ? throwError(() => expiredQuote(quote)) : send()))
}
