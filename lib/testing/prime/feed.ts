/**
 * Prime's WebSocket feed: signed subscriptions one channel a message, and the `l2_data`, `orders` and
 * `heartbeats` channels, every frame numbered by its connection (`sequence_num`).
 * https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import type { WebSocket } from 'ws'
import type { BookLevel } from '../../core/model.js'
import { PublishedBook } from '../../sim/published-book.js'
import { TopicFeed, TopicGrammar } from '../kit/topic-feed.js'
import { seededHex } from '../kit/wire-text.js'
import { verifyPrimeSubscription } from './auth.js'
import type { PrimeContext } from './context.js'
import type { PrimeMarket } from './options.js'
import { isOpen } from '../kit/order-journal.js'
import { wsOrder, type PrimeOrderEntry } from './orders.js'
import { fixed, isoTime } from './wire.js'

const L2 = 'l2_data'
const HEARTBEATS = 'heartbeats'
const ORDERS = 'orders'

interface Conn {
  readonly id: string
  readonly ws: WebSocket
  /** The last `sequence_num` sent; -1 before the first frame. */
  sequence: number
  /** Numbers to skip before the next frame (frames lost). */
  skip: number
  heartbeats: boolean
  orders: boolean
  beats: number
}

interface Topic {
  readonly kind: typeof L2
  readonly market: PrimeMarket
}

/**
 * The feed's connections and what they subscribed to. Book topics are `l2_data:BTC-USD`.
 *
 * @example
 * const feed = new PrimeFeed(ctx, () => orders.openOrders())
 * upgrade = (ws) => feed.topics.connect(ws)
 */
export class PrimeFeed {
  readonly topics: TopicFeed<Conn, PrimeMarket, Topic>
  private readonly books = new Map<PrimeMarket, PublishedBook>()
  /** `sequence_num` of the last book frame of each market, on whichever connection it went. */
  private readonly lastBookFrame = new Map<PrimeMarket, number>()

  constructor(
    private readonly ctx: PrimeContext,
    private readonly openOrders: () => readonly PrimeOrderEntry[],
  ) {
    const grammar = new TopicGrammar<PrimeMarket, Topic>((id) => ctx.options.byVenueSymbol.get(id), {
      [`${L2}:{symbol}`]: (market: PrimeMarket): Topic => ({ kind: L2, market }),
    })
    this.topics = new TopicFeed(ctx, grammar, {
      open: (ws, n) => ({
        id: `${seededHex(ctx.options.seed, 0x1d2c3b4a, n, 8)}-${n}`,
        ws,
        sequence: -1,
        skip: 0,
        heartbeats: false,
        orders: false,
        beats: 0,
      }),
      opened: (conn) => ctx.emit({ type: 'connected', channel: 'public', connId: conn.id }),
      message: (conn, text) => this.receive(conn, text),
      closed: (conn) => ctx.emit({ type: 'disconnected', channel: 'public', connId: conn.id }),
      pong: true,
    })
  }

  /** True when some connection holds `topic` (`l2_data:BTC-USD`, `orders`, `heartbeats`). */
  holds(topic: string): boolean {
    if (topic === HEARTBEATS) return this.topics.conns().some((c) => c.heartbeats)
    if (topic === ORDERS) return this.topics.conns().some((c) => c.orders)
    return this.topics.has(topic)
  }

  /** How many book changes a market has published, watched or not. */
  bookMoves(market: PrimeMarket): number {
    return this.book(market).sequence
  }

  /** `sequence_num` of the last `l2_data` frame of a market (0 before any). */
  bookFrame(market: PrimeMarket): number {
    return this.lastBookFrame.get(market) ?? 0
  }

  /** The next frame of every connection skips a number, as if one had been lost. */
  gap(): void {
    for (const conn of this.topics.conns()) conn.skip++
  }

  /** A heartbeat to every connection that subscribed them. */
  heartbeat(): void {
    const now = this.ctx.clock.now()
    for (const conn of this.topics.conns()) {
      if (!conn.heartbeats) continue
      const events = JSON.stringify([{ current_time: isoTime(now), heartbeat_counter: String(++conn.beats) }])
      if (this.ctx.faults.silenced) conn.skip++
      else this.topics.send(conn, this.frame(conn, HEARTBEATS, now, events))
    }
  }

  /** Publishes a market's book change to its subscribers. */
  changed(market: PrimeMarket): void {
    const now = this.ctx.clock.now()
    const delta = this.books.get(market)?.delta(new Date(now))
    if (delta === undefined) return
    this.publish(
      `${L2}:${market.venueSymbol}`,
      L2,
      bookEvents(market, 'update', delta.bids, delta.asks, now),
      now,
      market,
    )
  }

  /** An order of the portfolio changed: its state to every `orders` subscriber. */
  order(entry: PrimeOrderEntry | undefined): void {
    if (entry === undefined || entry.orderId === undefined) return
    const now = this.ctx.clock.now()
    const events = JSON.stringify([{ type: 'update', orders: [wsOrder(entry)] }])
    for (const conn of this.topics.conns()) {
      if (!conn.orders) continue
      if (this.ctx.faults.silenced) conn.skip++
      else this.topics.send(conn, this.frame(conn, ORDERS, now, events))
    }
  }

