/**
 * The feed of the scale bench (bench/scale.ts): one HTTP + WebSocket server on 127.0.0.1 that speaks
 * enough of Bybit v5 spot and Binance spot for the real drivers (and ccxt) to keep books on N symbols
 * per venue, and moves those books at the rates:
 * - Bybit `orderbook.50.<SYM>` on `/v5/public/spot`: every 20 ms, a snapshot on subscribe, then deltas of
 *   the top 50 levels with `u` + 1; `ts` and `cts` are the send time (ms);
 * - Binance `<sym>@depth@100ms` on `/stream?streams=…` (combined) and `/ws[/…]` (raw), SUBSCRIBE and
 *   friends: every 100 ms, `depthUpdate` diffs with `U`..`u`, `E` the send time; `/api/v3/depth` answers
 *   a snapshot whose `lastUpdateId` is the last `u` sent;
 * - on each venue's interval 10% of the symbols change every time, each other symbol with chance 0.2.
 * Level changes come from bench/frames.ts's walker (about 11 a change, 30% deletes, top-heavy, never
 * crossing), one walker per symbol and venue, all seeded.
 *
 * ```
 * node --import tsx bench/scale-feed.ts --symbols 500 [--seed 1]
 * ```
 * It prints `{"port":N}` once listening and runs until killed. `GET /feed/stats` answers its counters
 * (frames and bytes sent per venue, late ticks, its own CPU time); `?reset=1` restarts the largest lateness.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import { BookWalker, fmtPrice, fmtSize, makeRng, type Rng } from './frames.js'
import { scaleSymbols, type ScaleSymbol } from './scale-symbols.js'

/** Bybit's spot `orderbook.50` push interval. https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook */
export const BYBIT_PERIOD_MS = 20
/** Binance's `@depth@100ms`. https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams */
export const BINANCE_PERIOD_MS = 100
/** Share of symbols that change on every interval; the others change with {@link QUIET_CHANCE}. */
export const BUSY_SHARE = 0.1
export const QUIET_CHANCE = 0.2
const BYBIT_DEPTH = 50
const BYBIT_MAX_ARGS = 10

type Change = [number, number]
type Side = BookWalker['bids']

/** What `GET /feed/stats` answers. */
export interface FeedStats {
  readonly symbols: number
  readonly frames: { readonly bybit: number; readonly binance: number }
  readonly bytes: { readonly bybit: number; readonly binance: number }
  /** Ticks run, and those that started more than one interval late (the feed fell behind). */
  readonly ticks: { readonly bybit: number; readonly binance: number; readonly late: number }
  /** The latest a tick started since the last reset, ms. */
  readonly maxLateMs: number
  readonly connections: number
  /** The largest send buffer of any connection now: a client that does not keep up. */
  readonly maxBufferedBytes: number
  /** The feed's own CPU time so far, µs. */
  readonly cpuUs: number
}

const counters = {
  frames: { bybit: 0, binance: 0 },
  bytes: { bybit: 0, binance: 0 },
  ticks: { bybit: 0, binance: 0, late: 0 },
  maxLateMs: 0,
}

function send(ws: WebSocket, text: string, venue: 'bybit' | 'binance'): void {
  ws.send(text)
  counters.frames[venue] += 1
  counters.bytes[venue] += text.length
}

/** The best `depth` levels of a walker side, best first. */
function top(side: Side, depth: number): Change[] {
  const n = Math.min(depth, side.prices.length)
  const out: Change[] = new Array<Change>(n)
  for (let i = 0; i < n; i++) {
    const t = side.prices[i] as number
    out[i] = [t, side.sizes.get(t) as number]
  }
  return out
}

/** What changed in the top `depth` of a side since `shown` (deletes for levels that left it), best first. */
function topChanges(side: Side, shown: Map<number, number>, depth: number, bid: boolean): Change[] {
  const now = new Map<number, number>()
  const changes: Change[] = []
  for (const [t, units] of top(side, depth)) {
    now.set(t, units)
    if (shown.get(t) !== units) changes.push([t, units])
  }
  for (const t of shown.keys()) if (!now.has(t)) changes.push([t, 0])
  shown.clear()
  for (const [t, units] of now) shown.set(t, units)
  return changes.sort(bid ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0])
}

// ---------------------------------------------------------------------------------------------------------
// Bybit

interface BybitConn {
  readonly id: string
  readonly ws: WebSocket
  readonly topics: Set<BybitTopic>
}

class BybitTopic {
  readonly topic: string
  readonly subscribers = new Set<BybitConn>()
  private readonly walker: BookWalker
  private readonly shownBids = new Map<number, number>()
  private readonly shownAsks = new Map<number, number>()
  private u: number
  private seq: number

