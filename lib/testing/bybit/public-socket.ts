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
import { TopicFeed, TopicGrammar } from '../kit/topic-feed.js'
import type { BybitContext } from './context.js'
import { KLINE_INTERVALS, levelText, publicTradeId, tickerFigures } from './market-data.js'
import type { BybitMarket } from './options.js'
import { readOp } from './socket-ops.js'
import { fixed, plain, SIDE, uuidLike } from './wire.js'

const BOOK_DEPTHS: readonly number[] = [1, 50, 200, 1000]
const MAX_ARGS = 10

interface Conn {
  readonly id: string
  readonly ws: WebSocket
}

type Topic =
  | { readonly kind: 'book'; readonly market: BybitMarket; readonly depth: number }
  | { readonly kind: 'trade' | 'ticker'; readonly market: BybitMarket }
  | {
      readonly kind: 'kline'
      readonly market: BybitMarket
      readonly interval: SeriesInterval
      readonly name: string
    }

/** A book topic that has been asked for, and what its subscribers were last told. */
type BookStream = Extract<Topic, { kind: 'book' }> & { readonly topic: string; readonly view: PublishedBook }

/** The public connections of one simulator and what they subscribed to. */
export class PublicSocket {
  readonly feed: TopicFeed<Conn, BybitMarket, Topic>
  private readonly books = new Map<string, BookStream>()

  constructor(private readonly ctx: BybitContext) {
    const topics = new TopicGrammar<BybitMarket, Topic>((s) => ctx.options.byVenueSymbol.get(s), {
      'orderbook.{depth}.{symbol}': (market, { depth = '' }) =>
        BOOK_DEPTHS.includes(Number(depth)) && String(Number(depth)) === depth
          ? { kind: 'book', market, depth: Number(depth) }
          : undefined,
      'publicTrade.{symbol}': (market) => ({ kind: 'trade', market }),
      'tickers.{symbol}': (market) => ({ kind: 'ticker', market }),
      'kline.{interval}.{symbol}': (market, { interval: name = '' }) => {
        const interval = KLINE_INTERVALS.find(name)
        return interval === undefined ? undefined : { kind: 'kline', market, interval, name }
      },
    })
    this.feed = new TopicFeed(ctx, topics, {
      open: (ws, n) => ({ id: uuidLike(ctx.options.seed, 1_000_000 + n), ws }),
      opened: (conn) => ctx.emit({ type: 'connected', channel: 'public', connId: conn.id }),
      message: (conn, text) => this.receive(conn, text),
      closed: (conn) => ctx.emit({ type: 'disconnected', channel: 'public', connId: conn.id }),
      pong: true,
    })
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
      if (delta === undefined || !this.feed.has(stream.topic)) continue
      const change = stream.depth === 1 ? stream.view.published(new Date(now)) : delta
      this.publish(stream.topic, this.bookMessage(stream, change, now))
    }
    const ticker = `tickers.${market.venueSymbol}`
    if (this.feed.has(ticker)) {
      const text = this.tickerMessage(market, now)
      if (this.feed.changed(ticker, dataOf(text))) this.publish(ticker, text)
    }
  }

  /** Publishes trades of one market, oldest first, in one message. */
  trades(market: BybitMarket, trades: readonly Trade[]): void {
    const topic = `publicTrade.${market.venueSymbol}`
    if (trades.length === 0 || !this.feed.has(topic)) return
    const data = trades.map((t) => ({
      T: t.timestamp.getTime(),
      s: market.venueSymbol,
      S: SIDE[t.side],
      v: fixed(t.size, market.qtyDp),
      p: fixed(t.price, market.priceDp),
      i: publicTradeId(t),
      BT: false,
    }))
    this.publish(topic, JSON.stringify({ topic, type: 'snapshot', ts: this.ctx.clock.now(), data }))
  }

  /** Publishes the forming candle of each subscribed kline topic of a market, after the one it closed. */
  klines(market: BybitMarket): void {
    const now = this.ctx.clock.now()
    this.feed.dueCandles(
      market,
      now,
      (topic, p, open) => p.kind === 'kline' && this.publish(topic, this.klineMessage(topic, p, open, now)),
    )
  }

  private receive(conn: Conn, text: string): void {
    const msg = readOp(text)
    if (msg === undefined) {
      return this.feed.send(
        conn,
        JSON.stringify({ success: false, ret_msg: 'Params Error', conn_id: conn.id, op: '' }),
      )
    }
    const ack = (op: string, success: boolean, retMsg: string) =>
      this.feed.send(conn, JSON.stringify({ success, ret_msg: retMsg, conn_id: conn.id, ...msg.reqId, op }))
    if (msg.op === 'ping') return ack('ping', true, 'pong')
    if (msg.op !== 'subscribe' && msg.op !== 'unsubscribe') return ack(msg.op, false, 'error:invalid op')
    const topics = msg.topics
    if (topics === undefined) return ack(msg.op, false, 'Params Error')
    if (topics.length > MAX_ARGS) return ack(msg.op, false, `args size >${MAX_ARGS}`)
    const change = this.feed.subs.change(conn, msg.op === 'subscribe', topics, {
      serves: (t) => this.feed.parse(t) !== undefined,
      notHeld: (missing) => `error:not subscribed,topic:${missing.join(',')}`,
      unknown: (unknown) => `error:handler not found,topic:${unknown.join(',')}`,
      twice: (twice) => `error:already subscribed,topic:${twice.join(',')}`,
    })
    if (change.refused !== undefined) return ack(msg.op, false, change.refused)
    ack(msg.op, true, msg.op === 'subscribe' ? 'subscribe' : '')
    for (const t of change.added) this.welcome(conn, t)
    const type = msg.op === 'subscribe' ? 'subscribed' : 'unsubscribed'
    this.ctx.emit({ type, channel: 'public', connId: conn.id, topics })
  }

  /** What a new subscriber of a topic is sent first: the book, the ticker, the forming candle. */
  private welcome(conn: Conn, topic: string): void {
    const parsed = this.feed.parse(topic)
    const now = this.ctx.clock.now()
    let text: string
    if (parsed?.kind === 'book') {
      const stream = this.book(parsed.market, parsed.depth)
      text = this.bookMessage(stream, stream.view.published(new Date(now)), now)
    } else if (parsed?.kind === 'ticker') {
      text = this.tickerMessage(parsed.market, now)
      this.feed.changed(topic, dataOf(text))
    } else if (parsed?.kind === 'kline') {
      text = this.klineMessage(topic, parsed, this.feed.joinCandle(topic, parsed, now), now)
    } else return
    this.feed.sendData(conn, text, wrongShape(text))
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
      stream = { kind: 'book', topic, market, depth, view }
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
        highPrice24h: price(f.high),
        lowPrice24h: price(f.low),
        prevPrice24h: price(f.open),
        volume24h: plain(f.volume),
        turnover24h: plain(f.quoteVolume),
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
    this.feed.publish([topic], () => text, wrongShape(text))
  }
}

/** The `data` of a message, as text: what a ticker publication is compared by. */
function dataOf(text: string): string {
  return JSON.stringify((JSON.parse(text) as { data: unknown }).data)
}

/** A data frame of the same topic the client's codec must refuse: `data: null`, `ts` as text. */
const wrongShape = (text: string) => (): string => {
  const msg = JSON.parse(text) as Record<string, unknown>
  return JSON.stringify({ ...msg, ts: String(msg.ts), data: null })
}
