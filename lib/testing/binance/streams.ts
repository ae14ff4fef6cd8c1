/**
 * Binance's market streams: raw (`/ws/<stream>`) and combined (`/stream?streams=a/b`, events wrapped
 * as `{stream, data}`) connections, live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY /
 * GET_PROPERTY, the incoming message limit, the stream limit per connection, and server pings.
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
 */
import type { WebSocket } from 'ws'
import type { Trade } from '../../core/model.js'
import type { SeriesInterval } from '../../sim/candle-series.js'
import { candleOrFlat } from '../kit/candle-range.js'
import type { DepthDiff } from '../kit/depth-book.js'
import { readJson } from '../kit/json.js'
import { TopicFeed, TopicGrammar, type TopicSlots } from '../kit/topic-feed.js'
import type { BinanceContext } from './context.js'
import { bestLevels, KLINE_INTERVALS, restAggTrade } from './market-data.js'
import type { BinanceMarket } from './options.js'
import { eight, levels } from './wire.js'

interface Conn {
  readonly id: number
  readonly ws: WebSocket
  combined: boolean
}

type Parsed =
  | { readonly kind: 'depth' | 'trade' | 'aggTrade' | 'bookTicker'; readonly market: BinanceMarket }
  | { readonly kind: 'partial'; readonly market: BinanceMarket; readonly levels: number }
  | {
      readonly kind: 'kline'
      readonly market: BinanceMarket
      readonly interval: SeriesInterval
      readonly name: string
    }

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY']

/** The market-stream connections of one simulator and what they subscribed to. */
export class MarketStreams {
  readonly feed: TopicFeed<Conn, BinanceMarket, Parsed>

  constructor(private readonly ctx: BinanceContext) {
    const limits = ctx.options.streams
    const depth = (market: BinanceMarket) => ({ kind: 'depth' as const, market })
    const partial = (market: BinanceMarket, { levels = '' }: TopicSlots) =>
      ['5', '10', '20'].includes(levels)
        ? { kind: 'partial' as const, market, levels: Number(levels) }
        : undefined
    const bySymbol = (symbol: string) => {
      const market = ctx.options.byVenueSymbol.get(symbol.toUpperCase())
      return market?.streamSymbol === symbol ? market : undefined
    }
    const streams = new TopicGrammar<BinanceMarket, Parsed>(bySymbol, {
      '{symbol}@depth': depth,
      '{symbol}@depth@100ms': depth,
      '{symbol}@depth@1000ms': depth,
      '{symbol}@depth{levels}': partial,
      '{symbol}@depth{levels}@100ms': partial,
      '{symbol}@depth{levels}@1000ms': partial,
      '{symbol}@trade': (market) => ({ kind: 'trade', market }),
      '{symbol}@aggTrade': (market) => ({ kind: 'aggTrade', market }),
      '{symbol}@bookTicker': (market) => ({ kind: 'bookTicker', market }),
      '{symbol}@kline_{interval}': (market, { interval: name = '' }) => {
        const interval = KLINE_INTERVALS.find(name)
        return interval === undefined ? undefined : { kind: 'kline', market, interval, name }
      },
    })
    this.feed = new TopicFeed(ctx, streams, {
      open: (ws, id) => ({ id, ws, combined: false }),
      opened: (conn) => ctx.emit({ type: 'connected', channel: 'stream', connId: conn.id }),
      message: (conn, text) => this.receive(conn, text),
      closed: (conn, reason) =>
        ctx.emit({ type: 'disconnected', channel: 'stream', connId: conn.id, reason }),
      heartbeat: { intervalMs: limits.pingIntervalMs, timeoutMs: limits.pongTimeoutMs },
      messageLimit: { perSecond: limits.messagesPerSecond, reason: 'Too many messages' },
    })
  }

  /** Why the streams of a connection URL are refused, or `undefined`. */
  refuse(streams: readonly string[]): string | undefined {
    if (streams.some((s) => this.feed.parse(s) === undefined)) return 'Invalid request: invalid stream'
    if (streams.length > this.ctx.options.streams.maxStreamsPerConnection)
      return 'Invalid request: too many streams'
    return undefined
  }

  /** Serves a new connection with the streams of its URL. */
  connect(ws: WebSocket, streams: readonly string[], combined: boolean): void {
    const conn = this.feed.connect(ws)
    conn.combined = combined
    for (const s of streams) this.feed.subs.add(conn, s)
    if (streams.length > 0) this.ctx.emit({ type: 'subscribed', channel: 'stream', connId: conn.id, streams })
  }

  subscriptions(): string[][] {
    return this.feed.conns().map((c) => [...this.feed.subs.of(c)])
  }

  depth(m: BinanceMarket, diff: DepthDiff, now: number): void {
    const data = { e: 'depthUpdate', E: now, s: m.venueSymbol, U: diff.U, u: diff.u }
    const names = [`${m.streamSymbol}@depth`, `${m.streamSymbol}@depth@100ms`]
    this.publish(names, { ...data, b: levels(diff.bids), a: levels(diff.asks) })
  }

