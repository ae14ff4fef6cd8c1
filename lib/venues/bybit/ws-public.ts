/**
 * Bybit v5 public WebSocket (spot): order book changes, trades, tickers and live candles over one
 * shared, self-healing connection to `/v5/public/spot`.
 * https://bybit-exchange.github.io/docs/v5/ws/connect and
 * https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook (and `trade`, `ticker`, `kline`)
 */
import { BYBIT_BOOK_DEPTHS, BYBIT_INTERVALS } from './spec.js'
import {
  concatMap,
  defer,
  mergeMap,
  Observable,
  share,
  take,
  throwError,
  type Subscriber,
  type Subscription,
} from 'rxjs'
import { DecodeError, VenueError } from '../../core/errors.js'
import { own } from '../../core/own.js'
import type {
  BookChange,
  BookLevel,
  Candle,
  CandleInterval,
  Ticker,
  Trade,
  UnifiedSymbol,
} from '../../core/model.js'
import type { PriceSizeText } from '../../codec/levels.js'
import { createSocket, type ManagedSocket, type SubscriptionAck } from '../../transport/socket.js'
import type { BybitContext } from './context.js'
import {
  decodeBybitPublicFrame,
  isBybitPong,
  textLevels,
  type BybitBookFrame,
  type BybitKlineFrame,
  type BybitPublicFrame,
  type BybitTickerFrame,
  type BybitTradeFrame,
} from './codecs.js'

/**
 * How often the driver pings, as the venue recommends.
 *
 * @example
 * // sent: {"req_id":"ping-1","op":"ping"} every 20 s while connected
 */
export const BYBIT_PING_INTERVAL_MS = 20_000

/**
 * Most topics in one subscribe message on the spot stream.
 *
 * @example
 * // 23 topics at once go out as 10 + 10 + 3
 */
export const BYBIT_MAX_TOPICS_PER_MESSAGE = 10

/**
 * How long a book waits for the snapshot it asked for before asking again (a subscribe the venue
 * answered without one, or an answer lost on the way).
 *
 * @example
 * // subscribed at t, no snapshot by t + 10 s: unsubscribe and subscribe again
 */
export const BYBIT_SNAPSHOT_TIMEOUT_MS = 10_000

/**
 * The topic depth serving a requested depth: the smallest of {@link BYBIT_BOOK_DEPTHS} at or above it,
 * the deepest (200) when none is asked. Levels beyond the requested depth may then arrive; a book of
 * that depth trims them.
 *
 * @throws VenueError `invalid-request` for a depth that is not a positive integer or exceeds 200.
 * @example
 * bybitBookDepth(20)        // 50
 * bybitBookDepth(undefined) // 200
 */
export function bybitBookDepth(requested: number | undefined): number {
  if (requested === undefined) return BYBIT_BOOK_DEPTHS[BYBIT_BOOK_DEPTHS.length - 1] as number
  const depth =
    Number.isInteger(requested) && requested > 0 ? BYBIT_BOOK_DEPTHS.find((d) => d >= requested) : undefined
  if (depth === undefined) {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'bybit',
      message: `bybit does not support book depth ${requested} (supported: ${BYBIT_BOOK_DEPTHS.join(', ')})`,
    })
  }
  return depth
}

/**
 * A book change as the driver emits it: the model's {@link BookChange} whose levels are built lazily
 * from the venue's validated strings, which stay readable as `rawBids` / `rawAsks` for a book that takes
 * text (`L2Book.applyDelta({ bids: change.rawBids, asks: change.rawAsks, sequence: change.sequence })`).
 *
 * @example
 * venue.bookChanges$('BTC/USDT').subscribe((c) => c.isSnapshot && console.log(c.bids.length))
 */
export class BybitBookChange implements BookChange {
  declare readonly venue: 'bybit'
  declare readonly symbol: UnifiedSymbol
  declare readonly isSnapshot: boolean
  /** Bybit's update id `u`. */
  declare readonly sequence: number
  /** The `u` this delta follows; `undefined` on a snapshot and on a venue restart (`u` = 1). */
  declare readonly previousSequence: number | undefined
  declare readonly firstSequence: undefined
  /** The frame's `ts` (ms), as sent. */
  declare readonly rawTimestamp: number
  /** The bid pairs as sent, validated. */
  declare readonly rawBids: readonly PriceSizeText[]
  /** The ask pairs as sent, validated. */
  declare readonly rawAsks: readonly PriceSizeText[]
  declare private date: Date | undefined
  declare private bidLevels: readonly BookLevel[] | undefined
  declare private askLevels: readonly BookLevel[] | undefined

