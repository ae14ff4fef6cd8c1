/**
 * Safe order placement, for every venue: a create whose outcome is unknown is never sent again blindly.
 */
import { catchError, defer, mergeMap, Observable, of, throwError, timer, type SchedulerLike } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { Order } from '../../../core/model.js'
import type { Logger } from '../../../core/logging.js'

/** Timing of the search for an order whose placement outcome is unknown. */
export interface ReconcileOptions {
  /** Wait before the second lookup; doubles per lookup. Default 250 ms. */
  readonly lookupDelayMs?: number
  /** Longest wait between lookups. Default 2 000 ms. */
  readonly maxLookupDelayMs?: number
  /**
   * Extra time past the receive window before an absent order counts as never placed: the venue
   * accepts an order asynchronously and its order queries may lag. Default 2 000 ms.
   */
  readonly graceMs?: number
  /** After this long without a conclusive answer (the lookups themselves fail), give up. Default 30 000 ms. */
  readonly giveUpAfterMs?: number
}

/**
 * How long after it is sent a create may still reach the venue's book: the receive window, plus the
 * grace for the venue's asynchronous acceptance and lagging queries. An order the venue does not know
 * this long after is surely absent.
 *
 * @example
 * sentWindowMs(5000, undefined) // 7000
 */
export function sentWindowMs(recvWindowMs: number, options: ReconcileOptions | undefined): number {
  return recvWindowMs + (options?.graceMs ?? 2000)
}

/**
 * How long after it is asked for a placement may still reach the venue: sent within `orderDeadlineMs`
 * (see `placeOrder`), then within {@link sentWindowMs}. The trading surface's `placementWindowMs`.
 *
 * @example
 * placementWindowMs({ orderDeadlineMs: 5000, recvWindowMs: 5000 }) // 12000
 */
export function placementWindowMs(timing: {
  readonly orderDeadlineMs: number
  readonly recvWindowMs: number
  readonly reconcile?: ReconcileOptions | undefined
}): number {
  return timing.orderDeadlineMs + sentWindowMs(timing.recvWindowMs, timing.reconcile)
}

/** What {@link placeWithoutDuplicates} needs from the driver. */
export interface PlacementSteps {
  /** Venue id carried by the errors this raises. */
  readonly venue: string
  /**
   * True for the venue's "this client order id is in use" refusal: an earlier attempt got through, so
   * the order is looked up instead of failing. Default: never.
   */
  readonly isDuplicate?: ((e: VenueError) => boolean) | undefined
  /** The client order id every attempt carries. */
  readonly clientOrderId: string
  /**
   * Sends the create once (never retried underneath); emits the acknowledged order. When a deadline
   * applies, `sendBy` is the scheduler time by which it must go out (else it fails `rate-limit`).
   */
  readonly create: (sendBy: number | undefined) => Observable<Order>
  /** Asks the venue for the order by client order id; emits it, or `undefined` when the venue does not know it. */
  readonly lookup: () => Observable<Order | undefined>
  /** Venue time, epoch ms. */
  readonly now: () => number
  /** The signed requests' receive window: a create the venue receives later than this after its timestamp is refused. */
  readonly recvWindowMs: number
  readonly scheduler: SchedulerLike
  readonly log: Logger
  readonly options?: ReconcileOptions | undefined
  /**
   * Every create of the call (the first, its resend after a timestamp refusal, the resend after a
   * search) must go out within this many ms of `calledAt`, or is not sent. Default: no deadline.
   */
  readonly deadlineMs?: number | undefined
  /** Scheduler time the caller asked for the order. Default: when the placement is subscribed. */
  readonly calledAt?: number | undefined
}

/**
 * Kinds after which the create may or may not have reached the matching engine. `decode` is a 2xx
 * answer the client cannot read (an HTML page from a proxy, a truncated body, no order id): the venue
 * may well have placed the order.
 */
const UNKNOWN_OUTCOME: ReadonlySet<string> = new Set(['timeout', 'network', 'temporary', 'decode'])