  constructor(
    readonly symbol: ScaleSymbol,
    rng: Rng,
  ) {
    this.topic = `orderbook.${BYBIT_DEPTH}.${symbol.venueSymbol}`
    this.walker = new BookWalker(rng, { center: symbol.centerTicks, target: BYBIT_DEPTH, maxChanges: 10 })
    topChanges(this.walker.bids, this.shownBids, BYBIT_DEPTH, true)
    topChanges(this.walker.asks, this.shownAsks, BYBIT_DEPTH, false)
    this.u = 10_000_000 + Math.floor(rng() * 80_000_000)
    this.seq = 7_000_000_000 + Math.floor(rng() * 1_000_000_000)
  }

  snapshot(): string {
    return this.message('snapshot', top(this.walker.bids, BYBIT_DEPTH), top(this.walker.asks, BYBIT_DEPTH))
  }

  /** Moves the book; the delta of its top 50, or `undefined` when only deeper levels moved. */
  step(): string | undefined {
    this.walker.step()
    const bids = topChanges(this.walker.bids, this.shownBids, BYBIT_DEPTH, true)
    const asks = topChanges(this.walker.asks, this.shownAsks, BYBIT_DEPTH, false)
    if (bids.length === 0 && asks.length === 0) return undefined
    this.u += 1
    this.seq += 1 + (this.u % 7)
    return this.message('delta', bids, asks)
  }

  private message(type: 'snapshot' | 'delta', bids: Change[], asks: Change[]): string {
    const ts = Date.now()
    const level = ([t, units]: Change): [string, string] => [fmtPrice(t), fmtSize(units)]
    // Bybit's key order (test/fixtures/bybit/ws-orderbook-delta.json)
    return JSON.stringify({
      topic: this.topic,
      type,
      ts,
      data: { s: this.symbol.venueSymbol, b: bids.map(level), a: asks.map(level), u: this.u, seq: this.seq },
      cts: ts,
    })
  }
}

class BybitPublic {
  readonly topics: BybitTopic[]
  private readonly byName = new Map<string, BybitTopic>()
  private conns = 0

  constructor(symbols: readonly ScaleSymbol[], seed: number) {
    this.topics = symbols.map((s, i) => new BybitTopic(s, makeRng(seed * 1_000_003 + i)))
    for (const t of this.topics) this.byName.set(t.topic, t)
  }

  connect(ws: WebSocket): void {
    const conn: BybitConn = { id: `scale-bybit-${++this.conns}`, ws, topics: new Set() }
    ws.on('message', (data) => this.receive(conn, String(data)))
    ws.on('close', () => {
      for (const t of conn.topics) t.subscribers.delete(conn)
    })
  }

  tick(rng: Rng): void {
    const busy = Math.ceil(this.topics.length * BUSY_SHARE)
    for (let i = 0; i < this.topics.length; i++) {
      if (i >= busy && rng() >= QUIET_CHANCE) continue
      const topic = this.topics[i] as BybitTopic
      const text = topic.step()
      if (text === undefined) continue
      for (const conn of topic.subscribers) send(conn.ws, text, 'bybit')
    }
  }

  private receive(conn: BybitConn, text: string): void {
    let msg: { op?: unknown; args?: unknown; req_id?: unknown }
    try {
      msg = JSON.parse(text) as typeof msg
    } catch {
      conn.ws.send(JSON.stringify({ success: false, ret_msg: 'Params Error', conn_id: conn.id, op: '' }))
      return
    }
    const reqId = typeof msg.req_id === 'string' ? { req_id: msg.req_id } : {}
    const ack = (op: string, success: boolean, retMsg: string): void =>
      conn.ws.send(JSON.stringify({ success, ret_msg: retMsg, conn_id: conn.id, ...reqId, op }))
    if (msg.op === 'ping') return ack('ping', true, 'pong')
    if (msg.op !== 'subscribe' && msg.op !== 'unsubscribe')
      return ack(String(msg.op), false, 'error:invalid op')
    const args = Array.isArray(msg.args) ? (msg.args as unknown[]) : []
    if (args.length === 0 || args.length > BYBIT_MAX_ARGS)
      return ack(msg.op, false, `args size >${BYBIT_MAX_ARGS}`)
    const topics = args.map((a) => (typeof a === 'string' ? this.byName.get(a) : undefined))
    if (topics.some((t) => t === undefined)) {
      return ack(msg.op, false, `error:handler not found,topic:${args.join(',')}`)
    }
    const named = topics as BybitTopic[]
    if (msg.op === 'unsubscribe') {
      for (const t of named) {
        t.subscribers.delete(conn)
        conn.topics.delete(t)
      }
      return ack('unsubscribe', true, '')
    }
    ack('subscribe', true, 'subscribe')
    for (const t of named) {
      t.subscribers.add(conn)
      conn.topics.add(t)
      send(conn.ws, t.snapshot(), 'bybit')
    }
  }

