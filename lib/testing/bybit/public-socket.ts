/**
 * Bybit's public spot WebSocket (`/v5/public/spot`): subscriptions, pings, and the order book, trade,
 * ticker and kline topics, each published once per change to every subscriber.
 * https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook and the pages next to it
 */
import type { WebSocket } from 'ws'
import type { BookChange, Trade } from '../../core/model.js'
import type { SeriesInterval } from '../../sim/candle-series.js'
import { deriveSeed } from '../../sim/prng.js'
import { PublishedBook } from '../../sim/published-book.js'
import { CandleRoll } from '../kit/candle-roll.js'
import { spoilFrame } from '../kit/faults.js'
import type { SocketHub } from '../kit/socket-hub.js'
import { Subscriptions } from '../kit/subscriptions.js'
import type { BybitContext } from './context.js'
import { KLINE_INTERVALS, levelText, publicTradeId, tickerFigures } from './market-data.js'
import type { BybitMarket } from './options.js'
import { fixed, plain, sideName, uuidLike } from './wire.js'

/**
 * Book depths of the spot order book topic.
 *
 * @example
 * BOOK_DEPTHS.includes(50) // true: orderbook.50.BTCUSDT
 */
export const BOOK_DEPTHS: readonly number[] = [1, 50, 200, 1000]
const MAX_ARGS = 10

interface Conn {
  readonly id: string
  readonly ws: WebSocket
}

type Topic =
  | { readonly kind: 'book'; readonly market: BybitMarket; readonly depth: number }
  | { readonly kind: 'trade'; readonly market: BybitMarket }
  | { readonly kind: 'ticker'; readonly market: BybitMarket }
  | {
      readonly kind: 'kline'
      readonly market: BybitMarket
      readonly interval: SeriesInterval
      readonly name: string
    }

interface BookStream {
  readonly topic: string
  readonly market: BybitMarket
  readonly depth: number
  readonly view: PublishedBook
}

/**
 * The public connections of one simulator and what they subscribed to.
 *
 * @example
 * const hub = new PublicSocket(ctx)
 * upgrade = (ws) => hub.connect(ws)
 * hub.changed(market)  // after the market moved: one delta per book stream, tickers
 */
export class PublicSocket {
  private readonly hub: SocketHub<Conn>
  private readonly subs = new Subscriptions<Conn>()
  private readonly books = new Map<string, BookStream>()
  private readonly tickerSent = new Map<string, string>()
  private readonly roll = new CandleRoll()

  constructor(private readonly ctx: BybitContext) {
    this.hub = ctx.hub({
      open: (ws, n) => ({ id: uuidLike(ctx.options.seed, 1_000_000 + n), ws }),
      opened: (conn) => ctx.emit({ type: 'connected', channel: 'public', connId: conn.id }),
      message: (conn, text) => this.receive(conn, text),
      closed: (conn) => {
        this.subs.drop(conn)
        ctx.emit({ type: 'disconnected', channel: 'public', connId: conn.id })
      },
      pong: true,
    })
  }

  /** Serves a new connection. */
  connect(ws: WebSocket): void {
    this.hub.connect(ws)
  }

  /** Open connections. */
  get size(): number {
    return this.hub.size
  }

  /** True when some connection subscribed to `topic`. */
  has(topic: string): boolean {
    return this.subs.has(topic)
  }

  /** Markets some connection subscribed to a topic of. */
  watchedMarkets(): BybitMarket[] {
    const out = new Set<BybitMarket>()
    for (const topic of this.subs.topics()) {
      const parsed = this.parse(topic)
      if (parsed) out.add(parsed.market)
    }
    return [...out]
  }

  /** `u` of a market's book stream of `depth`, started when first asked. */
  updateId(market: BybitMarket, depth: number): number {
    return this.book(market, depth).view.sequence
  }

  /** Makes the next message of every book stream skip one `u`. */
  gap(): void {
    for (const stream of this.books.values()) stream.view.gap()
  }

  /** Publishes a market's change: a message per book stream whose visible levels moved, and its ticker. */
  changed(market: BybitMarket): void {
    const now = this.ctx.clock.now()
    for (const stream of this.books.values()) {
      if (stream.market !== market) continue
      const delta = stream.view.delta(new Date(now))
      if (delta === undefined || !this.has(stream.topic)) continue
      const change = stream.depth === 1 ? stream.view.published(new Date(now)) : delta
      this.publish(stream.topic, this.bookMessage(stream, change, now))
    }
    const ticker = `tickers.${market.venueSymbol}`
    if (this.has(ticker)) {
      const text = this.tickerMessage(market, now)
      const data = JSON.stringify((JSON.parse(text) as { data: unknown }).data)
      if (this.tickerSent.get(ticker) !== data) {
        this.tickerSent.set(ticker, data)
        this.publish(ticker, text)
      }
    }
  }

