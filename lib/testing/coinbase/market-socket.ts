/**
 * Coinbase Advanced Trade's market socket: subscriptions one channel a message, and the `level2`,
 * `ticker`, `market_trades`, `candles` and `heartbeats` channels, every frame numbered by its
 * connection (`sequence_num` counts all channels of a connection together).
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 */
import type { BookLevel, Trade } from '../../core/model.js'
import { ChannelFeed, type NumberedConn } from '../kit/channel-feed.js'
import { marketStats } from '../kit/market-stats.js'
import { TopicGrammar, type TopicFeed } from '../kit/topic-feed.js'
import type { CoinbaseContext } from './context.js'
import type { CoinbaseMarket } from './options.js'
import { fixed, isoTime, makerSide, percentChange, plain } from './wire.js'

/** The channels that take products, and the heartbeats of a connection. */
const CHANNELS = ['level2', 'ticker', 'market_trades', 'candles'] as const
const HEARTBEATS = 'heartbeats'
/** The `candles` channel's five-minute buckets. */
const CANDLE_MS = 5 * 60_000
/** Trades a new `market_trades` subscriber is sent first. */
const SNAPSHOT_TRADES = 50

interface Topic {
  readonly kind: (typeof CHANNELS)[number]
  readonly market: CoinbaseMarket
  readonly interval?: number | undefined
}

/**
 * The market socket's connections and what they subscribed to. Topics are `channel:product`; an alias
 * product's topics (`level2:BTC-USDC`) carry its market's frames, under that market's product id.
 *
 * @example
 * const socket = new MarketSocket(ctx)
 * upgrade = (ws) => socket.feed.connect(ws)
 * socket.changed(market) // after the market moved: a book update, a ticker
 */
export class MarketSocket {
  private readonly channels: ChannelFeed<object, CoinbaseMarket, Topic>

  constructor(private readonly ctx: CoinbaseContext) {
    const grammar = new TopicGrammar<CoinbaseMarket, Topic>(
      (id) => ctx.options.products.get(id)?.market,
      Object.fromEntries(
        CHANNELS.map((kind) => [
          `${kind}:{symbol}`,
          (market: CoinbaseMarket): Topic => ({
            kind,
            market,
            interval: kind === 'candles' ? CANDLE_MS : undefined,
          }),
        ]),
      ),
    )
    this.channels = new ChannelFeed(ctx, 'coinbase', grammar, {
      salt: 0x2c1b3c6d,
      extra: () => ({}),
      message: (conn, text) => this.receive(conn, text),
    })
  }

  /** The connections and their topics. */
  get feed(): TopicFeed<NumberedConn, CoinbaseMarket, Topic> {
    return this.channels.topics
  }

  /** True when some connection holds `topic` (`level2:BTC-USD`, `heartbeats`). */
  holds(topic: string): boolean {
    return topic === HEARTBEATS ? this.channels.heartbeats : this.feed.has(topic)
  }

  /** How many book changes a market has published, watched or not. */
  bookMoves(market: CoinbaseMarket): number {
    return this.channels.bookMoves(market)
  }

  /** `sequence_num` of the last book frame of a market (0 before any). */
  bookFrame(market: CoinbaseMarket): number {
    return this.channels.bookFrame(market)
  }

  /** The next frame of every connection skips one number, as if a frame had been lost. */
  gap(): void {
    this.channels.gap()
  }

  /** A heartbeat to every connection that subscribed to them. */
  heartbeat(): void {
    this.channels.heartbeat((n, now) => [{ current_time: goTime(now), heartbeat_counter: n }])
  }

  /** Publishes a market's change: one book update (when its levels moved) and its ticker. */
  changed(market: CoinbaseMarket): void {
    const now = this.ctx.clock.now()
    const delta = this.channels.book(market).delta(new Date(now))
    if (delta !== undefined) this.publishBook(market, 'update', delta.bids, delta.asks, now)
    const tickers = this.topics('ticker', market)
    if (tickers.some((t) => this.feed.has(t))) {
      const events = this.tickerEvents(market, 'update')
      if (this.feed.changed(`ticker:${market.venueSymbol}`, events))
        this.channels.publish(tickers, 'ticker', events, now)
    }
  }

  /** Publishes a market's new trades, newest first, as one `update`. */
  trades(market: CoinbaseMarket, trades: readonly Trade[]): void {
    if (trades.length === 0) return
    const events = JSON.stringify([{ type: 'update', trades: tradeRows(market, trades) }])
    this.channels.publish(this.topics('market_trades', market), 'market_trades', events, this.ctx.clock.now())
  }

  /** Publishes the forming five-minute candle of a market, after the one that closed since. */
  candles(market: CoinbaseMarket): void {
    const now = this.ctx.clock.now()
    this.feed.dueCandles(market, now, (topic, _parsed, open) =>
      this.channels.publish([topic], 'candles', candleEvents(market, 'update', open, now), now),
    )
  }

  private receive(conn: NumberedConn, text: string): void {
    const request = this.channels.read(conn, text)
    if (request === undefined) return
    const channel = request.msg['channel']
    if (channel === HEARTBEATS) {
      conn.heartbeats = request.op === 'subscribe'
      return this.channels.answer(conn, request.op, [HEARTBEATS], { [HEARTBEATS]: [] })
    }
    if (!CHANNELS.includes(channel as Topic['kind']))
      return this.channels.refuse(conn, `unknown channel ${String(channel)}`)
    this.channels.products(conn, request, String(channel), (topic) => this.welcome(conn, topic))
  }

