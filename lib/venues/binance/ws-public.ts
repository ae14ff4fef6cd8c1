/**
 * Binance spot market streams: local order books kept by the documented procedure, trades, aggregate
 * trades, best prices and live candles, over a small pool of combined-stream connections.
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
 */
import { BINANCE_INTERVALS } from './spec.js'
import { defer, Observable, Subject, Subscription, throwError, type Subscriber } from 'rxjs'
import { DecodeError, VenueError } from '../../core/errors.js'
import { own } from '../../core/own.js'
import type { BookChange, Candle, CandleInterval, Ticker, Trade, UnifiedSymbol } from '../../core/model.js'
import { TextBookChange } from '../../book/text-book-change.js'
import { Backoff } from '../../transport/backoff.js'
import {
  createSocket,
  type ManagedSocket,
  type SocketUrl,
  type SubscriptionAck,
} from '../../transport/socket.js'
import type { BinanceContext } from './context.js'
import {
  decodeBinanceMarketFrame,
  type BinanceDepthEvent,
  type BinanceDepthSnapshot,
  type BinanceMarketFrame,
} from './codecs.js'
import { binanceSnapshotLimit, depthSnapshot, withInstrument } from './public.js'

/**
 * Most control messages the driver sends per second on one connection. The venue allows 5 incoming
 * messages a second, pongs included; the `ws` library answers the venue's pings outside this budget.
 * The outbox sends a full second's budget at once and the next one a second later, so with network
 * jitter the venue can see two budgets in one of its seconds: two of them plus a pong stay within 5.
 *
 * @example
 * // 20 subscribe messages at once leave over 10 seconds
 */
export const BINANCE_CONTROL_MESSAGES_PER_SECOND = 2

/**
 * Most streams named in one SUBSCRIBE / UNSUBSCRIBE message, to keep frames small.
 *
 * @example
 * // 1024 streams go out as 6 messages
 */
export const BINANCE_MAX_STREAMS_PER_MESSAGE = 200

/**
 * How long an old connection stays open during a planned reconnect when some stream has not yet
 * delivered on the new one.
 *
 * @example
 * // opened the new connection at t; the old one closes at t + 60 s at the latest
 */
export const BINANCE_HANDOVER_TIMEOUT_MS = 60_000

// a request URL above this stays below common server header limits; the rest go by SUBSCRIBE
const MAX_URL_LENGTH = 4000

/** What a stream's subscribers receive: its events, and word of a new connection (after a drop). */
type HubItem = BinanceMarketFrame | { readonly kind: 'reopened' }

/**
 * The public streams of a Binance driver; each is shared per stream name and released on the last
 * unsubscribe.
 *
 * @example
 * createBinancePublicStreams(ctx).trades$('BTC/USDT').subscribe((t) => console.log(t.price.toString()))
 */
