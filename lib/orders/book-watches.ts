/**
 * The order manager's book watches: the mids its positions are marked to and its risk checks read,
 * from the client's shared books, watched while a `markets` entry, an open order or a position needs
 * them and unwatched a while after none does; a risk rule that needs a mid waits for a book's first.
 */
import {
  defaultIfEmpty,
  defer,
  EMPTY,
  filter,
  map,
  merge,
  of,
  retry,
  Subject,
  Subscription,
  take,
  throwError,
  timeout,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import { isErrorKind } from '../core/errors.js'
import type { Logger } from '../core/logging.js'
import type { UnifiedSymbol, VenueId } from '../core/model.js'
import { PRIVATE_CHANNELS } from '../venues/contract/events.js'
import type { OrderManagerClient } from './manager-types.js'
import type { TradingState } from './trading-state.js'

/**
 * How long a book no open order, position or `markets` entry needs is still watched, in ms.
 *
 * @example
 * books.unwatchLater('bybit', 'BTC/USDT') // unwatched UNWATCH_AFTER_MS from now, unless needed again
 */
export const UNWATCH_AFTER_MS = 60_000

/**
 * What the book watches work with: the client's books and events, the model the mids go to, and
 * whether a book is still needed.
 *
 * @example
 * const books = createBookWatches({ client, model, marksChanged, scheduler, log, needed: (venue, symbol) => model.openOrders(venue, symbol).length > 0 })
 */
export interface BookWatchContext {
  /** The shared books the mids come from; a book reconnecting or resyncing makes its mid stale. */
  readonly client: Pick<OrderManagerClient, 'orderBook$' | 'events$'>
  /** Where the mids go (`setMid`, `staleMid`) and are read from (`mark`). */
  readonly model: Pick<TradingState, 'mark' | 'mid' | 'setMid' | 'staleMid'>
  /**
   * Told each time a mid is set or forgotten; {@link BookWatches.midFor} listens to it for a book's
   * first mid (the manager tells it of fills too).
   */
  readonly marksChanged: Subject<void>
  /** The manager's clock: the unwatch delay, the wait for a first mid, the retries of a book. */
  readonly scheduler: SchedulerLike
  /** Told, once a venue, of a book the venue refuses to stream. */
  readonly log: Logger
  /**
   * Whether a book is needed (of `markets`, or of a symbol with open orders or a position to mark):
   * asked before a book is unwatched.
   */
  needed(venue: VenueId, symbol: UnifiedSymbol): boolean
}

/**
 * The book watches of a manager, made by {@link createBookWatches}.
 *
 * @example
 * books.watch('bybit', 'BTC/USDT') // its mid kept from now on
 * books.midFor('bybit', 'ETH/USDT', scheduler.now() + 5000).subscribe(() => console.log('checked'))
 */
export interface BookWatches {
  /** Keeps the mid of a venue's book of a symbol, from the client's shared book. Once watched, kept. */
  watch(venue: VenueId, symbol: UnifiedSymbol): void
  /**
   * Stops watching a book once it has not been needed for {@link UNWATCH_AFTER_MS} (its last order
   * finished, its position closed), so that a long run does not watch every symbol it ever ordered; its
   * mid is forgotten then.
   */
  unwatchLater(venue: VenueId, symbol: UnifiedSymbol): void
  /**
   * Waits, until `by` (scheduler time), for the first mid of a book that has given none yet (a symbol
   * not watched now): its book is watched from now on. Emits once: the mid, or `undefined` when one is
   * known already or none came by `by`. A book the venue refuses to stream (an unknown symbol) fails
   * with the refusal.
   */
  midFor(venue: VenueId, symbol: UnifiedSymbol, by: number): Observable<unknown>
  /** Unwatches every book; `watch` and `unwatchLater` do nothing from now on. */
  close(): void
}

/**
 * The book watches of a manager; they follow the client's events (stale mids) from now on.
 *
 * @example
 * const books = createBookWatches({ client, model, marksChanged, scheduler, log, needed })
 * books.watch('bybit', 'BTC/USDT')
 * books.close()
 */
export function createBookWatches(ctx: BookWatchContext): BookWatches {
  const { client, model, marksChanged, scheduler, log, needed } = ctx
  /** The books watched, by `venue symbol`. */
  const watched = new Map<string, Subscription>()
  /** Books no longer needed, unwatched once they have not been for {@link UNWATCH_AFTER_MS}. */
  const unwatching = new Map<string, Subscription>()
  /**
   * A book the venue refused to stream (an unknown symbol, a venue without books), to those waiting
   * for its first mid; not kept: the next order that needs it asks again.
   */
  const bookRefused = new Subject<{ readonly key: string; readonly error: unknown }>()
  const refusedVenues = new Set<VenueId>()
  let closed = false

  // a book reconnecting or resyncing gives no price to check orders by until its next view
  const stale = client.events$().subscribe((e) => {
    if (e.type === 'resync') model.staleMid(e.venue, e.symbol)
    else if (
      (e.type === 'disconnected' || e.type === 'reconnecting') &&
      !PRIVATE_CHANNELS.includes(e.channel)
    )
      model.staleMid(e.venue)
  })

  const watch = (venue: VenueId, symbol: UnifiedSymbol) => {
    const key = `${venue} ${symbol}`
    if (closed || watched.has(key)) return
    // kept before the book is asked for: its first mid may come at once, and an order it lets through
    // watches the book too
    const sub = new Subscription()
    watched.set(key, sub)
    const book = client
      .orderBook$(venue, symbol)
      .pipe(
        // a venue without books (FalconX quotes on request) refuses the stream: not asked again every
        // second, but by the next order or fill that needs it
        retry({
          delay: (e: unknown) =>
            isErrorKind(e, 'invalid-request') ? throwError(() => e) : timer(1000, scheduler),
        }),
      )
      .subscribe({
        next: (book) => {
          const bid = book.bids[0]?.price
          const ask = book.asks[0]?.price
          const mid = bid !== undefined && ask !== undefined ? bid.plus(ask).div(2) : undefined
          if (mid === undefined && model.mark(venue, symbol) === undefined) return
          model.setMid(venue, symbol, mid)
          marksChanged.next()
        },
        error: (e: unknown) => {
          if (watched.get(key) === sub) watched.delete(key)
          // its last mid is no price to check orders by: the next that needs one waits for a book
          model.staleMid(venue, symbol)
          marksChanged.next()
          bookRefused.next({ key, error: e })
          // said once a venue: one without books refuses each time it is asked
          const said = refusedVenues.has(venue)
          refusedVenues.add(venue)
          log[said ? 'debug' : 'info']('no book to mark positions to; marked to their average entry', {
            venue,
            symbol,
            error: e,
          })
        },
        // a book that ended is no watch: the next order or fill that needs it asks again
        complete: () => {
          if (watched.get(key) === sub) watched.delete(key)
          model.staleMid(venue, symbol)
          marksChanged.next()
        },
      })
    sub.add(book)
  }

  const unwatchLater = (venue: VenueId, symbol: UnifiedSymbol) => {
    const key = `${venue} ${symbol}`
    if (closed || !watched.has(key) || unwatching.has(key) || needed(venue, symbol)) return
    const check = timer(UNWATCH_AFTER_MS, scheduler).subscribe(() => {
      unwatching.delete(key)
      if (needed(venue, symbol)) return
      watched.get(key)?.unsubscribe()
      watched.delete(key)
      // no price to check orders by any more: the next that needs one waits for the book's first
      model.setMid(venue, symbol, undefined)
      marksChanged.next()
    })
    if (!check.closed) unwatching.set(key, check)
  }

  const midFor = (venue: VenueId, symbol: UnifiedSymbol, by: number): Observable<unknown> =>
    defer(() => {
      if (model.mid(venue, symbol) !== undefined) return of(undefined)
      const key = `${venue} ${symbol}`
      // listened to before the book is asked for: its first mid or its refusal may come at once
      const refused = bookRefused.pipe(
        filter((r) => r.key === key),
        map((r): unknown => {
          throw r.error
        }),
      )
      const mid = marksChanged.pipe(
        map(() => model.mid(venue, symbol)),
        filter((m) => m !== undefined),
      )
      const ask = defer(() => {
        watch(venue, symbol)
        const now = model.mid(venue, symbol)
        return now === undefined ? EMPTY : of(now)
      })
      return merge(refused, mid, ask).pipe(
        take(1),
        defaultIfEmpty(undefined),
        timeout({ first: Math.max(0, by - scheduler.now()), with: () => of(undefined), scheduler }),
      )
    })

  const close = () => {
    if (closed) return
    closed = true
    stale.unsubscribe()
    for (const s of [...watched.values(), ...unwatching.values()]) s.unsubscribe()
    watched.clear()
    unwatching.clear()
    bookRefused.complete()
  }

  return { watch, unwatchLater, midFor, close }
}