  constructor(
    symbol: UnifiedSymbol,
    frame: BybitBookFrame,
    isSnapshot: boolean,
    previous: number | undefined,
  ) {
    this.venue = 'bybit'
    this.symbol = symbol
    this.isSnapshot = isSnapshot
    this.sequence = frame.data.u
    this.previousSequence = previous
    this.firstSequence = undefined
    this.rawTimestamp = frame.ts
    this.rawBids = frame.data.b
    this.rawAsks = frame.data.a
    this.date = undefined
    this.bidLevels = undefined
    this.askLevels = undefined
  }

  get timestamp(): Date {
    return (this.date ??= new Date(this.rawTimestamp))
  }

  get bids(): readonly BookLevel[] {
    return (this.bidLevels ??= textLevels(this.rawBids))
  }

  get asks(): readonly BookLevel[] {
    return (this.askLevels ??= textLevels(this.rawAsks))
  }

  /** A plain object in the venue's strings, for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return {
      venue: this.venue,
      symbol: this.symbol,
      isSnapshot: this.isSnapshot,
      sequence: this.sequence,
      previousSequence: this.previousSequence,
      timestamp: this.rawTimestamp,
      bids: this.rawBids,
      asks: this.rawAsks,
    }
  }
}

/**
 * The public streams of a Bybit driver; each is shared per topic and released on the last unsubscribe.
 *
 * @example
 * createBybitPublicStreams(ctx).trades$('BTC/USDT').subscribe((t) => console.log(t.price.toString()))
 */
export interface BybitPublicStreams {
  /** Book changes (see `Venue.bookChanges$`); the topic depth is {@link bybitBookDepth} of `options.depth`. */
  bookChanges$(
    symbol: UnifiedSymbol,
    options?: { readonly depth?: number | undefined },
  ): Observable<BookChange>
  /** `publicTrade.{symbol}`: one Trade per fill, taker side, in match order. */
  trades$(symbol: UnifiedSymbol): Observable<Trade>
  /** `tickers.{symbol}`: 24 h statistics and the last price (the spot topic carries no best prices). */
  ticker$(symbol: UnifiedSymbol): Observable<Ticker>
  /** `kline.{interval}.{symbol}`: the forming candle as it changes, then closed (`confirm`). */
  candles$(symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle>
  /** The shared socket (health, stats). */
  readonly socket: ManagedSocket
}

type Routed<F> = { readonly topic: string; readonly frame: F }

const TOPIC_IN_MESSAGE = /(?:orderbook|publicTrade|tickers|kline)\.[A-Za-z0-9_.]*[A-Za-z0-9_]/g

/**
 * Opens nothing until a stream is subscribed; then one socket carries every topic.
 *
 * The book path, per topic, and why:
 * - a snapshot, then deltas whose `u` each follow the last by one; a delta with `u` = 1 is the venue's
 *   restart: it passes (the sequence rule resets on it) with a `resync` event (`venue-reset`);
 * - a delta that skips or goes back is a gap: it is dropped, a `resync` event is emitted, and the topic
 *   is unsubscribed and subscribed again, which makes the venue send a fresh snapshot; deltas are held
 *   back until it comes, so no subscriber ever sees a delta that does not follow what it saw;
 * - a subscriber joining a live topic also gets a fresh snapshot the same way (every subscriber of the
 *   topic then restarts from it), so each subscription starts with a snapshot;
 * - after a reconnect the socket resubscribes, and again nothing but a snapshot opens the topic.
 * Subscribe and unsubscribe messages carry at most {@link BYBIT_MAX_TOPICS_PER_MESSAGE} topics; a
 * refusal errors only the streams of the topics the venue named (or, when it names none, of the topics
 * in the refused message).
 *
 * @example
 * const streams = createBybitPublicStreams(ctx)
 * streams.bookChanges$('BTC/USDT', { depth: 50 }).subscribe((c) => book.applyChange(c))
 */
export function createBybitPublicStreams(ctx: BybitContext): BybitPublicStreams {
  /** The socket key each live topic is subscribed under (books add a generation, see BookFeed). */
  const liveKeys = new Map<string, string>()
  const generations = new Map<string, number>()
  const feeds = new Map<string, BookFeed>()
  const shared = new Map<string, Observable<unknown>>()
  let pings = 0

  const matchAck = (frame: unknown): SubscriptionAck | undefined => {
    const routed = frame as BybitPublicFrame
    if (routed.kind !== 'op') return undefined
    const f = routed.frame
    if (f.op !== 'subscribe' && f.op !== 'unsubscribe') return undefined
    const ok = f.success === true
    return { ok, id: f.req_id, reason: f.ret_msg, keys: ok ? undefined : namedKeys(f.ret_msg) }
  }

  const namedKeys = (message: string | undefined): string[] | undefined => {
    const named = message?.match(TOPIC_IN_MESSAGE)
    if (!named) return undefined
    const keys = [...new Set(named)].map((topic) => liveKeys.get(topic) ?? topic)
    return keys.length > 0 ? keys : undefined
  }

  const socket = createSocket({
    url: ctx.options.wsUrl,
    venue: 'bybit',
    ...(ctx.options.WebSocketCtor ? { WebSocketCtor: ctx.options.WebSocketCtor } : {}),
    scheduler: ctx.scheduler,
    decode: decodeBybitPublicFrame,
    maxFrameBytes: ctx.options.maxFrameBytes,
    reconnect: {
      ...(ctx.options.backoff ? { backoff: ctx.options.backoff } : {}),
      staleAfterMs: ctx.options.staleAfterMs,
    },
    heartbeat: {
      intervalMs: BYBIT_PING_INTERVAL_MS,
      ping: () => ({ req_id: `ping-${++pings}`, op: 'ping' }),
      isHeartbeat: (frame) => {
        const routed = frame as BybitPublicFrame
        return routed.kind === 'op' && isBybitPong(routed.frame)
      },
    },
    subscriptions: {
      message: (op, keys, id) => ({ req_id: String(id), op, args: keys.map(wireTopic) }),
      maxKeysPerMessage: BYBIT_MAX_TOPICS_PER_MESSAGE,
      matchAck,
    },
  })

  ctx.watchSocket('public', socket)

  const topic$ = <F>(key: string, topic: string): Observable<Routed<F>> =>
    socket.topic$<Routed<F>>(key, {
      filter: (frame): frame is Routed<F> => (frame as BybitPublicFrame).topic === topic,
    })

  // ---- connection events → venue events ----

  let up = false
  let lostBy: 'reconnect' | 'stale' = 'reconnect'
  const down = (reason: string): void => {
    if (!up) return
    up = false
    ctx.emit({ type: 'disconnected', channel: 'public', reason })
  }
  const watched: Subscription = socket.events$.subscribe((event) => {
    switch (event.type) {
      case 'open': {
        const reconnect = event.attempt > 1
        up = true
        ctx.emit({ type: 'connected', channel: 'public', reconnect })
        for (const feed of feeds.values()) feed.reopened(reconnect ? lostBy : undefined)
        lostBy = 'reconnect'
        break
      }
      case 'closed':
        down(`closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`)
        break
      case 'stale':
        lostBy = 'stale'
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
          ctx.logger.warn('bybit public socket', { error: event.error.message })
        }
        break
      default:
        break
    }
  })
  watched.add(
    socket.state$.subscribe((state) => {
      if (state === 'idle' || state === 'closed') down(state === 'closed' || ctx.closed ? 'closed' : 'idle')
    }),
  )
  ctx.onClose(() => {
    socket.close()
    watched.unsubscribe()
  })

