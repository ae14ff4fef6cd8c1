/**
 * Order books whose snapshot arrives on the socket (Bybit, Coinbase): one feed per book topic, shared by
 * its subscribers, kept continuous by the venue's {@link SequenceRule} and resynced by subscribing the
 * topic again, which makes the venue send a fresh snapshot.
 */
import { Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs'
import type { SequenceRule } from '../../book/sequence-rule.js'
import { TextBookChange } from '../../book/text-book-change.js'
import type { BookLevels } from '../../codec/level-run.js'
import type { Logger } from '../../core/logging.js'
import type { BookChange, UnifiedSymbol, VenueId } from '../../core/model.js'
import type { VenueEventBody } from './lifecycle.js'
import type { LostBy } from './socket-events.js'

/**
 * Reads a venue's decoded book frame in place (no copy per frame).
 *
 * @example
 * const reader: BookFrameReader<BybitBookFrame> = {
 *   snapshot: (f) => f.type === 'snapshot', first: () => undefined, last: (f) => f.data.u,
 *   bids: (f) => f.data.b, asks: (f) => f.data.a, ts: (f) => f.ts,
 * }
 */
export interface BookFrameReader<F> {
  snapshot(frame: F): boolean
  /** The first update id the frame covers, where the venue sends a range. */
  first(frame: F): number | undefined
  /** The update id the book is at after the frame. */
  last(frame: F): number
  bids(frame: F): BookLevels
  asks(frame: F): BookLevels
  /** The frame's time, epoch ms. */
  ts(frame: F): number
}

/**
 * What a {@link SocketBookFeeds} needs from its driver.
 *
 * @example
 * createSocketBookFeeds({ venue: 'bybit', sequence: consecutiveUpdateIds, snapshotTimeoutMs: 10_000, subscribe, ... })
 */
export interface SocketBookFeedsConfig<F> {
  readonly venue: VenueId
  readonly sequence: SequenceRule
  /** How long a book waits for the snapshot it asked for before asking again. */
  readonly snapshotTimeoutMs: number
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  emit(event: VenueEventBody): void
  /**
   * The frames of a book topic, subscribed under `key` (the topic, with `#<n>` added from the second
   * generation on: subscribing the same topic under a new key makes the socket unsubscribe and subscribe
   * it, and the venue answer with a new snapshot).
   */
  topic$(key: string, topic: string): Observable<F>
  /** Reads a frame. */
  readonly read: BookFrameReader<F>
  /** Whether the socket is open now (an overdue snapshot is asked for again only then). */
  isOpen(): boolean
  /**
   * Whether an unasked snapshot means the venue rebuilt the book on its side (a `resync` event, reason
   * `venue`): true, unless the topic re-sends snapshots by design (Bybit's level-1 book).
   */
  unaskedSnapshotIsReset?: ((topic: string) => boolean) | undefined
}

/**
 * The book feeds of one socket.
 *
 * @example
 * const feeds = createSocketBookFeeds(config)
 * feeds.changes$('orderbook.50.BTCUSDT', 'BTC/USDT').subscribe((c) => book.applyChange(c))
 */
export interface SocketBookFeeds {
  /** A snapshot, then continuous deltas; a new snapshot after every resync. Shared per topic. */
  changes$(topic: string, symbol: UnifiedSymbol): Observable<BookChange>
  /** A connection opened: each book waits for its snapshot again (after a drop, with a `resync` event). */
  reopened(reconnect: boolean, lostBy: LostBy): void
  /**
   * The connection lost a frame that may have been any book's (see `ConnectionSequence`): every book
   * subscribes again for a fresh snapshot, with a `resync` event (`gap`).
   */
  lost(): void
}

/**
 * The socket's book topics, each a {@link SocketBookFeeds} feed:
 * - a snapshot opens the book; each delta must pass the sequence rule against the last id (`apply`);
 *   `reset` (the venue restarted its book service) replaces the book, with a `resync` event
 *   (`venue-reset`); `stale` (an id already seen) is dropped;
 * - a gap drops the delta, emits a `resync` event (`gap`) and subscribes the topic again under a new
 *   key; deltas are held back until the new snapshot, so no subscriber sees a delta that does not follow
 *   what it saw;
 * - a subscriber joining a live topic gets a fresh snapshot the same way (every subscriber restarts);
 * - an asked snapshot that does not come within `snapshotTimeoutMs` is asked for again.
 *
 * ```
 * frames:  S(7) d(8) d(9) d(11)            S(12) d(13)
 * changes: S    d    d    (gap: resubscribe) S    d
 * ```
 *
 * @example
 * const feeds = createSocketBookFeeds({ ...config, topic$: (key, topic) => socket.topic$(key, { filter: isTopic(topic) }) })
 */
export function createSocketBookFeeds<F>(config: SocketBookFeedsConfig<F>): SocketBookFeeds {
  const feeds = new Map<string, Feed<F>>()
  const generations = new Map<string, number>()
  const nextKey = (topic: string): string => {
    const generation = (generations.get(topic) ?? 0) + 1
    generations.set(topic, generation)
    return generation === 1 ? topic : `${topic}#${generation}`
  }
  return {
    changes$: (topic, symbol) =>
      new Observable<BookChange>((subscriber) => {
        let feed = feeds.get(topic)
        if (feed === undefined) {
          feed = new Feed(config, topic, symbol, nextKey, () => feeds.delete(topic))
          feeds.set(topic, feed)
        }
        return feed.join(subscriber)
      }),
    reopened: (reconnect, lostBy) => {
      for (const feed of feeds.values()) feed.reopened(reconnect ? lostBy : undefined)
    },
    lost: () => {
      for (const feed of [...feeds.values()]) feed.lost()
    },
  }
}

class Feed<F> {
  private subscribers: readonly Subscriber<BookChange>[] = []
  private wire: Subscription | undefined = undefined
  private watchdog: Subscription | undefined = undefined
  private awaiting = true
  private last: number | undefined = undefined

  constructor(
    private readonly config: SocketBookFeedsConfig<F>,
    private readonly topic: string,
    private readonly symbol: UnifiedSymbol,
    private readonly nextKey: (topic: string) => string,
    private readonly forget: () => void,
  ) {}

  join(subscriber: Subscriber<BookChange>): () => void {
    this.subscribers = [...this.subscribers, subscriber]
    if (this.wire === undefined) this.attach()
    else if (!this.awaiting) this.refresh()
    return () => this.leave(subscriber)
  }

  /** A connection opened: its first frame of the topic must be a snapshot. */
  reopened(reason: LostBy | undefined): void {
    this.awaitSnapshot()
    if (reason !== undefined) this.config.emit({ type: 'resync', symbol: this.symbol, reason })
  }

  /** A frame that may have been this book's was lost: a fresh snapshot, whatever the book waits for. */
  lost(): void {
    this.config.emit({ type: 'resync', symbol: this.symbol, reason: 'gap' })
    this.refresh()
  }

  private leave(subscriber: Subscriber<BookChange>): void {
    this.subscribers = this.subscribers.filter((s) => s !== subscriber)
    if (this.subscribers.length > 0) return
    this.release()
    this.forget()
  }

  private release(): void {
    this.watchdog?.unsubscribe()
    this.watchdog = undefined
    const wire = this.wire
    this.wire = undefined
    wire?.unsubscribe()
  }

  private attach(): void {
    this.awaitSnapshot()
    this.wire = this.config.topic$(this.nextKey(this.topic), this.topic).subscribe({
      next: (frame) => this.received(frame),
      error: (e: unknown) => this.end((s) => s.error(e)),
      complete: () => this.end((s) => s.complete()),
    })
  }

  /** Subscribes the topic again under a new key (the venue sends a new snapshot), then drops the old. */
  private refresh(): void {
    const old = this.wire
    this.attach()
    old?.unsubscribe()
  }

  private awaitSnapshot(): void {
    this.awaiting = true
    this.watchdog?.unsubscribe()
    this.watchdog = this.config.scheduler.schedule(() => {
      this.watchdog = undefined
      if (!this.awaiting || this.wire === undefined) return
      if (this.config.isOpen()) {
        this.config.logger.warn('book snapshot overdue; subscribing again', { topic: this.topic })
        this.refresh()
      } else {
        this.awaitSnapshot()
      }
    }, this.config.snapshotTimeoutMs)
  }

  private received(frame: F): void {
    const read = this.config.read
    const last = read.last(frame)
    if (read.snapshot(frame)) {
      if (!this.awaiting && (this.config.unaskedSnapshotIsReset?.(this.topic) ?? true))
        this.config.emit({ type: 'resync', symbol: this.symbol, reason: 'venue' })
      this.awaiting = false
      this.watchdog?.unsubscribe()
      this.watchdog = undefined
      this.last = last
      this.publish(frame, true, undefined)
      return
    }
    // deltas before the awaited snapshot belong to the previous subscription
    if (this.awaiting) return
    const previous = this.last
    const verdict = this.config.sequence.check(previous, read.first(frame), last)
    if (verdict === 'apply') {
      this.last = last
      this.publish(frame, false, previous)
    } else if (verdict === 'reset') {
      this.last = last
      this.config.emit({ type: 'resync', symbol: this.symbol, reason: 'venue-reset' })
      this.publish(frame, false, undefined)
    } else if (verdict !== 'stale') {
      this.config.logger.warn('book sequence gap; subscribing again', {
        topic: this.topic,
        expected: verdict.expected,
        got: verdict.got,
      })
      this.config.emit({ type: 'resync', symbol: this.symbol, reason: 'gap' })
      this.refresh()
    }
  }

  private publish(frame: F, snapshot: boolean, previous: number | undefined): void {
    const read = this.config.read
    const change = new TextBookChange(
      this.config.venue,
      this.symbol,
      snapshot,
      read.bids(frame),
      read.asks(frame),
      read.last(frame),
      read.first(frame),
      previous,
      read.ts(frame),
    )
    const subscribers = this.subscribers
    for (let i = 0; i < subscribers.length; i++) (subscribers[i] as Subscriber<BookChange>).next(change)
  }

  private end(how: (s: Subscriber<BookChange>) => void): void {
    const subscribers = this.subscribers
    this.subscribers = []
    this.release()
    this.forget()
    for (const s of subscribers) how(s)
  }
}

/**
 * The venue's topic of a socket key: the key without the generation `#<n>` a feed adds.
 *
 * @example
 * wireTopic('orderbook.50.BTCUSDT#3') // 'orderbook.50.BTCUSDT'
 */
export function wireTopic(key: string): string {
  const hash = key.indexOf('#')
  return hash < 0 ? key : key.slice(0, hash)
}