/**
 * Places an order so that a lost answer can never double it. Emits the order once and completes.
 *
 * The algorithm:
 * 1. Send the create once. An answer settles it: the acknowledged order, or the venue's refusal. A
 *    rate-limit refusal (429, 418, Bybit 10006) too: nothing was placed, and the error is retryable with
 *    the venue's `retryAfterMs`; it is not resent here, since an order sent into a venue that asked to
 *    slow down adds to its count (Binance bans an IP that does not back off after a 429), and the caller
 *    may not want it later at another price.
 * 2. A `clock-skew` refusal (Bybit 10002, Binance -1021) was refused on arrival, so nothing was placed:
 *    the REST client has resynced the clock, and the create is sent once more.
 * 3. A duplicate client id refusal (`isDuplicate`): an order with this id exists (an earlier attempt
 *    of ours got through). Look it up and return it.
 * 4. No answer (timeout, network failure, 5xx) or an answer that cannot be read (`decode`: HTML, a
 *    truncated body, no order id): the outcome is unknown. Look the
 *    order up by client order id, again and again with backoff. Found: return it. Not found: keep
 *    looking until a lookup *started* after `failure + recvWindow + grace` also finds nothing. A create
 *    signed before the failure that reaches the venue after its receive window is refused, so from then
 *    on the order cannot appear any more: it is definitively absent.
 * 5. Definitively absent: send the create once more, with the same client order id. Should the first
 *    one have got through after all, the venue refuses the duplicate id (step 3 applies) — the final
 *    guard. If this second create's outcome is unknown too, look it up as in step 4 but never send a
 *    third time: fail with a non-retryable error naming the client order id.
 * 6. Lookups that keep failing for `giveUpAfterMs` settle nothing either: the same error. So does a
 *    lookup refused `invalid-request` (the venue was closed meanwhile), at once: it would be refused
 *    again.
 *
 * With `deadlineMs`, every create of the call (the first, its step 2 resend, the step 5 resend) must go
 * out within it of `calledAt`; one that cannot fails `rate-limit` and is not sent. Since absence is
 * conclusive only a receive window and a grace after the failure, the step 5 resend is mostly past the
 * deadline: it is then not sent, and the placement fails with the first failure's kind, retryable
 * (nothing was placed), saying so. Found meanwhile, the order is the result as ever.
 *
 * Pinned in `test/venues/bybit/private-placement.test.ts` (receive window 1 000 ms, default timing):
 *
 * ```
 * create:   10ms #                       the answer is lost at 10 ms
 * lookups:  at 10, 265, 770, 1775, 3780  each absent (backoff 250 ms doubling, at most 2 000 ms);
 *                                        conclusive only from 10 + 1000 + 2000 = 3010
 * resend:   at 3785, acknowledged at 3795 (no deadline; with the default 5 000 ms one, not sent:
 *           the placement fails at 3785, nothing placed)
 * result:   3795ms (a|)
 * ```
 *
 * @example
 * placeWithoutDuplicates({ venue: 'bybit', clientOrderId, create: () => create$, lookup: () => byLinkId$, now, recvWindowMs: 5000, scheduler, log })
 */