  /** `GET /v5/market/instruments-info?category=spot`, Bybit's envelope around every symbol. */
  instruments(): unknown {
    return bybitEnvelope({
      category: 'spot',
      list: this.topics.map(({ symbol: s }, i) => ({
        symbolId: i + 1,
        symbol: s.venueSymbol,
        baseCoin: s.base,
        quoteCoin: s.quote,
        innovation: '0',
        status: 'Trading',
        marginTrading: 'utaOnly',
        stTag: '0',
        lotSizeFilter: {
          basePrecision: '0.000001',
          quotePrecision: '0.00000001',
          minOrderQty: '0.000001',
          maxOrderQty: '9000',
          minOrderAmt: '5',
          maxOrderAmt: '8000000',
          maxLimitOrderQty: '9000',
          maxMarketOrderQty: '4500',
          postOnlyMaxLimitOrderSize: '9000',
        },
        priceFilter: { tickSize: '0.01' },
        riskParameters: { priceLimitRatioX: '0.005', priceLimitRatioY: '0.01' },
        symbolType: '',
      })),
    })
  }
}

function bybitEnvelope(result: unknown): unknown {
  return { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: Date.now() }
}

// ---------------------------------------------------------------------------------------------------------
// Binance

interface BinanceConn {
  readonly ws: WebSocket
  combined: boolean
  readonly streams: Set<BinanceStream>
}

const eightPrice = (ticks: number): string => `${fmtPrice(ticks)}000000`
const eightSize = (units: number): string =>
  `${Math.floor(units / 1e6)}.${String(units % 1e6).padStart(6, '0')}00`

class BinanceStream {
  readonly name: string
  readonly subscribers = new Set<BinanceConn>()
  private readonly walker: BookWalker
  private lastId: number

  constructor(
    readonly symbol: ScaleSymbol,
    rng: Rng,
  ) {
    this.name = `${symbol.lower}@depth@100ms`
    this.walker = new BookWalker(rng, { center: symbol.centerTicks, target: 50, maxChanges: 10 })
    this.lastId = 1_000_000_000 + Math.floor(rng() * 1_000_000_000)
  }

  /** `GET /api/v3/depth`: the book as of the last event sent. */
  snapshot(limit: number): unknown {
    const level = ([t, units]: Change): [string, string] => [eightPrice(t), eightSize(units)]
    return {
      lastUpdateId: this.lastId,
      bids: top(this.walker.bids, limit).map(level),
      asks: top(this.walker.asks, limit).map(level),
    }
  }

  /** Moves the book and publishes the diff: one update id per level changed. */
  step(): void {
    const { bids, asks } = this.walker.step()
    bids.sort((a, b) => b[0] - a[0])
    asks.sort((a, b) => a[0] - b[0])
    const first = this.lastId + 1
    this.lastId += Math.max(1, bids.length + asks.length)
    if (this.subscribers.size === 0) return
    const level = ([t, units]: Change): [string, string] => [eightPrice(t), eightSize(units)]
    const raw = JSON.stringify({
      e: 'depthUpdate',
      E: Date.now(),
      s: this.symbol.venueSymbol,
      U: first,
      u: this.lastId,
      b: bids.map(level),
      a: asks.map(level),
    })
    let combined: string | undefined
    for (const conn of this.subscribers) {
      if (conn.combined) send(conn.ws, (combined ??= `{"stream":"${this.name}","data":${raw}}`), 'binance')
      else send(conn.ws, raw, 'binance')
    }
  }
}

class BinanceMarket {
  readonly streams: BinanceStream[]
  readonly byName = new Map<string, BinanceStream>()
  readonly bySymbol = new Map<string, BinanceStream>()

  constructor(
    symbols: readonly ScaleSymbol[],
    seed: number,
    private readonly weightPerMinute: number,
  ) {
    this.streams = symbols.map((s, i) => new BinanceStream(s, makeRng(seed * 1_000_033 + 500_000 + i)))
    for (const s of this.streams) {
      this.byName.set(s.name, s)
      this.bySymbol.set(s.symbol.venueSymbol, s)
    }
  }