export interface BinancePublicStreams {
  /**
   * A snapshot from REST, then `depthUpdate` deltas (`firstSequence` U, `sequence` u); again after any
   * resync. `depth` (at most 5000) sets the snapshot's size ({@link binanceSnapshotLimit}); the deltas
   * change levels at any depth, so a book kept from them is kept whole and cut only where it is shown.
   */
  bookChanges$(
    symbol: UnifiedSymbol,
    options?: { readonly depth?: number | undefined },
  ): Observable<BookChange>
  /** `<s>@trade`: every trade, taker side. */
  trades$(symbol: UnifiedSymbol): Observable<Trade>
  /** `<s>@aggTrade`: aggregate trades (id: the aggregate id). */
  aggTrades$(symbol: UnifiedSymbol): Observable<Trade>
  /** `<s>@bookTicker`: best bid and ask as they change (`timestamp`: the venue clock at arrival). */
  ticker$(symbol: UnifiedSymbol): Observable<Ticker>
  /** `<s>@kline_<interval>`: the forming candle as it changes, then closed (`x`). */
  candles$(symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle>
  /** Open connections of the pool, for health and tests. */
  connections(): number
  /** The streams each connection of the pool carries now. */
  streamsPerConnection(): readonly number[]
}

interface Slot {
  readonly id: number
  readonly socket: ManagedSocket
  /** Stops reporting the socket's health (its counters stay in the channel's). */
  readonly unwatch: () => void
  readonly streams: Set<string>
  owned: Subscription
  retiring: boolean
  planned: Subscription | undefined
}

interface Hub {
  readonly name: string
  readonly subject: Subject<HubItem>
  readonly wires: Map<Slot, Subscription>
  refs: number
  /** The highest event id seen: a second connection's copy of an event is dropped. */
  lastKey: number
}

/** The id by which events of one stream are ordered, to drop the copies two connections deliver. */
function eventKey(frame: BinanceMarketFrame): number {
  switch (frame.kind) {
    case 'depth':
      return frame.event.u
    case 'trade':
      return frame.event.t
    case 'aggTrade':
      return frame.event.a
    case 'bookTicker':
      return frame.event.u
    case 'kline':
      return frame.event.E
    default:
      return -1
  }
}

/**
 * Opens nothing until a stream is subscribed. Streams share combined connections of at most
 * {@link ResolvedBinanceOptions.maxStreamsPerConnection} streams each; a further stream opens another
 * connection. Each (re)connect names the streams live at that moment in its URL
 * (`/stream?streams=a/b/c`, up to a URL of 4 000 characters) and sends no SUBSCRIBE for them; streams
 * that did not fit or came later go by SUBSCRIBE / UNSUBSCRIBE with ids, each reply checked. Control
 * messages are spaced to {@link BINANCE_CONTROL_MESSAGES_PER_SECOND} per connection, and none is sent
 * when a connection closes: the venue drops a closed connection's streams itself. The venue's ping frames
 * are answered by the WebSocket library with the same payload.
 *
 * A connection is replaced before the venue's 24 h cut-off: a new one subscribes the same streams,
 * and the old one closes once every stream has delivered on the new one. While both are open each
 * event arrives twice; the copy is dropped by its id, so books go on without a resync.
 *
 * The book path, per symbol, as documented ("How to manage a local order book correctly"):
 * 1. subscribe `<s>@depth@100ms` and buffer its events;
 * 2. on the first event, fetch `/api/v3/depth` with the limit the deepest subscriber needs
 *    ({@link binanceSnapshotLimit}: 1000 by default);
 * 3. while the snapshot's `lastUpdateId` is below the first buffered `U`, fetch again;
 * 4. drop buffered events with `u <= lastUpdateId`; the first left must straddle `lastUpdateId + 1`;
 * 5. emit the snapshot, then the buffered and live events as deltas; an event with `u` at or below the
 *    book's id is dropped, one with `U` beyond the book's id + 1 is a gap.
 * A gap or a reconnect emits a `resync` event and starts again at 1 (deltas held back until the new
 * snapshot), using a snapshot request still on its way rather than paying for another; a subscriber
 * joining a live book restarts it too, so every subscription starts with a snapshot. A snapshot that
 * cannot be decoded is a `decode-error` event (channel `rest`) and is fetched again after a backoff.
 * A crossed book is caught by the consumer's book (`orderBook$` resubscribes, which restarts).
 *
 * ```
 * depth events:  U=157,u=160  U=161,u=165  U=166,u=170
 * snapshot:                  lastUpdateId=162 (fetched after the first event)
 * bookChanges$:               S(162) ------ d(161..165) d(166..170)
 * ```
 *
 * @example
 * const streams = createBinancePublicStreams(ctx)
 * streams.bookChanges$('BTC/USDT').subscribe((c) => book.applyChange(c))
 */
export function createBinancePublicStreams(ctx: BinanceContext): BinancePublicStreams {
  const options = ctx.options
  const slots: Slot[] = []
  const hubs = new Map<string, Hub>()
  const books = new Map<string, BookFeed>()
  let slotIds = 0
  let heartbeats = 0

  const matchAck = (frame: unknown): SubscriptionAck | undefined => {
    const f = frame as BinanceMarketFrame
    if (f.kind !== 'reply') return undefined
    const reply = f.event
    if ('code' in reply) {
      return { ok: false, id: reply.id ?? undefined, reason: reply.msg, code: reply.code }
    }
    if (typeof reply.id === 'string' && reply.id.startsWith('hb')) return undefined
    return { ok: reply.result === null, id: reply.id ?? undefined, reason: 'unexpected result' }
  }

  const isHeartbeat = (frame: unknown): boolean => {
    const f = frame as BinanceMarketFrame
    return f.kind === 'reply' && typeof f.event.id === 'string' && f.event.id.startsWith('hb')
  }

  /** Asked on every (re)connect: names the streams live then, as many as fit; SUBSCRIBE adds the rest. */
  const streamUrl = (streams: readonly string[]): SocketUrl => {
    let url = `${options.wsUrl}/stream?streams=`
    const named: string[] = []
    for (const name of streams) {
      if (url.length + name.length + 1 > MAX_URL_LENGTH) break
      url += named.length === 0 ? name : `/${name}`
      named.push(name)
    }
    return { url, topics: named }
  }

  const openSlot = (): Slot => {
    const streams = new Set<string>()
    const socket = createSocket({
      url: streamUrl,
      venue: 'binance',
      ...(options.WebSocketCtor ? { WebSocketCtor: options.WebSocketCtor } : {}),
      scheduler: ctx.scheduler,
      decode: decodeBinanceMarketFrame,
      maxFrameBytes: options.maxFrameBytes,
      maxMessagesPerSecond: BINANCE_CONTROL_MESSAGES_PER_SECOND,
      reconnect: {
        ...(options.backoff ? { backoff: options.backoff } : {}),
        staleAfterMs: options.staleAfterMs,
      },
      heartbeat: {
        // the venue's ping frames never reach the application: a small property read keeps a quiet
        // connection from looking stale
        intervalMs: Math.max(1000, Math.floor(options.staleAfterMs / 2)),
        ping: () => ({ method: 'GET_PROPERTY', params: ['combined'], id: `hb${++heartbeats}` }),
        isHeartbeat,
      },
      subscriptions: {
        message: (op, keys, id) => ({
          method: op === 'subscribe' ? 'SUBSCRIBE' : 'UNSUBSCRIBE',
          params: keys,
          id,
        }),
        maxKeysPerMessage: BINANCE_MAX_STREAMS_PER_MESSAGE,
        matchAck,
      },
    })
    const slot: Slot = {
      id: ++slotIds,
      socket,
      unwatch: ctx.watchSocket('public', socket),
      streams,
      owned: Subscription.EMPTY,
      retiring: false,
      planned: undefined,
    }
    slot.owned = watch(slot)
    slots.push(slot)
    return slot
  }

  const closeSlot = (slot: Slot): void => {
    const i = slots.indexOf(slot)
    if (i >= 0) slots.splice(i, 1)
    slot.planned?.unsubscribe()
    slot.owned.unsubscribe()
    slot.socket.close()
    slot.unwatch()
  }

  let up = 0
  const watch = (slot: Slot): Subscription => {
    let open = false
    const down = (reason: string): void => {
      slot.planned?.unsubscribe()
      slot.planned = undefined
      if (!open) return
      open = false
      up -= 1
      if (!slot.retiring) ctx.emit({ type: 'disconnected', channel: 'public', reason })
    }
    const sub = slot.socket.events$.subscribe((event) => {
      switch (event.type) {
        case 'open': {
          const reconnect = event.attempt > 1
          open = true
          up += 1
          ctx.emit({ type: 'connected', channel: 'public', reconnect })
          slot.planned?.unsubscribe()
          slot.planned = ctx.scheduler.schedule(() => handover(slot), options.plannedReconnectMs)
          if (reconnect) {
            for (const name of slot.streams) {
              const hub = hubs.get(name)
              if (hub === undefined) continue
              hub.lastKey = -1
              hub.subject.next({ kind: 'reopened' })
            }
          }
          break
        }
        case 'closed':
          down(`closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`)
          break
        case 'stale':
          down(`stale: no frame for ${event.silentForMs} ms`)
          break
        case 'reconnecting':
          down(event.cause.message)
          ctx.emit({
            type: 'reconnecting',
            channel: 'public',
            attempt: event.attempt,
            delayMs: event.inMs,
            error: event.cause,
          })
          break
        case 'error':
          if (event.error instanceof DecodeError) {
            ctx.emit({ type: 'decode-error', channel: 'public', error: event.error })
          } else {
            ctx.logger.warn('binance market socket', { error: event.error.message })
          }
          break
        default:
          break
      }
    })
    sub.add(
      slot.socket.state$.subscribe((state) => {
        if (state === 'idle' || state === 'closed') down(ctx.closed ? 'closed' : state)
      }),
    )
    return sub
  }

  /** Moves every stream of `old` onto a new connection, then closes `old` once each delivered there. */
  const handover = (old: Slot): void => {
    old.planned = undefined
    if (old.retiring || old.streams.size === 0) return
    old.retiring = true
    ctx.logger.info('binance market connection: planned reconnect', { streams: old.streams.size })
    const next = openSlot()
    const waiting = new Set(old.streams)
    let timeout: Subscription | undefined = undefined
    const finish = (): void => {
      timeout?.unsubscribe()
      if (!slots.includes(old)) return
      for (const name of old.streams) {
        const hub = hubs.get(name)
        hub?.wires.get(old)?.unsubscribe()
        hub?.wires.delete(old)
      }
      old.streams.clear()
      closeSlot(old)
    }
    for (const name of [...old.streams]) {
      const hub = hubs.get(name)
      if (hub === undefined) continue
      next.streams.add(name)
      wire(hub, next, () => {
        waiting.delete(name)
        if (waiting.size === 0) finish()
      })
    }
    timeout = ctx.scheduler.schedule(finish, BINANCE_HANDOVER_TIMEOUT_MS)
  }

  const wire = (hub: Hub, slot: Slot, delivered?: () => void): void => {
    const name = hub.name
    let first = delivered
    hub.wires.set(
      slot,
      slot.socket
        .topic$<BinanceMarketFrame>(name, {
          filter: (frame): frame is BinanceMarketFrame => (frame as BinanceMarketFrame).stream === name,
        })
        .subscribe({
          next: (frame) => {
            const key = eventKey(frame)
            if (key > hub.lastKey) {
              hub.lastKey = key
              hub.subject.next(frame)
            }
            if (first !== undefined) {
              const done = first
              first = undefined
              done()
            }
          },
          error: (e: unknown) => {
            dispose(hub)
            hub.subject.error(e)
          },
          complete: () => {
            if (hubs.get(name) !== hub || hub.wires.size > 1) return
            dispose(hub)
            hub.subject.complete()
          },
        }),
    )
  }

  const dispose = (hub: Hub): void => {
    if (hubs.get(hub.name) === hub) hubs.delete(hub.name)
    for (const [slot, sub] of hub.wires) {
      slot.streams.delete(hub.name)
      sub.unsubscribe()
    }
    hub.wires.clear()
  }

  /** One stream's items, shared: the first subscriber puts it on a connection, the last takes it off. */
  const stream$ = (name: string): Observable<HubItem> =>
    new Observable<HubItem>((subscriber) => {
      if (ctx.closed) return subscriber.error(ctx.closedError())
      let hub = hubs.get(name)
      if (hub === undefined) {
        const created: Hub = { name, subject: new Subject<HubItem>(), wires: new Map(), refs: 0, lastKey: -1 }
        hub = created
        hubs.set(name, created)
        let slot = slots.find((s) => !s.retiring && s.streams.size < options.maxStreamsPerConnection)
        slot ??= openSlot()
        slot.streams.add(name)
        wire(created, slot)
      }
      const own = hub
      own.refs += 1
      const sub = own.subject.subscribe(subscriber)
      return () => {
        sub.unsubscribe()
        own.refs -= 1
        if (own.refs === 0) dispose(own)
      }
    })

  ctx.onClose(() => {
    for (const hub of [...hubs.values()]) dispose(hub)
    for (const slot of [...slots]) closeSlot(slot)
  })

  // ---- books ----

  /**
   * One symbol's book and its subscribers. The snapshot limit is the deepest any subscriber needs
   * ({@link binanceSnapshotLimit}). A snapshot request outlives a resync: its answer is checked against
   * the events buffered since (and kept until the first one comes), so a reconnect does not pay for
   * a second one. Only a subscriber needing a deeper snapshot cancels it. A snapshot that cannot be
   * decoded is a `decode-error` event and is asked for again after a backoff.
   */
  class BookFeed {
    private subscribers: readonly Subscriber<BookChange>[] = []
    private readonly limits = new Map<Subscriber<BookChange>, number>()
    private wire: Subscription | undefined = undefined
    private fetch: Subscription | undefined = undefined
    private fetchLimit = 0
    /** A snapshot that came while no event was buffered: the next event decides whether it serves. */
    private held: BinanceDepthSnapshot | undefined = undefined
    private retry: Subscription | undefined = undefined
    private readonly backoff = new Backoff({
      initialMs: 250,
      maxMs: 10_000,
      ...options.backoff,
      scheduler: ctx.scheduler,
    })
    private buffer: BinanceDepthEvent[] = []
    private synced = false
    private last = 0

    constructor(
      readonly stream: string,
      readonly venueSymbol: string,
      readonly symbol: UnifiedSymbol,
    ) {}

    join(subscriber: Subscriber<BookChange>, limit: number): () => void {
      this.subscribers = [...this.subscribers, subscriber]
      this.limits.set(subscriber, limit)
      if (this.wire === undefined) {
        this.restart()
        this.wire = stream$(this.stream).subscribe({
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

    /** The snapshot limit every subscriber is served by. */
    private limit(): number {
      let limit = 0
      for (const l of this.limits.values()) if (l > limit) limit = l
      return limit
    }

    private leave(subscriber: Subscriber<BookChange>): void {
      this.subscribers = this.subscribers.filter((s) => s !== subscriber)
      this.limits.delete(subscriber)
      if (this.subscribers.length > 0) return
      this.release()
    }

    private release(): void {
      if (books.get(this.stream) === this) books.delete(this.stream)
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
     * A subscriber needs more levels than the snapshot on its way (or held) has: ask for a deeper one
     * instead (after a backoff under way, the next request asks for the deeper one anyway).
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
      ctx.emit({ type: 'resync', symbol: this.symbol, reason })
      this.restart()
    }

    private received(item: HubItem): void {
      if (item.kind === 'reopened') {
        this.resync('reconnect')
        return
      }
      if (item.kind !== 'depth') return
      const event = item.event
      if (this.synced) this.apply(event)
      else this.buffered(event)
    }

    /** Step 1: the first event buffered asks for a snapshot, unless one is on its way or held. */
    private buffered(event: BinanceDepthEvent): void {
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
      this.fetch = depthSnapshot(ctx, this.venueSymbol, limit).subscribe({
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
          ctx.emit({ type: 'decode-error', channel: 'rest', error: e })
          this.retry = ctx.scheduler.schedule(() => {
            this.retry = undefined
            if (!this.synced && this.buffer.length > 0) this.requestSnapshot()
          }, this.backoff.next())
        },
      })
    }

    private snapshot(snapshot: BinanceDepthSnapshot): void {
      const id = snapshot.lastUpdateId
      const first = this.buffer[0]
      if (first === undefined) {
        this.held = snapshot
        return
      }
      this.fetchLimit = 0
      if (id < first.U) {
        ctx.logger.debug('binance depth snapshot older than the first buffered event; fetching again', {
          symbol: this.symbol,
          lastUpdateId: id,
          firstU: first.U,
        })
        this.requestSnapshot()
        return
      }
      this.backoff.succeeded()
      const pending = this.buffer.filter((e) => e.u > id)
      this.buffer = []
      const next = pending[0]
      if (next !== undefined && next.U > id + 1) {
        ctx.logger.warn('binance depth: no buffered event follows the snapshot; rebuilding', {
          symbol: this.symbol,
          lastUpdateId: id,
          U: next.U,
        })
        this.resync('gap')
        return
      }
      this.synced = true
      this.last = id
      const now = ctx.clock.now()
      this.publish(
        TextBookChange.of({
          venue: 'binance',
          symbol: this.symbol,
          isSnapshot: true,
          bids: snapshot.bids,
          asks: snapshot.asks,
          sequence: id,
          firstSequence: undefined,
          previousSequence: undefined,
          rawTimestamp: now,
        }),
      )
      for (const event of pending) {
        if (!this.synced) break
        this.apply(event)
      }
    }

    private apply(event: BinanceDepthEvent): void {
      const last = this.last
      if (event.u <= last) return
      if (event.U > last + 1) {
        ctx.logger.warn('binance depth gap; rebuilding', {
          symbol: this.symbol,
          expected: last + 1,
          got: event.U,
        })
        this.resync('gap')
        // this event starts the new buffer: the next snapshot is fetched against it
        this.buffered(event)
        return
      }
      this.last = event.u
      this.publish(
        TextBookChange.of({
          venue: 'binance',
          symbol: this.symbol,
          isSnapshot: false,
          bids: event.b,
          asks: event.a,
          sequence: event.u,
          firstSequence: event.U,
          previousSequence: last,
          rawTimestamp: event.E,
        }),
      )
    }

    private publish(change: BookChange): void {
      const subscribers = this.subscribers
      for (let i = 0; i < subscribers.length; i++) (subscribers[i] as Subscriber<BookChange>).next(change)
    }
  }

  const lower = (venueSymbol: string): string => venueSymbol.toLowerCase()

  const bookChanges$ = (
    symbol: UnifiedSymbol,
    bookOptions: { readonly depth?: number | undefined } = {},
  ): Observable<BookChange> =>
    defer(() => {
      const limit = binanceSnapshotLimit(bookOptions.depth)
      return withInstrument(
        ctx,
        symbol,
        (venueSymbol, unified) =>
          new Observable<BookChange>((subscriber) => {
            if (ctx.closed) return subscriber.error(ctx.closedError())
            const stream = `${lower(venueSymbol)}@depth@${options.depthUpdateSpeed}`
            let feed = books.get(stream)
            if (feed === undefined) books.set(stream, (feed = new BookFeed(stream, venueSymbol, unified)))
            return feed.join(subscriber, limit)
          }),
      )
    })

  /** The events of one stream of `kind`, mapped. */
  const events$ = <K extends BinanceMarketFrame['kind'], T>(
    name: string,
    kind: K,
    project: (frame: Extract<BinanceMarketFrame, { kind: K }>) => T,
  ): Observable<T> =>
    new Observable<T>((subscriber) =>
      stream$(name).subscribe({
        next: (item) => {
          if (item.kind === kind) subscriber.next(project(item as Extract<BinanceMarketFrame, { kind: K }>))
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    )

  const trades$ = (symbol: UnifiedSymbol): Observable<Trade> =>
    withInstrument(ctx, symbol, (venueSymbol, unified) =>
      events$(`${lower(venueSymbol)}@trade`, 'trade', ({ event: e }): Trade => ({
        venue: 'binance',
        symbol: unified,
        id: String(e.t),
        price: e.p,
        size: e.q,
        side: e.m ? 'sell' : 'buy',
        ...e.T,
      })),
    )

  const aggTrades$ = (symbol: UnifiedSymbol): Observable<Trade> =>
    withInstrument(ctx, symbol, (venueSymbol, unified) =>
      events$(`${lower(venueSymbol)}@aggTrade`, 'aggTrade', ({ event: e }): Trade => ({
        venue: 'binance',
        symbol: unified,
        id: String(e.a),
        price: e.p,
        size: e.q,
        side: e.m ? 'sell' : 'buy',
        ...e.T,
      })),
    )

  const ticker$ = (symbol: UnifiedSymbol): Observable<Ticker> =>
    withInstrument(ctx, symbol, (venueSymbol, unified) =>
      events$(`${lower(venueSymbol)}@bookTicker`, 'bookTicker', ({ event: e }): Ticker => {
        const now = ctx.clock.now()
        return {
          venue: 'binance',
          symbol: unified,
          bid: e.b,
          bidSize: e.B,
          ask: e.a,
          askSize: e.A,
          timestamp: new Date(now),
          rawTimestamp: now,
        }
      }),
    )

  const candles$ = (symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle> =>
    defer(() => {
      const code = own(BINANCE_INTERVALS, interval)
      if (code === undefined) {
        return throwError(
          () =>
            new VenueError({
              kind: 'invalid-request',
              venue: 'binance',
              message: `binance does not support live ${String(interval)} candles`,
            }),
        )
      }
      return withInstrument(ctx, symbol, (venueSymbol, unified) =>
        events$(`${lower(venueSymbol)}@kline_${code}`, 'kline', ({ event: { k } }): Candle => ({
          venue: 'binance',
          symbol: unified,
          interval,
          ...k.t,
          open: k.o,
          high: k.h,
          low: k.l,
          close: k.c,
          volume: k.v,
          quoteVolume: k.q,
          closed: k.x,
        })),
      )
    })

  return {
    bookChanges$,
    trades$,
    aggTrades$,
    ticker$,
    candles$,
    connections: () => up,
    streamsPerConnection: () => slots.map((s) => s.streams.size),
  }
}