  /** What a new subscriber of a topic is sent first: the book, the ticker, recent trades, the candle. */
  private welcome(conn: NumberedConn, topic: string): void {
    const parsed = this.feed.parse(topic)
    if (parsed === undefined) return
    const m = parsed.market
    const now = this.ctx.clock.now()
    let channel: string
    let events: string
    if (parsed.kind === 'level2') {
      const snapshot = this.channels.book(m).published(new Date(now))
      channel = 'l2_data'
      events = bookEvents(m, 'snapshot', snapshot.bids, snapshot.asks, now)
    } else if (parsed.kind === 'ticker') {
      channel = 'ticker'
      events = this.tickerEvents(m, 'snapshot')
    } else if (parsed.kind === 'market_trades') {
      const recent = this.ctx.exchange
        .trades(m.instrument.symbol, -Infinity, Infinity)
        .slice(-SNAPSHOT_TRADES)
      channel = 'market_trades'
      events = JSON.stringify([{ type: 'snapshot', trades: tradeRows(m, recent) }])
    } else {
      channel = 'candles'
      events = candleEvents(
        m,
        'snapshot',
        this.feed.joinCandle(topic, { ...parsed, interval: CANDLE_MS }, now),
        now,
      )
    }
    this.channels.sendData(conn, channel, now, events, parsed.kind === 'level2' ? m : undefined)
  }

  private publishBook(
    market: CoinbaseMarket,
    type: 'snapshot' | 'update',
    bids: readonly BookLevel[],
    asks: readonly BookLevel[],
    now: number,
  ): void {
    this.channels.publish(
      this.topics('level2', market),
      'l2_data',
      bookEvents(market, type, bids, asks, now),
      now,
      market,
    )
  }

  /** The topics of a channel that carry a market: its own product's and its aliases'. */
  private topics(channel: Topic['kind'], market: CoinbaseMarket): string[] {
    const out: string[] = []
    for (const product of this.ctx.options.products.values())
      if (product.market === market) out.push(`${channel}:${product.id}`)
    return out
  }

  private tickerEvents(m: CoinbaseMarket, type: 'snapshot' | 'update'): string {
    const s = marketStats(this.ctx.exchange, m, m.config.startPrice)
    const price = (d: typeof s.bid) => (d === undefined ? '' : fixed(d, m.priceDp))
    const size = (d: typeof s.bid) => (d === undefined ? '' : fixed(d, m.qtyDp))
    const ticker = {
      type: 'ticker',
      product_id: m.venueSymbol,
      price: price(s.last),
      volume_24_h: plain(s.volume),
      low_24_h: price(s.low),
      high_24_h: price(s.high),
      low_52_w: price(s.low),
      high_52_w: price(s.high),
      price_percent_chg_24_h: percentChange(s.last, s.open),
      best_bid: price(s.bid),
      best_bid_quantity: size(s.bidSize),
      best_ask: price(s.ask),
      best_ask_quantity: size(s.askSize),
    }
    return JSON.stringify([{ type, tickers: [ticker] }])
  }
}

/** The `events` of a book frame: one event of the market's product, bids then offers. */
function bookEvents(
  m: CoinbaseMarket,
  type: 'snapshot' | 'update',
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
  now: number,
): string {
  const time = isoTime(now)
  const level = (side: string) => (l: BookLevel) => ({
    side,
    event_time: time,
    price_level: fixed(l.price, m.priceDp),
    new_quantity: fixed(l.size, m.qtyDp),
  })
  const updates = [...bids.map(level('bid')), ...asks.map(level('offer'))]
  return JSON.stringify([{ type, product_id: m.venueSymbol, updates }])
}

/** Trades as `market_trades` writes them, newest first, with the resting order's side. */
function tradeRows(m: CoinbaseMarket, trades: readonly Trade[]): unknown[] {
  return [...trades].reverse().map((t) => ({
    trade_id: String(t.id),
    product_id: m.venueSymbol,
    price: fixed(t.price, m.priceDp),
    size: fixed(t.size, m.qtyDp),
    side: makerSide(t.side),
    time: isoTime(t.timestamp.getTime()),
  }))
}

/** The `events` of a candles frame: the five-minute candle opening at `open`, as it stands now. */
function candleEvents(m: CoinbaseMarket, type: 'snapshot' | 'update', open: number, now: number): string {
  const c = m.series.candle(CANDLE_MS, open, now)
  const candles =
    c === undefined
      ? []
      : [
          {
            start: String(c.openTime / 1000),
            high: fixed(c.high, m.priceDp),
            low: fixed(c.low, m.priceDp),
            open: fixed(c.open, m.priceDp),
            close: fixed(c.close, m.priceDp),
            volume: plain(c.volume),
            product_id: m.venueSymbol,
          },
        ]
  return JSON.stringify([{ type, candles }])
}

/** The time a heartbeat names, as Go prints it (`2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.5`). */
function goTime(ms: number): string {
  const iso = isoTime(ms)
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000 UTC m=+${(ms % 1_000_000) / 1000}`
}