  /** A connection with the (known) streams its URL names. */
  connect(ws: WebSocket, names: readonly string[], combined: boolean): void {
    const conn: BinanceConn = { ws, combined, streams: new Set() }
    for (const name of names) {
      const stream = this.byName.get(name)
      if (stream === undefined) continue
      stream.subscribers.add(conn)
      conn.streams.add(stream)
    }
    ws.on('message', (data) => this.receive(conn, String(data)))
    ws.on('close', () => {
      for (const s of conn.streams) s.subscribers.delete(conn)
    })
  }

  tick(rng: Rng): void {
    const busy = Math.ceil(this.streams.length * BUSY_SHARE)
    for (let i = 0; i < this.streams.length; i++) {
      if (i >= busy && rng() >= QUIET_CHANCE) continue
      ;(this.streams[i] as BinanceStream).step()
    }
  }

  private receive(conn: BinanceConn, text: string): void {
    let msg: { method?: unknown; params?: unknown; id?: unknown }
    try {
      msg = JSON.parse(text) as typeof msg
    } catch {
      conn.ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }))
      return
    }
    const id = msg.id ?? null
    const reply = (body: Record<string, unknown>): void => conn.ws.send(JSON.stringify({ ...body, id }))
    const params = Array.isArray(msg.params) ? (msg.params as unknown[]) : []
    switch (msg.method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        const streams = params.map((p) => (typeof p === 'string' ? this.byName.get(p) : undefined))
        if (streams.some((s) => s === undefined)) {
          return reply({ error: { code: 2, msg: 'Invalid request: invalid stream' } })
        }
        for (const s of streams as BinanceStream[]) {
          if (msg.method === 'SUBSCRIBE') {
            s.subscribers.add(conn)
            conn.streams.add(s)
          } else {
            s.subscribers.delete(conn)
            conn.streams.delete(s)
          }
        }
        return reply({ result: null })
      }
      case 'LIST_SUBSCRIPTIONS':
        return reply({ result: [...conn.streams].map((s) => s.name) })
      case 'GET_PROPERTY':
        return reply({ result: conn.combined })
      case 'SET_PROPERTY':
        conn.combined = params[1] === true
        return reply({ result: null })
      default:
        return reply({ error: { code: 2, msg: 'Invalid request: unknown method' } })
    }
  }

  /** `GET /api/v3/exchangeInfo` (the real rate limits; the drivers pace their snapshot requests by them). */
  exchangeInfo(): unknown {
    const filters = [
      {
        filterType: 'PRICE_FILTER',
        minPrice: '0.01000000',
        maxPrice: '1000000.00000000',
        tickSize: '0.01000000',
      },
      { filterType: 'LOT_SIZE', minQty: '0.00000100', maxQty: '9000.00000000', stepSize: '0.00000100' },
      {
        filterType: 'NOTIONAL',
        minNotional: '5.00000000',
        applyMinToMarket: true,
        maxNotional: '9000000.00000000',
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
    ]
    return {
      timezone: 'UTC',
      serverTime: Date.now(),
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: this.weightPerMinute },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
        { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
        { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
      ],
      exchangeFilters: [],
      symbols: this.streams.map(({ symbol: s }) => ({
        symbol: s.venueSymbol,
        status: 'TRADING',
        baseAsset: s.base,
        baseAssetPrecision: 8,
        quoteAsset: s.quote,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
        icebergAllowed: false,
        ocoAllowed: false,
        otoAllowed: false,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: false,
        cancelReplaceAllowed: false,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters,
        permissions: [],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'NONE',
        allowedSelfTradePreventionModes: ['NONE'],
      })),
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// the server

/** Runs `tick` every `periodMs` on a fixed grid; a late tick still runs (so rates stay exact) and is counted. */
function every(periodMs: number, tick: () => void, onTick: () => void): () => void {
  const start = performance.now()
  let k = 0
  let timer: NodeJS.Timeout | undefined
  const run = (): void => {
    const late = performance.now() - (start + k * periodMs)
    if (late > counters.maxLateMs) counters.maxLateMs = late
    if (late > periodMs) counters.ticks.late += 1
    onTick()
    tick()
    k += 1
    timer = setTimeout(run, Math.max(0, start + k * periodMs - performance.now()))
  }
  timer = setTimeout(run, periodMs)
  return () => clearTimeout(timer)
}

/** A running feed. */
export interface Feed {
  readonly port: number
  /** The counters; `reset` starts the largest lateness afresh (for the next window). */
  stats(reset?: boolean): FeedStats
  close(): Promise<void>
}

/**
 * Starts the feed on 127.0.0.1 and a free port.
 *
 * @example
 * const feed = await startScaleFeed({ symbols: 100 })
 * // clients: http://127.0.0.1:${feed.port} and ws://127.0.0.1:${feed.port}
 * await feed.close()
 */
export async function startScaleFeed(options: {
  symbols: number
  seed?: number
  /** Binance's declared REQUEST_WEIGHT a minute: the real 6,000 by default; more only syncs faster. */
  weightPerMinute?: number
}): Promise<Feed> {
  const seed = options.seed ?? 1
  const symbols = scaleSymbols(options.symbols, seed)
  const bybit = new BybitPublic(symbols, seed)
  const binance = new BinanceMarket(symbols, seed, options.weightPerMinute ?? 6000)
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  }
  const stats = (reset: boolean): FeedStats => {
    let maxBufferedBytes = 0
    for (const ws of wss.clients) maxBufferedBytes = Math.max(maxBufferedBytes, ws.bufferedAmount)
    const cpu = process.cpuUsage()
    const out: FeedStats = {
      symbols: symbols.length,
      frames: { ...counters.frames },
      bytes: { ...counters.bytes },
      ticks: { ...counters.ticks },
      maxLateMs: counters.maxLateMs,
      connections: wss.clients.size,
      maxBufferedBytes,
      cpuUs: cpu.user + cpu.system,
    }
    if (reset) counters.maxLateMs = 0
    return out
  }

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://feed')
    const q = url.searchParams
    switch (url.pathname) {
      case '/v5/market/time': {
        const now = Date.now()
        return json(
          res,
          200,
          bybitEnvelope({ timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` }),
        )
      }
      case '/v5/market/instruments-info':
        if (q.get('category') !== 'spot') {
          return json(res, 200, {
            retCode: 10001,
            retMsg: 'params error',
            result: {},
            retExtInfo: {},
            time: Date.now(),
          })
        }
        return json(res, 200, bybit.instruments())
      case '/api/v3/time':
        return json(res, 200, { serverTime: Date.now() })
      case '/api/v3/exchangeInfo':
        return json(res, 200, binance.exchangeInfo())
      case '/api/v3/depth': {
        const stream = binance.bySymbol.get(q.get('symbol') ?? '')
        if (stream === undefined) return json(res, 400, { code: -1121, msg: 'Invalid symbol.' })
        const limit = Math.min(5000, Math.max(1, Number(q.get('limit') ?? 100) || 100))
        return json(res, 200, stream.snapshot(limit))
      }
      case '/feed/stats':
        return json(res, 200, stats(q.get('reset') === '1'))
      default:
        return json(res, 404, { code: -1, msg: `no route ${url.pathname}` })
    }
  })

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://feed')
    const path = url.pathname
    if (path === '/v5/public/spot') {
      wss.handleUpgrade(req, socket, head, (ws) => bybit.connect(ws))
    } else if (path === '/stream') {
      const names = (url.searchParams.get('streams') ?? '').split('/').filter((s) => s !== '')
      wss.handleUpgrade(req, socket, head, (ws) => binance.connect(ws, names, true))
    } else if (path === '/ws' || path.startsWith('/ws/')) {
      // ccxt opens `/ws/<n>` and subscribes by message; a real stream name in the path is served too
      const name = path.slice(4)
      wss.handleUpgrade(req, socket, head, (ws) => binance.connect(ws, name ? [name] : [], false))
    } else {
      socket.destroy()
    }
  })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const address = http.address()
  if (address === null || typeof address === 'string') throw new Error('feed: no port')

  const bybitRng = makeRng(seed * 7 + 1)
  const binanceRng = makeRng(seed * 7 + 2)
  const stops = [
    every(
      BYBIT_PERIOD_MS,
      () => bybit.tick(bybitRng),
      () => (counters.ticks.bybit += 1),
    ),
    every(
      BINANCE_PERIOD_MS,
      () => binance.tick(binanceRng),
      () => (counters.ticks.binance += 1),
    ),
  ]
  return {
    port: address.port,
    stats: (reset = false) => stats(reset),
    close: async () => {
      for (const stop of stops) stop()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const opts: Record<string, string> = { symbols: '100', seed: '1', weight: '6000' }
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error('usage: --symbols N [--seed S] [--weight W]')
    opts[key] = argv[i + 1] as string
  }
  const feed = await startScaleFeed({
    symbols: Number(opts.symbols),
    seed: Number(opts.seed),
    weightPerMinute: Number(opts.weight),
  })
  const stop = (): void => {
    void feed.close().then(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdout.write(JSON.stringify({ port: feed.port }) + '\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e)
    process.exit(2)
  })
}