export function placeWithoutDuplicates(steps: PlacementSteps): Observable<Order> {
  const opts = steps.options ?? {}
  const initialMs = opts.lookupDelayMs ?? 250
  const maxMs = opts.maxLookupDelayMs ?? 2000
  const giveUpAfterMs = opts.giveUpAfterMs ?? 30_000
  const { clientOrderId, log, deadlineMs } = steps

  // an outcome unknown never reads as a refusal (a duplicate-id refusal is `invalid-request`): the
  // order may exist, so its client order id must stay taken
  const unresolved = (cause: VenueError, detail: string): VenueError =>
    new VenueError({
      kind: UNKNOWN_OUTCOME.has(cause.kind) ? cause.kind : 'timeout',
      venue: steps.venue,
      code: cause.code,
      status: cause.status,
      retryable: false,
      message: `order ${clientOrderId}: placement outcome unknown (${detail}); look it up by client order id before placing again: ${cause.message}`,
      cause,
    })

  /** Looks the order up until found or definitively absent (`undefined`). */
  const search = (cause: VenueError, failedAt: number): Observable<Order | undefined> => {
    const conclusiveFrom = failedAt + sentWindowMs(steps.recvWindowMs, opts)
    const giveUpAt = Math.max(conclusiveFrom, failedAt + giveUpAfterMs)
    const attempt = (n: number): Observable<Order | undefined> =>
      defer(() => {
        const startedAt = steps.now()
        return steps.lookup().pipe(
          catchError((e: unknown) => {
            // a lookup refused as such (the venue closed meanwhile, a parameter it refuses) is refused
            // again each time: asking on would only hold the caller, and a closed venue, for nothing
            if (e instanceof VenueError && e.kind === 'invalid-request') {
              return throwError(() => unresolved(cause, `lookup refused: ${e.message}`))
            }
            // the first failure says what is wrong; the retries that follow would only repeat it
            if (n === 0) log.warn('order lookup failed; looking again', { clientOrderId, error: e })
            else log.debug('order lookup failed again', { clientOrderId, attempt: n + 1, error: e })
            return of('failed' as const)
          }),
          mergeMap((found) => {
            if (found !== undefined && found !== 'failed') return of(found)
            if (found === undefined && startedAt >= conclusiveFrom) return of(undefined)
            if (steps.now() >= giveUpAt) return throwError(() => unresolved(cause, 'lookups inconclusive'))
            const delay = Math.min(maxMs, initialMs * Math.pow(2, n))
            return timer(delay, steps.scheduler).pipe(mergeMap(() => attempt(n + 1)))
          }),
        )
      })
    return attempt(0)
  }

  /** After a duplicate-id refusal the order exists; the venue may still be catching up with its queries. */
  const existing = (duplicate: VenueError): Observable<Order> =>
    search(duplicate, steps.now()).pipe(
      mergeMap((found) =>
        found !== undefined
          ? of(found)
          : throwError(() => unresolved(duplicate, 'duplicate id but no such order')),
      ),
    )

  /**
   * The search found no order and the call's deadline has passed: the create is not sent again (a
   * resend then would reach the venue later than the caller allowed, at a price they may have moved
   * on from). Nothing was placed, so placing it again is safe.
   */
  const notPlaced = (cause: VenueError): VenueError =>
    new VenueError({
      kind: cause.kind,
      venue: steps.venue,
      code: cause.code,
      status: cause.status,
      retryable: true,
      message: `order ${clientOrderId}: not placed: its create got no conclusive answer and lookups past its receive window show it never reached the venue; it was not resent automatically, as its deadline (${String(deadlineMs)} ms from the call) has passed; safe to place again: ${cause.message}`,
      cause,
    })

  // every create of the call (the first, its resend after a timestamp refusal, the one after a search)
  // goes out by the call's deadline (`sendBy`), or not at all
  const send = (skewRetry: boolean, resend: boolean, sendBy: number | undefined): Observable<Order> =>
    steps.create(sendBy).pipe(
      catchError((e: unknown) => {
        if (!(e instanceof VenueError)) return throwError(() => e)
        if (e.kind === 'clock-skew' && skewRetry) {
          log.info('order refused for its timestamp; clock resynced, sending again', { clientOrderId })
          return send(false, resend, sendBy)
        }
        if (steps.isDuplicate?.(e) === true) return existing(e)
        if (!UNKNOWN_OUTCOME.has(e.kind)) return throwError(() => e)
        log.warn('order placement outcome unknown; looking it up', { clientOrderId, kind: e.kind })
        return search(e, steps.now()).pipe(
          mergeMap((found) => {
            if (found !== undefined) return of(found)
            if (!resend) return throwError(() => unresolved(e, 'the second attempt went unanswered too'))
            if (sendBy !== undefined && steps.scheduler.now() >= sendBy) {
              log.warn('order definitively absent, its deadline passed; not sending it again', {
                clientOrderId,
              })
              return throwError(() => notPlaced(e))
            }
            log.info('order definitively absent; sending it once more', { clientOrderId })
            return send(skewRetry, false, sendBy)
          }),
        )
      }),
    )

  return defer(() => {
    const calledAt = steps.calledAt ?? steps.scheduler.now()
    return send(true, true, deadlineMs === undefined ? undefined : calledAt + deadlineMs)
  })
}
