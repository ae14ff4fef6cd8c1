/**
 * The request-for-quote surface every RFQ venue shares, made of the wire its driver supplies.
 */
import {
  asyncScheduler,
  defer,
  Subject,
  tap,
  timer,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import { silentLogger, type Logger } from '../../../core/logging.js'
import type { Fill, Order, Side } from '../../../core/model.js'
import { Backoff } from '../../../transport/backoff.js'
import type { RfqQuote, RfqWire, VenueRfq } from '../../contract/rfq.js'
import { dateProblem } from '../decimal-input.js'
import { acceptQuote } from './accept.js'
import { quoteStream$ } from './quote-stream.js'
import { remainingMs$ } from './remaining.js'
import { checkRfqAccept, checkRfqRequest } from './request-check.js'

/**
 * Options of {@link rfqSurface}.
 *
 * @example
 * const options: RfqSurfaceOptions = { scheduler, now: () => ctx.clock.now(), resendOnce: true, logger }
 */
export interface RfqSurfaceOptions {
  /** Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined
  /** Venue time, epoch ms, that expiries are compared with. Default `scheduler.now()`. */
  readonly now?: (() => number) | undefined
  /**
   * How far `now` may run behind the venue's time (a clock read from whole-second `Date` headers: up
   * to 1000 ms). A quote this surface did not give (one read back from storage) is refused this much
   * before its expiry; a quote it gave is timed from the venue's own quote time instead. Default 0.
   */
  readonly clockLagMs?: number | undefined
  /**
   * The venue refuses a second execution of one quote id, so an accept it says it never executed may
   * be sent once more while the quote is valid. Default false: such an accept is only looked up.
   */
  readonly resendOnce?: boolean | undefined
  /** `quotes$` asks this long before a quote expires (at most half its life). Default 500 ms. */
  readonly marginMs?: number | undefined
  /** Lookups after an unknown outcome and `quotes$` retries wait this backoff (no jitter). Default 250 ms → 4 s. */
  readonly backoff?:
    { readonly initialMs?: number | undefined; readonly maxMs?: number | undefined } | undefined
  readonly logger?: Logger | undefined
  /** Ends the long-lived streams (`quotes$`, `remaining$`), e.g. when the driver closes. */
  readonly until?: (<T>() => MonoTypeOperatorFunction<T>) | undefined
}

/**
 * A venue's {@link VenueRfq}, and the orders and fills of its executions, from its {@link RfqWire}.
 *
 * @example
 * const { rfq, orders$, fills$ } = rfqSurface(wire, { scheduler, resendOnce: true })
 */
export interface RfqSurface {
  readonly rfq: VenueRfq
  /** Each execution's order, as `accept` resolves it: for the trading streams. Hot. */
  readonly orders$: Observable<Order>
  /** Each execution's fill, once (by trade id), as `accept` resolves it. Hot. */
  readonly fills$: Observable<Fill>
}

const MEMORY = 10_000

/**
 * Builds the RFQ surface on a venue's wire:
 * - `quote$` checks the request (exactly one positive amount; `invalid-request` else) and asks once;
 * - `accept` refuses an expired quote with `expired` before sending (by the venue's time: the later of
 *   `now` and the quote's own time plus the local time since it arrived; `now` plus `clockLagMs` for a
 *   quote this surface did not give); resolves an unknown outcome by
 *   looking the quote up (see `acceptQuote`); never executes one quote twice, and refuses a second
 *   accept of a quote while one is in flight or after one executed or went unresolved (a quote the
 *   venue refused outright, for funds or limits, may be accepted again);
 * - `quotes$` asks again before each quote expires (or every `everyMs`), retrying with the backoff;
 * - `remaining$` counts a quote down once a second;
 * - each execution's order goes to `orders$`, its fill to `fills$` exactly once.
 *
 * @example
 * const { rfq, fills$ } = rfqSurface(wire, { resendOnce: true })
 * rfq.quote$({ symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('1') }).pipe(mergeMap((q) => rfq.accept(q, 'buy')))
 */
export function rfqSurface(wire: RfqWire, options: RfqSurfaceOptions = {}): RfqSurface {
  const scheduler = options.scheduler ?? asyncScheduler
  const now = options.now ?? (() => scheduler.now())
  const logger = options.logger ?? silentLogger
  const backoff = new Backoff({
    initialMs: options.backoff?.initialMs ?? 250,
    maxMs: options.backoff?.maxMs ?? 4000,
    jitter: 'none',
    scheduler,
  })
  const delay = (attempt: number) => backoff.ceiling(attempt + 1)
  const fills = new Subject<Fill>()
  const orders = new Subject<Order>()
  const until =
    options.until ??
    (<T>() =>
      (source: Observable<T>) =>
        source)
  const seen = new Set<string>()
  const sent = new Set<string>()
  const remember = (set: Set<string>, key: string) => {
    set.add(key)
    if (set.size > MEMORY) set.delete(set.values().next().value ?? '')
  }
  const venue = wire.venue

  // each quote's own venue time and the local time it arrived: how late it is by the venue's clock is
  // then known to the millisecond, whatever the venue clock's resolution
  const received = new Map<string, { readonly venueAt: number; readonly localAt: number }>()
  const receive = (quote: RfqQuote) => {
    const venueAt = quote.timestamp instanceof Date ? quote.timestamp.getTime() : NaN
    if (!Number.isFinite(venueAt)) return
    received.set(quote.id, { venueAt, localAt: scheduler.now() })
    if (received.size > MEMORY) received.delete(received.keys().next().value ?? '')
  }
  const clockLagMs = options.clockLagMs ?? 0
  /** The venue's time now for `quote`'s expiry, the uncertainty counted against the quote. */
  const venueNow = (quote: RfqQuote) => () => {
    const r = received.get(quote.id)
    if (r === undefined) return now() + clockLagMs
    return Math.max(now(), r.venueAt + (scheduler.now() - r.localAt))
  }

  const quote$ = (request: Parameters<VenueRfq['quote$']>[0]) =>
    defer(() => wire.requestQuote(checkRfqRequest(venue, request))).pipe(tap(receive))

  const accept = (quote: RfqQuote, side: Side) =>
    defer(() => {
      checkRfqAccept(venue, quote, side)
      if (sent.has(quote.id)) {
        throw new VenueError({
          kind: 'invalid-request',
          venue,
          message: `${venue} quote ${quote.id} was accepted already: ask for a new one`,
        })
      }
      const execution$ = acceptQuote(
        {
          wire,
          now: venueNow(quote),
          scheduler,
          lookupDelay: delay,
          resendOnce: options.resendOnce === true,
          logger,
          // refused outright (funds, limits): not executed, so it may be accepted again
          refused: () => sent.delete(quote.id),
        },
        quote,
        side,
      )
      if (venueNow(quote)() < quote.expiresAt.getTime()) remember(sent, quote.id)
      return execution$.pipe(
        tap((x) => {
          orders.next(x.order)
          if (seen.has(x.fill.tradeId)) return
          remember(seen, x.fill.tradeId)
          fills.next(x.fill)
        }),
      )
    })

  return {
    rfq: {
      quote$,
      accept,
      quotes$: (request, streamOptions) =>
        defer(() => {
          checkRfqRequest(venue, request)
          return quoteStream$(() => quote$(request), {
            everyMs: streamOptions?.everyMs,
            marginMs: options.marginMs ?? 500,
            now,
            scheduler,
            retryDelay: (_e, n) => timer(delay(n - 1), scheduler),
          })
        }).pipe(until()),
      remaining$: (quote) =>
        defer(() => {
          const problem = dateProblem('quote.expiresAt', (quote as Partial<RfqQuote> | undefined)?.expiresAt)
          if (problem !== undefined) {
            throw new VenueError({
              kind: 'invalid-request',
              venue,
              message: `${venue} remaining$: ${problem}`,
            })
          }
          return remainingMs$(quote.expiresAt, now, scheduler)
        }).pipe(until()),
    },
    orders$: orders.asObservable(),
    fills$: fills.asObservable(),
  }
}
