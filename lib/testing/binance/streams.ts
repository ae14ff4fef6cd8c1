/**
 * Binance's market streams: raw (`/ws/<stream>`) and combined (`/stream?streams=a/b`, events wrapped
 * as `{stream, data}`) connections, live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY /
 * GET_PROPERTY, the incoming message limit, the stream limit per connection, and server pings.
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
 */
import type { WebSocket } from 'ws'
import type { Trade } from '../../core/model.js'
import type { SeriesInterval } from '../../sim/candle-series.js'
import { CandleRoll } from '../kit/candle-roll.js'
import type { DepthDiff } from '../kit/depth-book.js'
import { spoilFrame } from '../kit/faults.js'
import type { SocketHub } from '../kit/socket-hub.js'
import { Subscriptions } from '../kit/subscriptions.js'
import type { BinanceContext } from './context.js'
import { KLINE_INTERVALS } from './market-data.js'
import type { BinanceMarket } from './options.js'
import { eight } from './wire.js'

interface Conn {
  readonly id: number
  readonly ws: WebSocket
  combined: boolean
}

type Parsed =
  | { readonly kind: 'depth'; readonly market: BinanceMarket }
  | { readonly kind: 'partial'; readonly market: BinanceMarket; readonly levels: number }
  | { readonly kind: 'trade' | 'aggTrade' | 'bookTicker'; readonly market: BinanceMarket }
  | {
      readonly kind: 'kline'
      readonly market: BinanceMarket
      readonly interval: SeriesInterval
      readonly name: string
    }

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY']

/**
 * The market-stream connections of one simulator and what they subscribed to.
 *
 * @example
 * const hub = new MarketStreams(ctx)
 * hub.connect(ws, ['btcusdt@depth'], false)
 * hub.depth(market, diff)   // one depthUpdate to every subscriber
 */
export class MarketStreams {
  private readonly hub: SocketHub<Conn>
  private readonly subs = new Subscriptions<Conn>()
  private readonly bookTop = new Map<BinanceMarket, string>()
  private readonly roll = new CandleRoll()

  constructor(private readonly ctx: BinanceContext) {
    const limits = ctx.options.streams
    this.hub = ctx.hub({
      open: (ws, id) => ({ id, ws, combined: false }),
      opened: (conn) => ctx.emit({ type: 'connected', channel: 'stream', connId: conn.id }),
      message: (conn, text) => this.receive(conn, text),
      closed: (conn, reason) => {
        this.subs.drop(conn)
        ctx.emit({ type: 'disconnected', channel: 'stream', connId: conn.id, reason })
      },
      heartbeat: { intervalMs: limits.pingIntervalMs, timeoutMs: limits.pongTimeoutMs },
      messageLimit: { perSecond: limits.messagesPerSecond, reason: 'Too many messages' },
    })
  }

  /** Checks the streams of a connection URL; returns why they are refused, or `undefined`. */
  refuse(streams: readonly string[]): string | undefined {
    if (streams.some((s) => this.parse(s) === undefined)) return 'Invalid request: invalid stream'
    if (streams.length > this.ctx.options.streams.maxStreamsPerConnection)
      return 'Invalid request: too many streams'
    return undefined
  }

  /** Serves a new connection with the streams of its URL. */
  connect(ws: WebSocket, streams: readonly string[], combined: boolean): void {
    const conn = this.hub.connect(ws)
    conn.combined = combined
    for (const s of streams) this.subs.add(conn, s)
    if (streams.length > 0) this.subscribedNow(conn, streams)
  }

  /** Open connections. */
  get size(): number {
    return this.hub.size
  }

  /** Streams of each open connection. */
  subscriptions(): string[][] {
    return [...this.hub].map((c) => [...this.subs.of(c)])
  }

  /** True when some connection holds `stream`. */
  has(stream: string): boolean {
    return this.subs.has(stream)
  }

  /** Markets some connection holds a stream of. */
  watchedMarkets(): BinanceMarket[] {
    const out = new Set<BinanceMarket>()
    for (const c of this.hub)
      for (const s of this.subs.of(c)) {
        const p = this.parse(s)
        if (p) out.add(p.market)
      }
    return [...out]
  }

  /** Publishes a `depthUpdate` on `<symbol>@depth` and `<symbol>@depth@100ms`. */
  depth(m: BinanceMarket, diff: DepthDiff, now: number): void {
    const data = {
      e: 'depthUpdate',
      E: now,
      s: m.venueSymbol,
      U: diff.U,
      u: diff.u,
      b: diff.bids.map((l) => [eight(l.price), eight(l.size)]),
      a: diff.asks.map((l) => [eight(l.price), eight(l.size)]),
    }
    this.publish([`${m.streamSymbol}@depth`, `${m.streamSymbol}@depth@100ms`], data)
  }