  // ---- books ----

  /**
   * One book topic and its subscribers. The topic is subscribed on the socket under a key carrying a
   * generation (`orderbook.50.BTCUSDT#3`): a new generation replaces the old key, so the socket sends
   * the venue an unsubscribe and a subscribe, and the venue answers with a fresh snapshot. (Under one
   * key, dropping and re-adding the topic in one tick would send nothing, and no snapshot would come.)
   */
  class BookFeed {
    private subscribers: readonly Subscriber<BookChange>[] = []
    private wire: Subscription | undefined = undefined
    private watchdog: Subscription | undefined = undefined
    private awaiting = true
    private last: number | undefined = undefined

    constructor(
      readonly topic: string,
      readonly symbol: UnifiedSymbol,
      readonly depth: number,
    ) {}

    join(subscriber: Subscriber<BookChange>): () => void {
      this.subscribers = [...this.subscribers, subscriber]
      if (this.wire === undefined) this.attach()
      else if (!this.awaiting) this.refresh()
      return () => this.leave(subscriber)
    }

    /** A connection opened: its first frame of the topic must be a snapshot. */
    reopened(reason: 'reconnect' | 'stale' | undefined): void {
      this.awaitSnapshot()
      if (reason !== undefined) ctx.emit({ type: 'resync', symbol: this.symbol, reason })
    }

