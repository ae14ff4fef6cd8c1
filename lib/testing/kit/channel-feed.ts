/**
 * The channel feed Coinbase Advanced Trade and Coinbase Prime both serve: a subscription names one
 * channel and its products, every answer and data frame is `{channel, client_id, timestamp,
 * sequence_num, events}` numbered per connection, and a frame lost to a silence still takes its
 * number, so the client sees the gap. Each venue keeps its channels, events and checks.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview#sequence-numbers
 */
import type { WebSocket } from 'ws'
import type { VenueId } from '../../core/model.js'
import type { Exchange } from '../../sim/exchange.js'
import { PublishedBook } from '../../sim/published-book.js'
import type { SimClock } from './clock.js'
import { readJson } from './json.js'
import type { SocketEvent } from './socket-events.js'
import type { SimMarket } from './options.js'
import { TopicFeed, type FeedContext, type FeedTopic, type TopicGrammar } from './topic-feed.js'
import { isoTime, seededHex } from './wire-text.js'

/**
 * What the feed keeps of every connection.
 *
 * @example
 * const conn: NumberedConn = { id: '1a2b3c4d-1', ws, sequence: -1, skip: 0, heartbeats: false, beats: 0 }
 */
export interface NumberedConn {
  readonly id: string
  readonly ws: WebSocket
  /** The last `sequence_num` sent; -1 before the first frame. */
  sequence: number
  /** Numbers to skip before the next frame (frames lost). */
  skip: number
  heartbeats: boolean
  /** Heartbeats sent. */
  beats: number
}

/**
 * The events the feed reports.
 *
 * @example
 * const e: ChannelFeedEvent = { type: 'subscribed', channel: 'public', connId: '1a2b3c4d-1', topics: ['level2:BTC-USD'] }
 */
export type ChannelFeedEvent = SocketEvent<'public', string>

/**
 * What the feed needs of its simulator.
 *
 * @example
 * const ctx: ChannelFeedContext = simContext // a CoinbaseContext or a PrimeContext
 */
export interface ChannelFeedContext extends FeedContext {
  readonly options: { readonly seed: number }
  readonly clock: SimClock
  readonly exchange: Exchange
  emit(event: ChannelFeedEvent): void
}

/**
 * A request read off a connection: `subscribe` or `unsubscribe`, with its fields.
 *
 * @example
 * const request: ChannelRequest = { op: 'subscribe', msg: { type: 'subscribe', channel: 'level2', product_ids: ['BTC-USD'] } }
 */
export interface ChannelRequest {
  readonly op: 'subscribe' | 'unsubscribe'
  readonly msg: Readonly<Record<string, unknown>>
}

/**
 * The feed of one endpoint: its connections (`topics`, a {@link TopicFeed} of `channel:product`
 * topics), their numbers, and the published book of each market.
 *
 * @example
 * const feed = new ChannelFeed(ctx, 'prime', grammar, { salt: 0x1d2c3b4a, extra: () => ({ orders: false }), message: receive })
 * upgrade = (ws) => feed.topics.connect(ws)
 * feed.publish(['l2_data:BTC-USD'], 'l2_data', events, now, market) // numbered per holder
 */
export class ChannelFeed<X extends object, M extends SimMarket, T extends FeedTopic> {
  readonly topics: TopicFeed<NumberedConn & X, M, T>
  private readonly books = new Map<M, PublishedBook>()
  /** `sequence_num` of the last book frame of each market, on whichever connection it went. */
  private readonly lastBookFrame = new Map<M, number>()

  constructor(
    private readonly ctx: ChannelFeedContext,
    private readonly venue: VenueId,
    grammar: TopicGrammar<M, T>,
    conn: {
      /** Salt of the seeded connection ids. */
      readonly salt: number
      /** The venue's own state of a new connection. */
      extra(): X
      message(conn: NumberedConn & X, text: string): void
    },
  ) {
    this.topics = new TopicFeed(ctx, grammar, {
      open: (ws, n) => ({
        id: `${seededHex(ctx.options.seed, conn.salt, n, 8)}-${n}`,
        ws,
        sequence: -1,
        skip: 0,
        heartbeats: false,
        beats: 0,
        ...conn.extra(),
      }),
      opened: (c) => ctx.emit({ type: 'connected', channel: 'public', connId: c.id }),
      message: (c, text) => conn.message(c, text),
      closed: (c) => ctx.emit({ type: 'disconnected', channel: 'public', connId: c.id }),
      pong: true,
    })
  }

  /** How many book changes a market has published, watched or not. */
  bookMoves(market: M): number {
    return this.book(market).sequence
  }

  /** `sequence_num` of the last book frame of a market (0 before any). */
  bookFrame(market: M): number {
    return this.lastBookFrame.get(market) ?? 0
  }

  /** The book a market's book topics publish, started when first asked. */
  book(market: M): PublishedBook {
    let view = this.books.get(market)
    if (view === undefined) {
      const symbol = market.instrument.symbol
      view = new PublishedBook(this.venue, symbol, () => this.ctx.exchange.book(symbol, Infinity), 0)
      view.snapshot(new Date(this.ctx.clock.now()))
      this.books.set(market, view)
    }
    return view
  }