  /** Publishes the top levels on the partial book streams, and the best prices on `@bookTicker` when they moved. */
  top(m: BinanceMarket, updateId: number): void {
    for (const levels of [5, 10, 20]) {
      const names = [`${m.streamSymbol}@depth${levels}`, `${m.streamSymbol}@depth${levels}@100ms`]
      if (!names.some((n) => this.has(n))) continue
      const { bids, asks } = this.ctx.exchange.book(m.instrument.symbol, levels)
      this.publish(names, {
        lastUpdateId: updateId,
        bids: bids.map((l) => [eight(l.price), eight(l.size)]),
        asks: asks.map((l) => [eight(l.price), eight(l.size)]),
      })
    }
    const { bids, asks } = this.ctx.exchange.book(m.instrument.symbol, 1)
    const zero = '0.00000000'
    const data = {
      u: updateId,
      s: m.venueSymbol,
      b: bids[0] ? eight(bids[0].price) : zero,
      B: bids[0] ? eight(bids[0].size) : zero,
      a: asks[0] ? eight(asks[0].price) : zero,
      A: asks[0] ? eight(asks[0].size) : zero,
    }
    const key = `${data.b}|${data.B}|${data.a}|${data.A}`
    if (this.bookTop.get(m) === key) return
    this.bookTop.set(m, key)
    this.publish([`${m.streamSymbol}@bookTicker`], data)
  }

  /** Publishes trades on `@trade` and `@aggTrade` (each trade its own aggregate). */
  trades(m: BinanceMarket, list: readonly Trade[], now: number): void {
    for (const t of list) {
      const id = Number(t.id)
      const T = t.timestamp.getTime()
      const common = { p: eight(t.price), q: eight(t.size) }
      this.publish([`${m.streamSymbol}@trade`], {
        e: 'trade',
        E: now,
        s: m.venueSymbol,
        t: id,
        ...common,
        T,
        m: t.side === 'sell',
        M: true,
      })
      this.publish([`${m.streamSymbol}@aggTrade`], {
        e: 'aggTrade',
        E: now,
        s: m.venueSymbol,
        a: id,
        ...common,
        f: id,
        l: id,
        T,
        m: t.side === 'sell',
        M: true,
      })
    }
  }

  /** Publishes the forming candle of each kline stream of a market, after the one it closed. */
  klines(m: BinanceMarket, now: number): void {
    const names = new Set<string>()
    for (const c of this.hub)
      for (const s of this.subs.of(c)) if (s.startsWith(`${m.streamSymbol}@kline_`)) names.add(s)
    for (const name of names) {
      const p = this.parse(name)
      if (p?.kind !== 'kline') continue
      for (const open of this.roll.due(name, m.series, p.interval, now))
        this.publish([name], this.kline(p, open, now))
    }
  }

  private kline(p: Extract<Parsed, { kind: 'kline' }>, open: number, now: number): unknown {
    const m = p.market
    const c = m.series.candle(p.interval, open, now)
    const n = c === undefined ? 0 : c.volume.div(m.stepSize).floor().toNumber()
    const first = Math.floor(open / 1000)
    return {
      e: 'kline',
      E: now,
      s: m.venueSymbol,
      k: {
        t: open,
        T: (c?.closeTime ?? m.series.next(p.interval, open)) - 1,
        s: m.venueSymbol,
        i: p.name,
        f: n === 0 ? -1 : first,
        L: n === 0 ? -1 : first + n - 1,
        o: eight(c?.open ?? m.config.startPrice),
        c: eight(c?.close ?? m.config.startPrice),
        h: eight(c?.high ?? m.config.startPrice),
        l: eight(c?.low ?? m.config.startPrice),
        v: eight(c?.volume ?? m.stepSize.mul(0)),
        n,
        x: c?.closed ?? false,
        q: eight(c?.turnover ?? m.stepSize.mul(0)),
        V: eight((c?.volume ?? m.stepSize.mul(0)).div(2)),
        Q: eight((c?.turnover ?? m.stepSize.mul(0)).div(2)),
        B: '0',
      },
    }
  }

