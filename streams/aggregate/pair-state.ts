import {
  asyncScheduler,
  Observable,
  throwError,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import type { OrderBook } from '../../lib/core/model.js'
import {
  PRIVATE_CHANNELS,
  type VenueEvent,
  type VenueHealthSnapshot,
} from '../../lib/venues/contract/index.js'
import { replayAgeMs } from '../share-latest.js'
import type { MarketPair, StaleReason } from './types.js'

/**
 * One pair's book and whether it can be trusted now. `book` is the last one received, kept while stale;
 * `lastBookAt` is the scheduler time it arrived.
 *
 * @example
 * watchPair(['bybit', 'BTC/USDT'], books$, events$).subscribe((s) => s.stale || trade(s.book))
 */
export interface PairState {
  readonly pair: MarketPair
  readonly book: OrderBook | undefined
  readonly stale: boolean
  readonly staleReason: StaleReason | undefined
  readonly lastBookAt: number | undefined
  /**
   * Why the pair's stream ended, when it failed and an aggregate (`bestBidAsk$`, `mergedBook$`,
   * `spread$`) went on with the other pairs; the pair is then stale (`disconnected`) until the
   * aggregate, subscribing it again with backoff, gets a fresh state of it. Absent otherwise:
   * `watchPair` itself passes errors on.
   */
  readonly error?: VenueError | undefined
}

/**
 * Options of {@link watchPair}.
 *
 * @example
 * watchPair(pair, books$, events$, { staleAfterMs: 2000 })
 */
export interface WatchPairOptions {
  /** A fresh pair turns stale (`silent`) after this long without a book. Default 5000. */
  readonly staleAfterMs?: number | undefined
  /** Times the silence window and stamps `lastBookAt`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined
  /**
   * The venue's health now (`() => venue.health?.()`), read at subscription: events of a connection
   * that dropped before then were missed, so its state is taken from here. Without it the pair knows
   * only the events it sees.
   */
  readonly health?: (() => VenueHealthSnapshot | undefined) | undefined
  /**
   * When the book `book$` shares was last found broken (its last `resync`, scheduler time), read at
   * subscription: that event was missed, and a view `book$` replays then that was received no later
   * is from before the break, so it is stale (`resync`) until the next book. Without it a replayed
   * view is judged by its age only.
   */
  readonly resyncedAt?: (() => number | undefined) | undefined
}

export { PRIVATE_CHANNELS }

const DEFAULT_STALE_AFTER_MS = 5000

/**
 * Follows one pair's books and its venue's events, and says when the book is stale.
 *
 * It starts stale (`connecting`). Every book makes it fresh. A `disconnected` or `reconnecting` event of
 * the pair's venue on a market-data channel makes it stale (`disconnected`) at once, a `resync` event for
 * its symbol makes it stale (`resync`), and `staleAfterMs` without a book makes a fresh pair stale
 * (`silent`); the silence window restarts on every book and only watches a fresh pair, so a pair stale
 * for a known reason keeps that reason. The next book makes it fresh again. A stale state equal to the
 * previous one is not emitted again. Errors of `book$` (and of `events$`) pass through: healing happens
 * upstream, so what arrives here is final; it completes when `book$` does.
 *
 * A late subscriber starts from where the venue is. With `health`, a pair whose venue has a market-data
 * connection dropped (`reconnecting`) at subscription starts `disconnected`. A view `book$` replays
 * at subscription (a `shareLatest` stream, as the client's `orderBook$`) was received earlier: it keeps
 * that time as `lastBookAt`, is `silent` at once if older than `staleAfterMs`, stays `disconnected`
 * while a market-data connection is not open (dropped, or a reconnect under way), and with `resyncedAt`
 * is `resync` if received before the book was last found broken.
 *
 * ```
 * staleAfterMs: 5 ms
 * books:  --a--b--------c--d----e-|
 * events: ------------------x------     x: disconnected, public channel
 * out:    C-a--b----S---c--dX---e-|     C: connecting; S: silent (5 ms after b); X: disconnected;
 *                                       a…e: fresh with that book
 * ```
 *
 * @example
 * const venue = client.venue('bybit')
 * watchPair(['bybit', 'BTC/USDT'], client.orderBook$('bybit', 'BTC/USDT'), venue.events$, {
 *   health: () => venue.health?.(),
 * })
 *   .pipe(filter((s) => s.stale))
 *   .subscribe((s) => log.warn(`BTC/USDT on bybit stale: ${s.staleReason}`))
 */
export function watchPair(
  pair: MarketPair,
  book$: Observable<OrderBook>,
  events$: Observable<VenueEvent>,
  options: WatchPairOptions = {},
): Observable<PairState> {
  const scheduler = options.scheduler ?? asyncScheduler
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS
  if (!Number.isFinite(staleAfterMs) || staleAfterMs <= 0) {
    const message = `staleAfterMs must be a number of ms > 0, got ${String(staleAfterMs)}`
    return throwError(() => new VenueError({ kind: 'invalid-request', message }))
  }
  const [venue, symbol] = pair

  return new Observable<PairState>((subscriber) => {
    // read once, now: the events of a drop that came before this subscription were missed
    const markets = (options.health?.()?.connections ?? []).filter(
      (c) => !PRIVATE_CHANNELS.includes(c.channel),
    )
    const dropped = markets.some((c) => c.state === 'reconnecting' || c.state === 'closed')
    // a view received before now came over a connection that is not open any more
    const notOpen = dropped || markets.some((c) => c.state === 'connecting')
    const resyncedAt = options.resyncedAt?.()
    let state: PairState = {
      pair,
      book: undefined,
      stale: true,
      staleReason: dropped ? 'disconnected' : 'connecting',
      lastBookAt: undefined,
    }
    let silence: Subscription | undefined
    let subscribing = true

    const turnStale = (reason: StaleReason) => {
      if (state.stale && state.staleReason === reason) return
      silence?.unsubscribe()
      silence = undefined
      state = { ...state, stale: true, staleReason: reason }
      subscriber.next(state)
    }

    // One timer per silence window, not one per book: when it fires it looks at the last book's time
    // and, if a book came meanwhile, waits out the rest of the window from that book.
    function checkSilence(this: SchedulerAction<unknown>): void {
      const quietFor = scheduler.now() - (state.lastBookAt ?? 0)
      if (!state.stale && quietFor < staleAfterMs) {
        this.schedule(undefined, staleAfterMs - quietFor)
        return
      }
      silence = undefined
      if (!state.stale) turnStale('silent')
    }

    subscriber.next(state)
    subscriber.add(
      events$.subscribe({
        next: (e) => {
          if (e.venue !== venue) return
          if (e.type === 'resync') {
            if (e.symbol === symbol) turnStale('resync')
          } else if (e.type === 'disconnected' || e.type === 'reconnecting') {
            if (!PRIVATE_CHANNELS.includes(e.channel)) turnStale('disconnected')
          }
        },
        error: (e: unknown) => subscriber.error(e),
      }),
    )
    subscriber.add(
      book$.subscribe({
        next: (book) => {
          // a view given while subscribing is one received before: its age counts from then
          const replayedAge = subscribing ? replayAgeMs(book) : undefined
          const ageMs = replayedAge ?? 0
          const lastBookAt = scheduler.now() - ageMs
          const broken = replayedAge !== undefined && resyncedAt !== undefined && lastBookAt <= resyncedAt
          const reason =
            subscribing && notOpen
              ? 'disconnected'
              : broken
                ? 'resync'
                : ageMs >= staleAfterMs
                  ? 'silent'
                  : undefined
          if (reason !== undefined) {
            state = { pair, book, stale: true, staleReason: reason, lastBookAt }
            subscriber.next(state)
            return
          }
          // armed before emitting: a subscriber that unsubscribes from inside `next` then cancels it too
          if (silence === undefined) silence = scheduler.schedule(checkSilence, staleAfterMs - ageMs)
          state = { pair, book, stale: false, staleReason: undefined, lastBookAt }
          subscriber.next(state)
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    )
    subscribing = false
    return () => silence?.unsubscribe()
  })
}