    private leave(subscriber: Subscriber<BookChange>): void {
      this.subscribers = this.subscribers.filter((s) => s !== subscriber)
      if (this.subscribers.length > 0) return
      this.release()
      feeds.delete(this.topic)
    }

    private release(): void {
      this.watchdog?.unsubscribe()
      this.watchdog = undefined
      const wire = this.wire
      this.wire = undefined
      liveKeys.delete(this.topic)
      wire?.unsubscribe()
    }

    private attach(): void {
      const generation = (generations.get(this.topic) ?? 0) + 1
      generations.set(this.topic, generation)
      const key = generation === 1 ? this.topic : `${this.topic}#${generation}`
      liveKeys.set(this.topic, key)
      this.awaitSnapshot()
      this.wire = topic$<BybitBookFrame>(key, this.topic).subscribe({
        next: (routed) => this.received(routed.frame),
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
      this.watchdog = ctx.scheduler.schedule(() => {
        this.watchdog = undefined
        if (!this.awaiting || this.wire === undefined) return
        if (socket.state === 'open') {
          ctx.logger.warn('bybit book snapshot overdue; subscribing again', { topic: this.topic })
          this.refresh()
        } else {
          this.awaitSnapshot()
        }
      }, BYBIT_SNAPSHOT_TIMEOUT_MS)
    }

    private received(frame: BybitBookFrame): void {
      const u = frame.data.u
      if (frame.type === 'snapshot') {
        // level-1 books re-send a snapshot every few seconds by design; deeper ones only after a venue-side reset
        if (!this.awaiting && this.depth > 1)
          ctx.emit({ type: 'resync', symbol: this.symbol, reason: 'venue' })
        this.awaiting = false
        this.watchdog?.unsubscribe()
        this.watchdog = undefined
        this.last = u
        this.publish(new BybitBookChange(this.symbol, frame, true, undefined))
        return
      }
      // deltas before the awaited snapshot belong to the previous subscription
      if (this.awaiting) return
      const last = this.last as number
      if (u === last + 1) {
        this.last = u
        this.publish(new BybitBookChange(this.symbol, frame, false, last))
      } else if (u === 1) {
        // a service restart: the delta replaces the whole book
        // (https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook)
        this.last = u
        ctx.emit({ type: 'resync', symbol: this.symbol, reason: 'venue-reset' })
        this.publish(new BybitBookChange(this.symbol, frame, false, undefined))
      } else {
        ctx.logger.warn('bybit book sequence gap; resubscribing', {
          topic: this.topic,
          expected: last + 1,
          got: u,
        })
        ctx.emit({ type: 'resync', symbol: this.symbol, reason: 'gap' })
        this.refresh()
      }
    }

    private publish(change: BookChange): void {
      const subscribers = this.subscribers
      for (let i = 0; i < subscribers.length; i++) (subscribers[i] as Subscriber<BookChange>).next(change)
    }

    private end(how: (s: Subscriber<BookChange>) => void): void {
      const subscribers = this.subscribers
      this.subscribers = []
      this.release()
      if (feeds.get(this.topic) === this) feeds.delete(this.topic)
      for (const s of subscribers) how(s)
    }
  }

  /** Runs `open` with the instrument of `symbol`, failing like a request when the venue is closed. */
  const withInstrument = <T>(
    symbol: UnifiedSymbol,
    open: (venueSymbol: string, unified: UnifiedSymbol) => Observable<T>,
  ): Observable<T> =>
    defer(() => {
      if (ctx.closed) return throwError(() => ctx.closedError())
      return ctx.symbols().pipe(
        take(1),
        concatMap((symbols) => {
          const instrument = symbols.instrument(symbol)
          return open(instrument.venueSymbol, instrument.symbol)
        }),
      )
    })

  const bookChanges$ = (
    symbol: UnifiedSymbol,
    options: { readonly depth?: number | undefined } = {},
  ): Observable<BookChange> =>
    defer(() => {
      const depth = bybitBookDepth(options.depth)
      return withInstrument(
        symbol,
        (venueSymbol, unified) =>
          new Observable<BookChange>((subscriber) => {
            if (ctx.closed) return subscriber.error(ctx.closedError())
            const topic = `orderbook.${depth}.${venueSymbol}`
            let feed = feeds.get(topic)
            if (feed === undefined) feeds.set(topic, (feed = new BookFeed(topic, unified, depth)))
            return feed.join(subscriber)
          }),
      )
    })

  /** A topic whose frames every subscriber sees alike: decoded and mapped once, shared. */
  const sharedTopic = <F, T>(topic: string, project: (frame: F) => readonly T[]): Observable<T> => {
    let stream = shared.get(topic) as Observable<T> | undefined
    if (stream === undefined) {
      stream = topic$<F>(topic, topic).pipe(
        mergeMap((routed) => project(routed.frame)),
        share(),
      )
      shared.set(topic, stream)
    }
    return stream
  }

  const trades$ = (symbol: UnifiedSymbol): Observable<Trade> =>
    withInstrument(symbol, (venueSymbol, unified) =>
      sharedTopic<BybitTradeFrame, Trade>(`publicTrade.${venueSymbol}`, (frame) =>
        frame.data.map((raw): Trade => ({
          venue: 'bybit',
          symbol: unified,
          id: raw.i,
          price: raw.p,
          size: raw.v,
          side: raw.S === 'Buy' ? 'buy' : 'sell',
          ...raw.T,
        })),
      ),
    )

  const ticker$ = (symbol: UnifiedSymbol): Observable<Ticker> =>
    withInstrument(symbol, (venueSymbol, unified) =>
      sharedTopic<BybitTickerFrame, Ticker>(`tickers.${venueSymbol}`, (frame) => {
        const d = frame.data
        return [
          {
            venue: 'bybit',
            symbol: unified,
            last: d.lastPrice,
            open24h: d.prevPrice24h,
            high24h: d.highPrice24h,
            low24h: d.lowPrice24h,
            volume24h: d.volume24h,
            quoteVolume24h: d.turnover24h,
            ...frame.ts,
          },
        ]
      }),
    )

  const candles$ = (symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle> =>
    defer(() => {
      const code = own(BYBIT_INTERVALS, interval)
      if (code === undefined) {
        return throwError(
          () =>
            new VenueError({
              kind: 'invalid-request',
              venue: 'bybit',
              message: `bybit does not support live ${String(interval)} candles`,
            }),
        )
      }
      return withInstrument(symbol, (venueSymbol, unified) =>
        sharedTopic<BybitKlineFrame, Candle>(`kline.${code}.${venueSymbol}`, (frame) =>
          frame.data.map((k): Candle => ({
            venue: 'bybit',
            symbol: unified,
            interval,
            ...k.start,
            open: k.open,
            high: k.high,
            low: k.low,
            close: k.close,
            volume: k.volume,
            quoteVolume: k.turnover,
            closed: k.confirm,
          })),
        ),
      )
    })

  return { bookChanges$, trades$, ticker$, candles$, socket }
}

/** The venue's topic of a socket key: the key without its generation suffix. */
function wireTopic(key: string): string {
  const hash = key.indexOf('#')
  return hash < 0 ? key : key.slice(0, hash)
}