  private receive(conn: Conn, text: string): void {
    let msg: Record<string, unknown>
    try {
      msg = JSON.parse(text) as Record<string, unknown>
    } catch {
      return this.refuse(conn, 'malformed message')
    }
    const op = msg['type']
    if (op !== 'subscribe' && op !== 'unsubscribe') return this.refuse(conn, `unknown type ${String(op)}`)
    const refused = verifyPrimeSubscription(msg, this.ctx.clock.now(), this.ctx.key)
    if (refused !== undefined) return this.refuse(conn, refused)
    const channel = msg['channel']
    const on = op === 'subscribe'
    if (channel === HEARTBEATS) {
      conn.heartbeats = on
      return this.answer(conn, op, [HEARTBEATS])
    }
    if (channel === ORDERS) {
      if (!this.ctx.options.portfolios.includes(String(msg['portfolio_id'])))
        return this.refuse(conn, 'unknown portfolio_id')
      const fresh = on && !conn.orders
      conn.orders = on
      this.answer(conn, op, [ORDERS])
      if (fresh) this.ordersSnapshot(conn)
      return
    }
    if (channel !== L2) return this.refuse(conn, `unknown channel ${String(channel)}`)
    const ids = msg['product_ids']
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
      return this.refuse(conn, 'product_ids are required')
    const topics = (ids as string[]).map((id) => `${L2}:${id}`)
    const unknown = topics.filter((t) => this.topics.parse(t) === undefined)
    if (unknown.length > 0) return this.refuse(conn, `Failed to subscribe: ${unknown.join(', ')}`)
    const subs = this.topics.subs
    if (!on) {
      for (const t of topics) subs.remove(conn, t)
      return this.answer(conn, op, topics)
    }
    const fresh = topics.filter((t) => !subs.of(conn).has(t))
    for (const t of fresh) subs.add(conn, t)
    this.answer(conn, op, topics)
    for (const t of fresh) this.snapshot(conn, t)
  }

  private snapshot(conn: Conn, topic: string): void {
    const parsed = this.topics.parse(topic)
    if (parsed === undefined) return
    const now = this.ctx.clock.now()
    const book = this.book(parsed.market).published(new Date(now))
    const text = this.frame(conn, L2, now, bookEvents(parsed.market, 'snapshot', book.bids, book.asks, now))
    this.lastBookFrame.set(parsed.market, conn.sequence)
    this.topics.sendData(conn, text, () => wrongShape(text))
  }

  private ordersSnapshot(conn: Conn): void {
    const now = this.ctx.clock.now()
    const orders = this.openOrders().filter(isOpen).map(wsOrder)
    this.topics.send(conn, this.frame(conn, ORDERS, now, JSON.stringify([{ type: 'snapshot', orders }])))
  }

  private book(market: PrimeMarket): PublishedBook {
    let view = this.books.get(market)
    if (view === undefined) {
      const symbol = market.instrument.symbol
      view = new PublishedBook('prime', symbol, () => this.ctx.exchange.book(symbol, Infinity), 0)
      view.snapshot(new Date(this.ctx.clock.now()))
      this.books.set(market, view)
    }
    return view
  }

  /** Sends a frame to each holder of `topic`; in a silence each frame still takes its number (lost). */
  private publish(topic: string, channel: string, events: string, now: number, market: PrimeMarket): void {
    if (this.ctx.faults.silenced) {
      for (const conn of this.topics.conns()) if (this.topics.subs.of(conn).has(topic)) conn.skip++
      return
    }
    let text = ''
    this.topics.publish(
      [topic],
      (_topic, conn) => {
        text = this.frame(conn, channel, now, events)
        this.lastBookFrame.set(market, conn.sequence)
        return text
      },
      () => wrongShape(text),
    )
  }

  private frame(conn: Conn, channel: string, now: number, events: string): string {
    conn.sequence += 1 + conn.skip
    conn.skip = 0
    return `{"channel":"${channel}","client_id":"","timestamp":"${isoTime(now)}","sequence_num":${conn.sequence},"events":${events}}`
  }

  private answer(conn: Conn, op: 'subscribe' | 'unsubscribe', topics: readonly string[]): void {
    const subscriptions: Record<string, string[]> = {}
    for (const topic of this.topics.subs.of(conn)) (subscriptions[L2] ??= []).push(topic.slice(L2.length + 1))
    if (conn.heartbeats) subscriptions[HEARTBEATS] = [HEARTBEATS]
    if (conn.orders) subscriptions[ORDERS] = [...this.ctx.options.portfolios.slice(0, 1)]
    const now = this.ctx.clock.now()
    this.topics.send(conn, this.frame(conn, 'subscriptions', now, JSON.stringify([{ subscriptions }])))
    this.ctx.emit({
      type: op === 'subscribe' ? 'subscribed' : 'unsubscribed',
      channel: 'public',
      connId: conn.id,
      topics,
    })
  }

  private refuse(conn: Conn, message: string): void {
    this.topics.send(conn, JSON.stringify({ type: 'error', message }))
  }
}

/** The `events` of a book frame: one event of the product, bids then offers, `px`/`qty`. */
function bookEvents(
  m: PrimeMarket,
  type: 'snapshot' | 'update',
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
  now: number,
): string {
  const time = isoTime(now)
  const level = (side: string) => (l: BookLevel) => ({
    side,
    event_time: time,
    px: fixed(l.price, m.priceDp),
    qty: fixed(l.size, m.qtyDp),
  })
  return JSON.stringify([
    { type, product_id: m.venueSymbol, updates: [...bids.map(level('bid')), ...asks.map(level('offer'))] },
  ])
}

/** A book frame the client's codec must refuse: `events` not a list. */
function wrongShape(text: string): string {
  const msg = JSON.parse(text) as Record<string, unknown>
  return JSON.stringify({ ...msg, events: { broken: true } })
}