  /** The next frame of every connection skips a number, as if one had been lost. */
  gap(): void {
    for (const conn of this.topics.conns()) conn.skip++
  }

  /** True when some connection subscribed heartbeats. */
  get heartbeats(): boolean {
    return this.topics.conns().some((c) => c.heartbeats)
  }

  /** A `heartbeats` frame to every connection that subscribed them; `events` of its next count. */
  heartbeat(events: (count: number, now: number) => unknown): void {
    const now = this.ctx.clock.now()
    for (const conn of this.topics.conns()) {
      if (conn.heartbeats) this.send(conn, 'heartbeats', now, JSON.stringify(events(++conn.beats, now)))
    }
  }

  /**
   * Reads a request; a malformed one, or one that is not `subscribe` or `unsubscribe`, is refused and
   * `undefined`.
   */
  read(conn: NumberedConn & X, text: string): ChannelRequest | undefined {
    const msg = readJson(text) as Record<string, unknown> | null | undefined
    if (typeof msg !== 'object' || msg === null) {
      this.refuse(conn, 'malformed message')
      return undefined
    }
    const op = msg['type']
    if (op === 'subscribe' || op === 'unsubscribe') return { op, msg }
    this.refuse(conn, `unknown type ${String(op)}`)
    return undefined
  }

  /**
   * A subscription of `channel`'s topics for its `product_ids`: unsubscribed, or the new ones added
   * and each `welcome`d after the answer.
   */
  products(
    conn: NumberedConn & X,
    { op, msg }: ChannelRequest,
    channel: string,
    welcome: (topic: string) => void,
  ): void {
    const ids = msg['product_ids']
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
      return this.refuse(conn, 'product_ids are required')
    const topics = (ids as string[]).map((id) => `${channel}:${id}`)
    const change = this.topics.subs.change(conn, op === 'subscribe', topics, {
      serves: (t) => this.topics.parse(t) !== undefined,
      unknown: (unknown) => `Failed to subscribe: ${unknown.join(', ')}`,
    })
    if (change.refused !== undefined) return this.refuse(conn, change.refused)
    this.answer(conn, op, topics)
    for (const t of change.added) welcome(t)
  }

  /**
   * Answers a subscribe or unsubscribe with every subscription of the connection: its topics by
   * channel, then `more` (heartbeats, a venue's own channels).
   */
  answer(
    conn: NumberedConn & X,
    op: 'subscribe' | 'unsubscribe',
    topics: readonly string[],
    more: Readonly<Record<string, string[]>> = {},
  ): void {
    const subscriptions: Record<string, string[]> = {}
    for (const topic of this.topics.subs.of(conn)) {
      const colon = topic.indexOf(':')
      ;(subscriptions[topic.slice(0, colon)] ??= []).push(topic.slice(colon + 1))
    }
    Object.assign(subscriptions, more)
    this.send(conn, 'subscriptions', this.ctx.clock.now(), JSON.stringify([{ subscriptions }]))
    const type = op === 'subscribe' ? 'subscribed' : 'unsubscribed'
    this.ctx.emit({ type, channel: 'public', connId: conn.id, topics })
  }

  /** An `error` message. */
  refuse(conn: NumberedConn & X, message: string): void {
    this.topics.send(conn, JSON.stringify({ type: 'error', message }))
  }

  /** A frame of the connection's next number; in a silence it is lost, its number taken. */
  send(conn: NumberedConn & X, channel: string, now: number, events: string): void {
    this.topics.send(conn, this.frame(conn, channel, now, events))
  }

  /** A data frame to one connection (a new subscriber's first); `book`: it is that market's book frame. */
  sendData(conn: NumberedConn & X, channel: string, now: number, events: string, book?: M): void {
    const text = this.frame(conn, channel, now, events)
    if (book !== undefined) this.lastBookFrame.set(book, conn.sequence)
    this.topics.sendData(conn, text, () => wrongShape(text))
  }

  /**
   * A data frame to each holder of `topics`. In a silence nothing goes out, but each frame that would
   * have still takes its connection's number: frames lost, as the client must find out.
   */
  publish(topics: readonly string[], channel: string, events: string, now: number, book?: M): void {
    if (this.ctx.faults.silenced) {
      for (const conn of this.topics.conns()) {
        const held = this.topics.subs.of(conn)
        for (const t of topics) if (held.has(t)) conn.skip++
      }
      return
    }
    let text = ''
    this.topics.publish(
      topics,
      (_topic, conn) => {
        text = this.frame(conn, channel, now, events)
        if (book !== undefined) this.lastBookFrame.set(book, conn.sequence)
        return text
      },
      () => wrongShape(text),
    )
  }

  /** One frame: the envelope in the venues' key order around `events` (JSON), numbered. */
  private frame(conn: NumberedConn, channel: string, now: number, events: string): string {
    conn.sequence += 1 + conn.skip
    conn.skip = 0
    return `{"channel":"${channel}","client_id":"","timestamp":"${isoTime(now)}","sequence_num":${conn.sequence},"events":${events}}`
  }
}

/** A data frame of the same channel the client's codec must refuse: `events` not a list. */
function wrongShape(text: string): string {
  const msg = JSON.parse(text) as Record<string, unknown>
  return JSON.stringify({ ...msg, events: { broken: true } })
}