  /** Publishes trades of one market, oldest first, in one message. */
  trades(market: BybitMarket, trades: readonly Trade[]): void {
    const topic = `publicTrade.${market.venueSymbol}`
    if (trades.length === 0 || !this.has(topic)) return
    const now = this.ctx.clock.now()
    const data = trades.map((t) => ({
      T: t.timestamp.getTime(),
      s: market.venueSymbol,
      S: sideName(t.side),
      v: fixed(t.size, market.qtyDp),
      p: fixed(t.price, market.priceDp),
      i: publicTradeId(t),
      BT: false,
    }))
    this.publish(topic, JSON.stringify({ topic, type: 'snapshot', ts: now, data }))
  }

  /** Publishes the forming candle of each subscribed kline topic of a market, after the one it closed. */
  klines(market: BybitMarket): void {
    const now = this.ctx.clock.now()
    for (const topic of this.subs.topics()) {
      const parsed = this.parse(topic)
      if (parsed?.kind !== 'kline' || parsed.market !== market) continue
      for (const open of this.roll.due(topic, market.series, parsed.interval, now))
        this.publish(topic, this.klineMessage(topic, parsed, open, now))
    }
  }

  private receive(conn: Conn, text: string): void {
    let msg: { op?: unknown; args?: unknown; req_id?: unknown }
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object')
      msg = parsed as typeof msg
    } catch {
      this.send(conn, JSON.stringify({ success: false, ret_msg: 'Params Error', conn_id: conn.id, op: '' }))
      return
    }
    const reqId = typeof msg.req_id === 'string' ? msg.req_id : undefined
    const ack = (op: string, success: boolean, retMsg: string) =>
      this.send(
        conn,
        JSON.stringify({
          success,
          ret_msg: retMsg,
          conn_id: conn.id,
          ...(reqId === undefined ? {} : { req_id: reqId }),
          op,
        }),
      )
    if (msg.op === 'ping') return ack('ping', true, 'pong')
    if (msg.op !== 'subscribe' && msg.op !== 'unsubscribe')
      return ack(String(msg.op ?? ''), false, 'error:invalid op')
    const args = msg.args
    if (!Array.isArray(args) || args.length === 0 || args.some((a) => typeof a !== 'string')) {
      return ack(msg.op, false, 'Params Error')
    }
    const topics = args as string[]
    if (topics.length > MAX_ARGS) return ack(msg.op, false, `args size >${MAX_ARGS}`)
    if (msg.op === 'unsubscribe') {
      const held = this.subs.of(conn)
      const missing = topics.filter((t) => !held.has(t))
      if (missing.length > 0)
        return ack('unsubscribe', false, `error:not subscribed,topic:${missing.join(',')}`)
      for (const t of topics) this.subs.remove(conn, t)
      ack('unsubscribe', true, '')
      this.ctx.emit({ type: 'unsubscribed', channel: 'public', connId: conn.id, topics })
      return
    }
    const invalid = topics.filter((t) => this.parse(t) === undefined)
    if (invalid.length > 0)
      return ack('subscribe', false, `error:handler not found,topic:${invalid.join(',')}`)
    const twice = topics.filter((t, i) => this.subs.of(conn).has(t) || topics.indexOf(t) !== i)
    if (twice.length > 0) return ack('subscribe', false, `error:already subscribed,topic:${twice.join(',')}`)
    for (const t of topics) this.subs.add(conn, t)
    ack('subscribe', true, 'subscribe')
    for (const t of topics) this.welcome(conn, t)
    this.ctx.emit({ type: 'subscribed', channel: 'public', connId: conn.id, topics })
  }

  /** What a new subscriber of a topic is sent first: the book, the ticker, the forming candle. */
  private welcome(conn: Conn, topic: string): void {
    const parsed = this.parse(topic)
    const now = this.ctx.clock.now()
    if (parsed?.kind === 'book') {
      const stream = this.book(parsed.market, parsed.depth)
      this.sendData(new Set([conn]), this.bookMessage(stream, stream.view.published(new Date(now)), now))
    } else if (parsed?.kind === 'ticker') {
      const text = this.tickerMessage(parsed.market, now)
      this.tickerSent.set(topic, JSON.stringify((JSON.parse(text) as { data: unknown }).data))
      this.sendData(new Set([conn]), text)
    } else if (parsed?.kind === 'kline') {
      const open = parsed.market.series.start(parsed.interval, now)
      this.roll.joined(topic, open)
      this.sendData(new Set([conn]), this.klineMessage(topic, parsed, open, now))
    }
  }

  private parse(topic: string): Topic | undefined {
    const parts = topic.split('.')
    const market = this.ctx.options.byVenueSymbol.get(parts[parts.length - 1] ?? '')
    if (market === undefined) return undefined
    if (parts.length === 2 && parts[0] === 'publicTrade') return { kind: 'trade', market }
    if (parts.length === 2 && parts[0] === 'tickers') return { kind: 'ticker', market }
    if (parts.length === 3 && parts[0] === 'orderbook') {
      const depth = Number(parts[1])
      return BOOK_DEPTHS.includes(depth) && String(depth) === parts[1]
        ? { kind: 'book', market, depth }
        : undefined
    }
    if (parts.length === 3 && parts[0] === 'kline') {
      const name = parts[1] ?? ''
      const interval = KLINE_INTERVALS[name]
      return interval === undefined ? undefined : { kind: 'kline', market, interval, name }
    }
    return undefined
  }

  private book(market: BybitMarket, depth: number): BookStream {
    const topic = `orderbook.${depth}.${market.venueSymbol}`
    let stream = this.books.get(topic)
    if (stream === undefined) {
      const symbol = market.instrument.symbol
      // Update ids start high and differ per stream, like a venue's long-running counters.
      const first = 10_000_000 + (deriveSeed(this.ctx.options.seed, topic) % 90_000_000)
      const view = new PublishedBook('bybit', symbol, () => this.ctx.exchange.book(symbol, depth), first)
      view.snapshot(new Date(this.ctx.clock.now()))
      stream = { topic, market, depth, view }
      this.books.set(topic, stream)
    }
    return stream
  }

  private bookMessage(stream: BookStream, change: BookChange, now: number): string {
    const m = stream.market
    return JSON.stringify({
      topic: stream.topic,
      type: change.isSnapshot ? 'snapshot' : 'delta',
      ts: now,
      data: {
        s: m.venueSymbol,
        b: change.bids.map((l) => levelText(m, l.price, l.size)),
        a: change.asks.map((l) => levelText(m, l.price, l.size)),
        u: change.sequence,
        seq: this.ctx.crossSequence(m),
      },
      cts: now,
    })
  }

  private tickerMessage(market: BybitMarket, now: number): string {
    const f = tickerFigures(this.ctx, market)
    const price = (d: typeof f.last) => fixed(d, market.priceDp)
    return JSON.stringify({
      topic: `tickers.${market.venueSymbol}`,
      ts: now,
      type: 'snapshot',
      cs: this.ctx.crossSequence(market),
      data: {
        symbol: market.venueSymbol,
        lastPrice: price(f.last),
        highPrice24h: price(f.high24h),
        lowPrice24h: price(f.low24h),
        prevPrice24h: price(f.prev24h),
        volume24h: plain(f.volume24h),
        turnover24h: plain(f.turnover24h),
        price24hPcnt: f.pcnt24h,
      },
    })
  }

  private klineMessage(
    topic: string,
    parsed: Extract<Topic, { kind: 'kline' }>,
    open: number,
    now: number,
  ): string {
    const m = parsed.market
    const c = m.series.candle(parsed.interval, open, now)
    const data =
      c === undefined
        ? []
        : [
            {
              start: c.openTime,
              end: c.closeTime - 1,
              interval: parsed.name,
              open: fixed(c.open, m.priceDp),
              close: fixed(c.close, m.priceDp),
              high: fixed(c.high, m.priceDp),
              low: fixed(c.low, m.priceDp),
              volume: plain(c.volume),
              turnover: plain(c.turnover),
              confirm: c.closed,
              timestamp: now,
            },
          ]
    return JSON.stringify({ topic, data, ts: now, type: 'snapshot' })
  }

  private publish(topic: string, text: string): void {
    const conns = this.subs.subscribers(topic)
    if (conns.size > 0) this.sendData(conns, text)
  }

  /** Sends a data frame, spoiled when a malformed frame was asked for. */
  private sendData(conns: ReadonlySet<Conn>, text: string): void {
    if (this.ctx.faults.silenced) return
    const out = spoilFrame(text, this.ctx.faults.takeMalformed(), () => {
      const msg = JSON.parse(text) as Record<string, unknown>
      return JSON.stringify({ ...msg, ts: String(msg.ts), data: null })
    })
    for (const conn of conns) this.hub.send(conn, out)
  }

  private send(conn: Conn, text: string): void {
    this.hub.send(conn, text)
  }
}
