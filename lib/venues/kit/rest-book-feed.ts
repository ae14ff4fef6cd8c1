/**
 * Order books built from a REST snapshot plus the diff events buffered while it was on its way
 * (Binance): one feed per diff stream, shared by its subscribers, kept continuous by the venue's
 * {@link SequenceRule} and rebuilt from a new snapshot after a gap or a reconnect.
 */
import { Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs'
import type { SequenceRule } from '../../book/sequence-rule.js'
import { TextBookChange } from '../../book/text-book-change.js'
import type { BookLevels } from '../../codec/level-run.js'
import { DecodeError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { BookChange, UnifiedSymbol, VenueId } from '../../core/model.js'
import { Backoff, type BackoffOptions } from '../../transport/backoff.js'
import { REOPENED } from '../../transport/socket-pool.js'
import type { VenueEventBody } from './lifecycle.js'

/**
 * Reads a venue's diff events in place (no copy per event).
 *
 * @example
 * const read: DiffEventReader<BinanceDepthEvent> = {
 *   event: (item) => (item.kind === 'depth' ? item.event : undefined),
 *   first: (e) => e.U, last: (e) => e.u, bids: (e) => e.b, asks: (e) => e.a, ts: (e) => e.E,
 * }
 */
export interface DiffEventReader<E> {
  /** The diff event a stream item carries, or `undefined` for any other item. */
  event(item: unknown): E | undefined
  /** The first update id the event covers, where the venue sends a range. */
  first(event: E): number | undefined
  /** The update id the book is at after the event. */
  last(event: E): number
  bids(event: E): BookLevels
  asks(event: E): BookLevels
  /** The event's time, epoch ms. */
  ts(event: E): number
}

/**
 * A book snapshot as the venue's REST answer gives it.
 *
 * @example
 * const snapshot: BookSnapshot = { sequence: answer.lastUpdateId, bids: answer.bids, asks: answer.asks }
 */
export interface BookSnapshot {
  /** The update id the snapshot is at. */
  readonly sequence: number
  readonly bids: BookLevels
  readonly asks: BookLevels
}

/**
 * What the feeds need from their driver.
 *
 * @example
 * createRestBookFeeds({ venue: 'binance', sequence: rangedUpdateIds, stream$: pool.stream$, read, now, ... })
 */
export interface RestBookFeedsConfig<E> {
  readonly venue: VenueId
  readonly sequence: SequenceRule
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  emit(event: VenueEventBody): void
  /**
   * A diff stream's items, shared per name: its events, and {@link REOPENED} when its connection opened
   * again after a drop.
   */
  stream$(name: string): Observable<unknown>
  readonly read: DiffEventReader<E>
  /** Venue time, stamped on a snapshot (the answer carries none). */
  now(): number
  /** Delays between snapshots that could not be read. Default 250 ms → 10 s, full jitter. */
  readonly backoff?: Omit<BackoffOptions, 'resetAfterMs'> | undefined
}

/**
 * One book: its diff stream, its symbol, and the snapshot request of a given size.
 *
 * @example
 * const book: RestBook = { stream: 'btcusdt@depth@100ms', symbol: 'BTC/USDT', snapshot: (limit) => depth$(limit) }
 */
export interface RestBook {
  readonly stream: string
  readonly symbol: UnifiedSymbol
  /** Fetches a snapshot of `limit` levels a side. A `DecodeError` is retried; any other error ends the book. */
  snapshot(limit: number): Observable<BookSnapshot>
}

/**
 * The REST-snapshot books of one driver.
 *
 * @example
 * feeds.changes$(book, 1000).subscribe((c) => l2.applyChange(c))
 */
export interface RestBookFeeds {
  /**
   * A snapshot, then the diff events as deltas; again after any resync. Shared per stream: the snapshot
   * has the largest `limit` any subscriber asked for.
   */
  changes$(book: RestBook, limit: number): Observable<BookChange>
}

/**
 * The documented procedure ("How to manage a local order book correctly", Binance), per book:
 * 1. subscribe the diff stream and buffer its events;
 * 2. on the first event, fetch a snapshot of the largest `limit` any subscriber asked for;
 * 3. while the snapshot's id is below the first buffered event's first id, fetch again;
 * 4. drop buffered events the snapshot covers (`stale`); the first left must follow it;
 * 5. emit the snapshot, then the buffered and live events as deltas: `stale` dropped, a gap resyncs.
 *
 * A gap or a reconnect emits a `resync` event and starts again at 1 (deltas held back until the new
 * snapshot), using a snapshot request still on its way rather than paying for another (an answer that
 * comes before any event is held for the next one); only a subscriber asking for a larger `limit`
 * cancels it. A subscriber joining a live book restarts it, so every subscription starts with a
 * snapshot. A snapshot that cannot be decoded is a `decode-error` event (channel `rest`) and is fetched
 * again after a backoff; any other failure of it ends the book's subscribers with that error.
 *
 * ```
 * diff events:  U=157,u=160  U=161,u=165  U=166,u=170
 * snapshot:                  sequence 162 (asked for after the first event)
 * changes:                    S(162) ----- d(161..165) d(166..170)
 * ```
 *
 * @example
 * const feeds = createRestBookFeeds({ venue: 'binance', sequence: rangedUpdateIds, stream$, read, now, scheduler, logger, emit })
 */
export function createRestBookFeeds<E>(config: RestBookFeedsConfig<E>): RestBookFeeds {
  const feeds = new Map<string, Feed<E>>()
  return {
    changes$: (book, limit) =>
      new Observable<BookChange>((subscriber) => {
        let feed = feeds.get(book.stream)
        if (feed === undefined) {
          const created = new Feed(
            config,
            book,
            () => feeds.get(book.stream) === created && feeds.delete(book.stream),
          )
          feeds.set(book.stream, (feed = created))
        }
        return feed.join(subscriber, limit)
      }),
  }
}

class Feed<E> {
  private subscribers: readonly Subscriber<BookChange>[] = []
  private readonly limits = new Map<Subscriber<BookChange>, number>()
  private wire: Subscription | undefined = undefined
  private fetch: Subscription | undefined = undefined
  private fetchLimit = 0
  /** A snapshot that came while no event was buffered: the next event decides whether it serves. */
  private held: BookSnapshot | undefined = undefined
  private retry: Subscription | undefined = undefined
  private readonly backoff: Backoff
  private buffer: E[] = []
  private synced = false
  private last = 0

  constructor(
    private readonly config: RestBookFeedsConfig<E>,
    private readonly book: RestBook,
    private readonly forget: () => void,
  ) {
    this.backoff = new Backoff({
      initialMs: 250,
      maxMs: 10_000,
      ...config.backoff,
      scheduler: config.scheduler,
    })
  }

  join(subscriber: Subscriber<BookChange>, limit: number): () => void {
    this.subscribers = [...this.subscribers, subscriber]
    this.limits.set(subscriber, limit)
    if (this.wire === undefined) {
      this.restart()
      this.wire = this.config.stream$(this.book.stream).subscribe({
        next: (item) => this.received(item),
        error: (e: unknown) => this.end((s) => s.error(e)),
        complete: () => this.end((s) => s.complete()),
      })
    } else if (this.synced) {
      this.restart()
    } else if (limit > this.fetchLimit) {
      this.deepen()
    }
    return () => this.leave(subscriber)
  }

  /** The snapshot size every subscriber is served by. */
  private limit(): number {
    let limit = 0
    for (const l of this.limits.values()) if (l > limit) limit = l
    return limit
  }

  private leave(subscriber: Subscriber<BookChange>): void {
    this.subscribers = this.subscribers.filter((s) => s !== subscriber)
    this.limits.delete(subscriber)
    if (this.subscribers.length === 0) this.release()
  }

  private release(): void {
    this.forget()
    this.cancelSnapshot()
    this.retry?.unsubscribe()
    this.retry = undefined
    const wire = this.wire
    this.wire = undefined
    wire?.unsubscribe()
  }

  private end(how: (s: Subscriber<BookChange>) => void): void {
    const subscribers = this.subscribers
    this.subscribers = []
    this.limits.clear()
    this.release()
    for (const s of subscribers) how(s)
  }

  /** Back to step 1: buffer, and use the snapshot on its way (or fetch one on the next event). */
  private restart(): void {
    this.buffer = []
    this.synced = false
  }

  /**
   * A subscriber needs more levels than the snapshot on its way (or held) has: ask for a larger one
   * instead (after a backoff under way, the next request asks for the larger one anyway).
   */
  private deepen(): void {
    if (this.retry !== undefined) return
    this.cancelSnapshot()
    if (this.buffer.length > 0) this.requestSnapshot()
  }

  private cancelSnapshot(): void {
    this.fetch?.unsubscribe()
    this.fetch = undefined
    this.fetchLimit = 0
    this.held = undefined
  }

  private resync(reason: 'gap' | 'reconnect'): void {
    this.config.emit({ type: 'resync', symbol: this.book.symbol, reason })
    this.restart()
  }

  private received(item: unknown): void {
    if (item === REOPENED) {
      this.resync('reconnect')
      return
    }
    const event = this.config.read.event(item)
    if (event === undefined) return
    if (this.synced) this.apply(event)
    else this.buffered(event)
  }

  /** Step 1: the first event buffered asks for a snapshot, unless one is on its way or held. */
  private buffered(event: E): void {
    this.buffer.push(event)
    if (this.buffer.length > 1) return
    const held = this.held
    if (held !== undefined) {
      this.held = undefined
      this.snapshot(held)
    } else if (this.fetch === undefined && this.retry === undefined) {
      this.requestSnapshot()
    }
  }

  private requestSnapshot(): void {
    const limit = this.limit()
    this.fetchLimit = limit
    this.fetch = this.book.snapshot(limit).subscribe({
      next: (snapshot) => {
        this.fetch = undefined
        this.snapshot(snapshot)
      },
      error: (e: unknown) => {
        this.fetch = undefined
        if (!(e instanceof DecodeError)) {
          this.end((s) => s.error(e))
          return
        }
        // an unreadable answer (an HTML error page, a changed payload) is retried like a 5xx
        this.config.emit({ type: 'decode-error', channel: 'rest', error: e })
        this.retry = this.config.scheduler.schedule(() => {
          this.retry = undefined
          if (!this.synced && this.buffer.length > 0) this.requestSnapshot()
        }, this.backoff.next())
      },
    })
  }

  private snapshot(snapshot: BookSnapshot): void {
    const { read, sequence, logger } = this.config
    const id = snapshot.sequence
    const first = this.buffer[0]
    if (first === undefined) {
      this.held = snapshot
      return
    }
    this.fetchLimit = 0
    // the documented step 3 asks for a snapshot at or past the first buffered update, even one that
    // would just precede it
    const start = read.first(first) ?? read.last(first)
    if (id < start) {
      logger.debug('book snapshot older than the first buffered event; fetching again', {
        symbol: this.book.symbol,
        snapshot: id,
        first: start,
      })
      this.requestSnapshot()
      return
    }
    this.backoff.succeeded()
    const pending = this.buffer
    this.buffer = []
    const next = pending.find((e) => sequence.check(id, read.first(e), read.last(e)) !== 'stale')
    if (next !== undefined && sequence.check(id, read.first(next), read.last(next)) !== 'apply') {
      logger.warn('no buffered event follows the book snapshot; rebuilding', {
        symbol: this.book.symbol,
        snapshot: id,
        first: read.first(next) ?? read.last(next),
      })
      this.resync('gap')
      return
    }
    this.synced = true
    this.last = id
    this.publish(true, snapshot.bids, snapshot.asks, id, undefined, undefined, this.config.now())
    for (const event of pending) {
      if (!this.synced) break
      this.apply(event)
    }
  }

  private apply(event: E): void {
    const { read, sequence } = this.config
    const previous = this.last
    const first = read.first(event)
    const last = read.last(event)
    const verdict = sequence.check(previous, first, last)
    if (verdict === 'stale') return
    if (verdict !== 'apply') {
      this.config.logger.warn('book sequence gap; rebuilding', {
        symbol: this.book.symbol,
        expected: typeof verdict === 'object' ? verdict.expected : undefined,
        got: typeof verdict === 'object' ? verdict.got : first,
      })
      this.resync('gap')
      // this event starts the new buffer: the next snapshot is fetched against it
      this.buffered(event)
      return
    }
    this.last = last
    this.publish(false, read.bids(event), read.asks(event), last, first, previous, read.ts(event))
  }

  private publish(
    snapshot: boolean,
    bids: BookLevels,
    asks: BookLevels,
    sequence: number,
    first: number | undefined,
    previous: number | undefined,
    ts: number,
  ): void {
    const { venue } = this.config
    const change = new TextBookChange(
      venue,
      this.book.symbol,
      snapshot,
      bids,
      asks,
      sequence,
      first,
      previous,
      ts,
    )
    const subscribers = this.subscribers
    for (let i = 0; i < subscribers.length; i++) (subscribers[i] as Subscriber<BookChange>).next(change)
  }
}