  /** The top levels on the partial book streams, and the best prices on `@bookTicker` when they moved. */
  top(m: BinanceMarket, updateId: number): void {
    for (const n of [5, 10, 20]) {
      const names = [`${m.streamSymbol}@depth${n}`, `${m.streamSymbol}@depth${n}@100ms`]
      if (!names.some((name) => this.feed.has(name))) continue
      const { bids, asks } = this.ctx.exchange.book(m.instrument.symbol, n)
      this.publish(names, { lastUpdateId: updateId, bids: levels(bids), asks: levels(asks) })
    }
    const [b, B, a, A] = bestLevels(this.ctx, m)
    if (this.feed.changed(m.venueSymbol, [b, B, a, A].join('|')))
      this.publish([`${m.streamSymbol}@bookTicker`], { u: updateId, s: m.venueSymbol, b, B, a, A })
  }

  /** Trades on `@trade` and `@aggTrade` (each trade its own aggregate). */
  trades(m: BinanceMarket, list: readonly Trade[], now: number): void {
    for (const t of list) {
      const header = { E: now, s: m.venueSymbol }
      this.publish([`${m.streamSymbol}@trade`], {
        e: 'trade',
        ...header,
        t: Number(t.id),
        p: eight(t.price),
        q: eight(t.size),
        T: t.timestamp.getTime(),
        m: t.side === 'sell',
        M: true,
      })
      this.publish([`${m.streamSymbol}@aggTrade`], { e: 'aggTrade', ...header, ...restAggTrade(t) })
    }
  }

  /** The forming candle of each kline stream of a market, after the one it closed. */
  klines(m: BinanceMarket, now: number): void {
    this.feed.dueCandles(m, now, (name, p, open) => {
      if (p.kind !== 'kline') return
      const c = candleOrFlat(m, p.interval, open, now)
      const n = c.volume.div(m.stepSize).floor().toNumber()
      const first = Math.floor(open / 1000)
      this.publish([name], {
        e: 'kline',
        E: now,
        s: m.venueSymbol,
        k: {
          t: open,
          T: c.closeTime - 1,
          s: m.venueSymbol,
          i: p.name,
          f: n === 0 ? -1 : first,
          L: n === 0 ? -1 : first + n - 1,
          o: eight(c.open),
          c: eight(c.close),
          h: eight(c.high),
          l: eight(c.low),
          v: eight(c.volume),
          n,
          x: c.closed,
          q: eight(c.turnover),
          V: eight(c.volume.div(2)),
          Q: eight(c.turnover.div(2)),
          B: '0',
        },
      })
    })
  }

  private receive(conn: Conn, text: string): void {
    const fail = (code: number, m: string, id: unknown = null) =>
      this.reply(conn, { error: { code, msg: m }, id })
    const msg = readJson(text)
    if (msg === undefined) return fail(3, 'Invalid JSON: expected value at line 1 column 1')
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
      return fail(2, 'Invalid request: expected an object')
    const { method, params, id } = msg as { method?: unknown; params?: unknown; id?: unknown }
    const validId =
      id === null ||
      (typeof id === 'number' && Number.isSafeInteger(id)) ||
      (typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id))
    if (id === undefined || !validId)
      return fail(2, 'Invalid request: request ID must be an unsigned integer')
    const err = (m: string) => fail(2, `Invalid request: ${m}`, id)
    if (method === undefined) return err('missing field `method`')
    if (typeof method !== 'string' || !METHODS.includes(method)) {
      return err(
        `unknown variant \`${String(method)}\`, expected one of ${METHODS.map((m) => `\`${m}\``).join(', ')}`,
      )
    }
    if (method === 'LIST_SUBSCRIPTIONS') return this.reply(conn, { result: [...this.feed.subs.of(conn)], id })
    if (method === 'SET_PROPERTY' || method === 'GET_PROPERTY') {
      if (!Array.isArray(params) || typeof params[0] !== 'string')
        return err('property name must be a string')
      if (params[0] !== 'combined') return fail(0, 'Unknown property', id)
      if (method === 'GET_PROPERTY') return this.reply(conn, { result: conn.combined, id })
      if (typeof params[1] !== 'boolean') return fail(1, 'Invalid value type: expected Boolean', id)
      conn.combined = params[1]
      return this.reply(conn, { result: null, id })
    }
    if (!Array.isArray(params) || params.some((p) => typeof p !== 'string'))
      return err('params must be an array of stream names')
    const streams = params as string[]
    const most = this.ctx.options.streams.maxStreamsPerConnection
    const subscribe = method === 'SUBSCRIBE'
    const change = this.feed.subs.change(conn, subscribe, streams, {
      serves: (n) => this.feed.parse(n) !== undefined,
      unknown: () => 'invalid stream',
      most: { topics: most, refuse: () => `too many streams: at most ${most} per connection` },
    })
    if (change.refused !== undefined) return err(change.refused)
    this.reply(conn, { result: null, id })
    const type = subscribe ? 'subscribed' : 'unsubscribed'
    this.ctx.emit({ type, channel: 'stream', connId: conn.id, streams })
  }

  private publish(names: readonly string[], data: unknown): void {
    let raw: string | undefined
    this.feed.publish(
      names,
      (name, conn) =>
        conn.combined ? JSON.stringify({ stream: name, data }) : (raw ??= JSON.stringify(data)),
      (name, conn) => JSON.stringify(conn.combined ? { stream: name, data: null } : { e: null }),
    )
  }

  private reply(conn: Conn, message: unknown): void {
    this.feed.send(conn, JSON.stringify(message))
  }
}
