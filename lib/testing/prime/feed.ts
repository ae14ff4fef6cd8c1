/**
 * Prime's WebSocket feed: signed subscriptions one channel a message, and the `l2_data`, `orders` and
 * `heartbeats` channels, every frame numbered by its connection (`sequence_num`).
 * https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import type { BookLevel } from '../../core/model.js'
import { ChannelFeed, type NumberedConn } from '../kit/channel-feed.js'
import { isOpen } from '../kit/order-journal.js'
import { TopicGrammar, type TopicFeed } from '../kit/topic-feed.js'
import { verifyPrimeSubscription } from './auth.js'
import type { PrimeContext } from './context.js'
import type { PrimeMarket } from './options.js'
import { wsOrder, type PrimeOrderEntry } from './orders.js'
import { fixed, isoTime } from './wire.js'

const L2 = 'l2_data'
const HEARTBEATS = 'heartbeats'
const ORDERS = 'orders'

type Conn = NumberedConn & { orders: boolean }

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
  private readonly feed: ChannelFeed<{ orders: boolean }, PrimeMarket, Topic>

  constructor(
    private readonly ctx: PrimeContext,
    private readonly openOrders: () => readonly PrimeOrderEntry[],
  ) {
    const grammar = new TopicGrammar<PrimeMarket, Topic>((id) => ctx.options.byVenueSymbol.get(id), {
      [`${L2}:{symbol}`]: (market: PrimeMarket): Topic => ({ kind: L2, market }),
    })
    this.feed = new ChannelFeed(ctx, 'prime', grammar, {
      salt: 0x1d2c3b4a,
      extra: () => ({ orders: false }),
      message: (conn, text) => this.receive(conn, text),
    })
  }

  /** The connections and their topics. */
  get topics(): TopicFeed<Conn, PrimeMarket, Topic> {
    return this.feed.topics
  }

  /** True when some connection holds `topic` (`l2_data:BTC-USD`, `orders`, `heartbeats`). */
  holds(topic: string): boolean {
    if (topic === HEARTBEATS) return this.feed.heartbeats
    if (topic === ORDERS) return this.topics.conns().some((c) => c.orders)
    return this.topics.has(topic)
  }

  /** How many book changes a market has published, watched or not. */
  bookMoves(market: PrimeMarket): number {
    return this.feed.bookMoves(market)
  }

  /** `sequence_num` of the last `l2_data` frame of a market (0 before any). */
  bookFrame(market: PrimeMarket): number {
    return this.feed.bookFrame(market)
  }

  /** The next frame of every connection skips a number, as if one had been lost. */
  gap(): void {
    this.feed.gap()
  }

  /** A heartbeat to every connection that subscribed them. */
  heartbeat(): void {
    this.feed.heartbeat((n, now) => [{ current_time: isoTime(now), heartbeat_counter: String(n) }])
  }

  /** Publishes a market's book change to its subscribers. */
  changed(market: PrimeMarket): void {
    const now = this.ctx.clock.now()
    const delta = this.feed.book(market).delta(new Date(now))
    if (delta === undefined) return
    const events = bookEvents(market, 'update', delta.bids, delta.asks, now)
    this.feed.publish([`${L2}:${market.venueSymbol}`], L2, events, now, market)
  }

  /** An order of the portfolio changed: its state to every `orders` subscriber. */
  order(entry: PrimeOrderEntry | undefined): void {
    if (entry === undefined || entry.orderId === undefined) return
    const now = this.ctx.clock.now()
    const events = JSON.stringify([{ type: 'update', orders: [wsOrder(entry)] }])
    for (const conn of this.topics.conns()) if (conn.orders) this.feed.send(conn, ORDERS, now, events)
  }

  private receive(conn: Conn, text: string): void {
    const request = this.feed.read(conn, text)
    if (request === undefined) return
    const { op, msg } = request
    const refused = verifyPrimeSubscription(msg, this.ctx.clock.now(), this.ctx.key)
    if (refused !== undefined) return this.feed.refuse(conn, refused)
    const channel = msg['channel']
    const on = op === 'subscribe'
    if (channel === HEARTBEATS) {
      conn.heartbeats = on
      return this.answer(conn, op, [HEARTBEATS])
    }
    if (channel === ORDERS) {
      if (!this.ctx.options.portfolios.includes(String(msg['portfolio_id'])))
        return this.feed.refuse(conn, 'unknown portfolio_id')
      const fresh = on && !conn.orders
      conn.orders = on
      this.answer(conn, op, [ORDERS])
      if (fresh) this.ordersSnapshot(conn)
      return
    }
    if (channel !== L2) return this.feed.refuse(conn, `unknown channel ${String(channel)}`)
    this.feed.products(conn, request, L2, (topic) => this.snapshot(conn, topic))
  }

  private snapshot(conn: Conn, topic: string): void {
    const parsed = this.topics.parse(topic)
    if (parsed === undefined) return
    const now = this.ctx.clock.now()
    const book = this.feed.book(parsed.market).published(new Date(now))
    const events = bookEvents(parsed.market, 'snapshot', book.bids, book.asks, now)
    this.feed.sendData(conn, L2, now, events, parsed.market)
  }

  private ordersSnapshot(conn: Conn): void {
    const orders = this.openOrders().filter(isOpen).map(wsOrder)
    this.feed.send(conn, ORDERS, this.ctx.clock.now(), JSON.stringify([{ type: 'snapshot', orders }]))
  }

  private answer(conn: Conn, op: 'subscribe' | 'unsubscribe', topics: readonly string[]): void {
    const more: Record<string, string[]> = {}
    if (conn.heartbeats) more[HEARTBEATS] = [HEARTBEATS]
    if (conn.orders) more[ORDERS] = [...this.ctx.options.portfolios.slice(0, 1)]
    this.feed.answer(conn, op, topics, more)
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