  private receive(conn: Conn, text: string): void {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return this.reply(conn, {
        error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' },
        id: null,
      })
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      return this.reply(conn, { error: { code: 2, msg: 'Invalid request: expected an object' }, id: null })
    }
    const { method, params, id } = msg as { method?: unknown; params?: unknown; id?: unknown }
    const validId =
      id === null ||
      (typeof id === 'number' && Number.isSafeInteger(id)) ||
      (typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id))
    if (id === undefined || !validId) {
      return this.reply(conn, {
        error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
        id: null,
      })
    }
    const err = (m: string) => this.reply(conn, { error: { code: 2, msg: `Invalid request: ${m}` }, id })
    if (method === undefined) return err('missing field `method`')
    if (typeof method !== 'string' || !METHODS.includes(method)) {
      return err(
        `unknown variant \`${String(method)}\`, expected one of ${METHODS.map((m) => `\`${m}\``).join(', ')}`,
      )
    }
    if (method === 'LIST_SUBSCRIPTIONS') return this.reply(conn, { result: [...this.subs.of(conn)], id })
    if (method === 'SET_PROPERTY' || method === 'GET_PROPERTY') {
      if (!Array.isArray(params) || typeof params[0] !== 'string')
        return err('property name must be a string')
      if (params[0] !== 'combined')
        return this.reply(conn, { error: { code: 0, msg: 'Unknown property' }, id })
      if (method === 'GET_PROPERTY') return this.reply(conn, { result: conn.combined, id })
      if (typeof params[1] !== 'boolean')
        return this.reply(conn, { error: { code: 1, msg: 'Invalid value type: expected Boolean' }, id })
      conn.combined = params[1]
      return this.reply(conn, { result: null, id })
    }
    if (!Array.isArray(params) || params.some((p) => typeof p !== 'string'))
      return err('params must be an array of stream names')
    const names = params as string[]
    if (names.some((n) => this.parse(n) === undefined)) return err('invalid stream')
    if (method === 'UNSUBSCRIBE') {
      for (const n of names) this.subs.remove(conn, n)
      this.reply(conn, { result: null, id })
      this.ctx.emit({ type: 'unsubscribed', channel: 'stream', connId: conn.id, streams: names })
      return
    }
    const held = this.subs.of(conn)
    const added = names.filter((n) => !held.has(n))
    if (held.size + new Set(added).size > this.ctx.options.streams.maxStreamsPerConnection) {
      return err(
        `too many streams: at most ${this.ctx.options.streams.maxStreamsPerConnection} per connection`,
      )
    }
    for (const n of names) this.subs.add(conn, n)
    this.reply(conn, { result: null, id })
    this.subscribedNow(conn, names)
  }

  private subscribedNow(conn: Conn, streams: readonly string[]): void {
    this.ctx.emit({ type: 'subscribed', channel: 'stream', connId: conn.id, streams })
  }

  private parse(name: string): Parsed | undefined {
    const at = name.indexOf('@')
    if (at < 0) return undefined
    const market = this.ctx.options.byVenueSymbol.get(name.slice(0, at).toUpperCase())
    if (market === undefined || market.streamSymbol !== name.slice(0, at)) return undefined
    const rest = name.slice(at + 1)
    if (rest === 'depth' || rest === 'depth@100ms' || rest === 'depth@1000ms')
      return { kind: 'depth', market }
    const partial = /^depth(5|10|20)(@100ms|@1000ms)?$/.exec(rest)
    if (partial) return { kind: 'partial', market, levels: Number(partial[1]) }
    if (rest === 'trade' || rest === 'aggTrade' || rest === 'bookTicker') return { kind: rest, market }
    if (rest.startsWith('kline_')) {
      const intervalName = rest.slice('kline_'.length)
      const interval = KLINE_INTERVALS[intervalName]
      if (interval !== undefined) return { kind: 'kline', market, interval, name: intervalName }
    }
    return undefined
  }

  private publish(names: readonly string[], data: unknown): void {
    if (this.ctx.faults.silenced) return
    let raw: string | undefined
    for (const conn of this.hub) {
      const held = this.subs.of(conn)
      for (const name of names) {
        if (!held.has(name)) continue
        const text = conn.combined ? JSON.stringify({ stream: name, data }) : (raw ??= JSON.stringify(data))
        const spoiled = spoilFrame(text, this.ctx.faults.takeMalformed(), () =>
          JSON.stringify(conn.combined ? { stream: name, data: null } : { e: null }),
        )
        this.send(conn, spoiled)
      }
    }
  }

  private reply(conn: Conn, message: unknown): void {
    this.send(conn, JSON.stringify(message))
  }

  private send(conn: Conn, text: string): void {
    this.hub.send(conn, text)
  }
}
