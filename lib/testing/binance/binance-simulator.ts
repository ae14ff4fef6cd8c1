/**
 * `BinanceSimulator`: a loopback Binance spot venue. One HTTP server on 127.0.0.1 answers the REST API
 * (`/api/v3`) and upgrades market-stream (`/ws`, `/stream`) and WebSocket API (`/ws-api/v3`)
 * connections, all over the shared matching engine, with Binance's shapes, codes, signatures, limits
 * and faults.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { filter, firstValueFrom, Subject, type Observable } from 'rxjs'
import { WebSocketServer } from 'ws'
import { Decimal, toDecimal, type DecimalLike } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Balance, OrderBook, Side, Trade, UnifiedSymbol } from '../../core/model.js'
import { opposite } from '../../sim/book.js'
import type { SeriesCandle } from '../../sim/candle-series.js'
import { SimClock } from '../kit/clock.js'
import { Exchange } from '../../sim/exchange.js'
import { deriveSeed } from '../../sim/prng.js'
import type { BookStep } from '../../sim/step.js'
import type { BinanceContext, BinanceSimEvent } from './context.js'
import { DepthBook, type DepthDiff } from '../kit/depth-book.js'
import { BinanceFaults } from './faults.js'
import { BinanceHttp } from './http.js'
import { BinanceLimits } from './limits.js'
import { KLINE_INTERVALS } from './market-data.js'
import {
  resolveBinanceOptions,
  type BinanceMarket,
  type BinanceSimulatorOptions,
  type ResolvedBinanceOptions,
} from './options.js'
import { BinanceOrders, executionReport, isOpenRecord, queryAnswer } from './orders.js'
import { MarketStreams } from './streams.js'
import { binanceError, eight, missing } from './wire.js'
import { WsApi } from './ws-api.js'

/**
 * What a client needs to reach the simulator: the shape of the client's `venues.binance` options.
 *
 * @example
 * const options: BinanceClientOptions = binance.clientOptions()
 * const client = createClient({ venues: { binance: options } })
 */
export interface BinanceClientOptions {
  /** `http://127.0.0.1:<port>`; paths start with `/api/v3`. */
  readonly restUrl: string
  /** `ws://127.0.0.1:<port>`: market streams at `/ws/<stream>` and `/stream?streams=...`. */
  readonly wsUrl: string
  /** `ws://127.0.0.1:<port>/ws-api/v3` */
  readonly wsApiUrl: string
  readonly apiKey: string
  readonly secret: string
}

/**
 * A trade by the rest of the market: a taker of `qty` on `side` walking the book, up to `price` if given.
 *
 * @example
 * binance.trade({ symbol: 'BTC/USDT', side: 'buy', qty: '0.5', price: '65010' }) // lifts asks up to 65 010
 */
export interface BinanceMarketTrade {
  readonly symbol: UnifiedSymbol
  /** The taker's side: `sell` hits bids, `buy` lifts asks. */
  readonly side: Side
  readonly qty: DecimalLike
  readonly price?: DecimalLike | undefined
}

/**
 * An order of the account, by Binance id or client order id.
 *
 * @example
 * binance.fillOrder({ symbol: 'BTC/USDT', clientOrderId: 'grid-1' })
 * binance.order({ symbol: 'BTC/USDT', clientOrderId: 'grid-1' })?.status // 'FILLED'
 */
export interface BinanceOrderRef {
  readonly symbol: UnifiedSymbol
  readonly orderId?: number | undefined
  readonly clientOrderId?: string | undefined
}

/**
 * One simulated Binance venue. Start it with {@link startSimulator} (or {@link BinanceSimulator.start}).
 *
 * @example
 * const binance = await BinanceSimulator.start({ seed: 42, tickMs: 'manual' }) // moves only when stepped
 * const client = createClient({ venues: { binance: binance.clientOptions() } })
 * await binance.subscribed('btcusdt@depth')   // the client's diff-depth stream is live
 * binance.step(100)                           // 100 random book changes, one depthUpdate
 * expect(localBook.bids).to.deep.equal(binance.book('BTC/USDT').bids)
 * await binance.close()
 */
export class BinanceSimulator {
  readonly id = 'binance' as const
  /** Fault injection. */
  readonly faults: BinanceFaults
  /** What happened: connections, subscriptions, requests. Completes on close. */
  readonly events$: Observable<BinanceSimEvent>

  private readonly options: ResolvedBinanceOptions
  private readonly clock = new SimClock()
  private readonly events = new Subject<BinanceSimEvent>()
  private readonly exchange: Exchange
  private readonly orders: BinanceOrders
  private readonly limits: BinanceLimits
  private readonly ctx: BinanceContext
  private readonly streams: MarketStreams
  private readonly wsApi: WsApi
  private readonly http: BinanceHttp
  private readonly server: Server
  private readonly streamWss = new WebSocketServer({ noServer: true, autoPong: false })
  private readonly apiWss = new WebSocketServer({ noServer: true, autoPong: false })
  private readonly depths = new Map<BinanceMarket, DepthBook>()
  private readonly dirty = new Set<BinanceMarket>()
  private readonly pendingTrades = new Map<UnifiedSymbol, Trade[]>()
  private readonly pendingBalances = new Map<string, Balance>()
  private readonly heldDepth: [BinanceMarket, DepthDiff][] = []
  private pendingUser: unknown[] = []
  private executionSeq = 0
  private runDepth = 0
  private ticker: ReturnType<typeof setInterval> | undefined
  private port = 0
  private closing: Promise<void> | undefined

  private constructor(options: BinanceSimulatorOptions) {
    this.options = resolveBinanceOptions(options)
    const opts = this.options
    this.events$ = this.events.asObservable()
    this.orders = new BinanceOrders(opts.makerFee, opts.takerFee)
    this.limits = new BinanceLimits(opts.rateLimits)
    this.exchange = new Exchange(
      {
        id: 'binance',
        seed: deriveSeed(opts.seed, 'binance'),
        now: () => this.clock.now(),
        mode: 'random',
        levels: opts.levels,
        changesPerStep: 1,
        referenceSeed: opts.referenceSeed,
        markets: new Map([...opts.markets].map(([s, m]) => [s, m.config])),
        balances: opts.balances,
        makerFee: opts.makerFee,
        takerFee: opts.takerFee,
        historyLimit: 100_000,
        postOnlyTaking: 'reject',
      },
      {
        trade: (t) => {
          let list = this.pendingTrades.get(t.symbol)
          if (list === undefined) this.pendingTrades.set(t.symbol, (list = []))
          list.push(t)
        },
        order: (o) => {
          const ev = this.orders.update(o)
          if (ev !== undefined) {
            this.pendingUser.push(executionReport(ev, this.clock.now(), ++this.executionSeq))
          }
        },
        fill: (f) => this.orders.fill(f),
        balance: (b) => this.pendingBalances.set(b.asset, b),
        changed: (symbol) => {
          const m = this.marketOf(symbol)
          this.depthOf(m).observe()
          this.dirty.add(m)
        },
      },
    )
    this.faults = new BinanceFaults({
      dropSockets: () => {
        this.streams.terminateAll()
        this.wsApi.terminateAll()
        this.server.closeIdleConnections()
      },
      skipUpdateId: () => {
        for (const d of this.depths.values()) d.gap()
      },
      shiftClock: (ms) => this.clock.advance(ms),
      refuseConnections: () => undefined,
      silenceEnded: () => this.events.next({ type: 'silence-ended' }),
      terminateUserStream: () => this.wsApi.terminateUserStreams(),
      releaseDepth: () => {
        const now = this.clock.now()
        for (const [m, diff] of this.heldDepth.splice(0)) this.streams.depth(m, diff, now)
      },
    })
    this.ctx = {
      options: opts,
      exchange: this.exchange,
      clock: this.clock,
      orders: this.orders,
      limits: this.limits,
      faults: this.faults,
      run: (work) => this.run(work),
      market: (symbol) => {
        if (symbol === undefined || symbol === '') throw missing('symbol')
        const m = opts.byVenueSymbol.get(symbol)
        if (m === undefined) throw binanceError('badSymbol')
        return m
      },
      depth: (m) => this.depthOf(m),
      emit: (e) => this.events.next(e),
    }
    this.streams = new MarketStreams(this.ctx)
    this.wsApi = new WsApi(this.ctx)
    this.http = new BinanceHttp(this.ctx)
    this.server = createServer((req, res) => this.http.handle(req, res))
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head))
    // Every market's book exists from the start, so update ids and snapshots agree from the first look.
    for (const m of opts.markets.values()) this.depthOf(m)
  }

  /**
   * Starts a simulator on 127.0.0.1 and a free port (unless `port` is given).
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
    const sim = new BinanceSimulator(options)
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject)
      sim.server.listen(sim.options.port, sim.options.host, () => resolve())
    })
    sim.port = (sim.server.address() as AddressInfo).port
    const tickMs = sim.options.tickMs
    if (tickMs !== undefined) {
      const all = [...sim.options.markets.values()]
      sim.ticker = setInterval(() => sim.advance(1, all), tickMs)
    }
    return sim
  }

  /** `http://127.0.0.1:<port>` */
  get restUrl(): string {
    return `http://${this.options.host}:${this.port}`
  }

  /** `ws://127.0.0.1:<port>`: append `/ws/<stream>` or `/stream?streams=...`. */
  get wsUrl(): string {
    return `ws://${this.options.host}:${this.port}`
  }

  /** `ws://127.0.0.1:<port>/ws-api/v3` */
  get wsApiUrl(): string {
    return `${this.wsUrl}/ws-api/v3`
  }

  /** The account's API key. */
  get apiKey(): string {
    return this.options.apiKey
  }

  /** The account's HMAC secret. */
  get secret(): string {
    return this.options.secret
  }

  /** What a client's `venues.binance` options need to reach this simulator. */
  clientOptions(): BinanceClientOptions {
    return {
      restUrl: this.restUrl,
      wsUrl: this.wsUrl,
      wsApiUrl: this.wsApiUrl,
      apiKey: this.apiKey,
      secret: this.secret,
    }
  }

  /**
   * The simulator's own book now, exact: best first, resting user orders included, at most `depth`
   * levels a side. `sequence` is the book update id (`lastUpdateId` of a snapshot taken now).
   */
  book(symbol: UnifiedSymbol, depth = Infinity): OrderBook {
    const m = this.marketOf(symbol)
    const { bids, asks } = this.exchange.book(m.instrument.symbol, depth)
    const at = this.clock.now()
    return {
      venue: 'binance',
      symbol: m.instrument.symbol,
      bids,
      asks,
      sequence: this.depthOf(m).updateId,
      timestamp: new Date(at),
      rawTimestamp: at,
    }
  }

  /** The book update id now: what a REST snapshot would carry as `lastUpdateId`. */
  bookUpdateId(symbol: UnifiedSymbol): number {
    return this.depthOf(this.marketOf(symbol)).updateId
  }

  /** One asset of the account now, exact. */
  balance(asset: string): Balance {
    return this.exchange.balance(asset)
  }

  /** Every asset the account holds or has held. */
  balances(): Balance[] {
    return this.exchange.balances()
  }

  /** An order of the account as `GET /api/v3/order` would answer, or `undefined`. */
  order(ref: BinanceOrderRef): Record<string, unknown> | undefined {
    const record = this.findOrder(ref)
    return record === undefined ? undefined : (queryAnswer(record) as Record<string, unknown>)
  }

  /** Orders of the account, oldest first, as `allOrders` answers. */
  allOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    return this.orders
      .all()
      .filter((r) => symbol === undefined || r.market.instrument.symbol === symbol)
      .map((r) => queryAnswer(r) as Record<string, unknown>)
  }

  /**
   * Moves markets now: `n` random changes of `symbol`, or of every symbol a stream is subscribed to.
   * Each market that changed publishes one `depthUpdate` covering all `n` update ids.
   */
  step(n = 1, symbol?: UnifiedSymbol): void {
    this.open()
    this.advance(
      n,
      symbol !== undefined
        ? [this.marketOf(symbol)]
        : this.streams.watchedMarkets().map((s) => this.marketOf(s)),
    )
  }

  private advance(n: number, markets: readonly BinanceMarket[]): void {
    this.run(() => {
      for (let i = 0; i < n; i++) for (const m of markets) this.exchange.step(m.instrument.symbol)
    })
    const now = this.clock.now()
    for (const m of markets) this.streams.klines(m, now)
  }

  /**
   * Applies a change of the market's own liquidity and trades now (see {@link BookStep}).
   *
   * @throws VenueError `invalid-request` for a level off tick or lot.
   */
  push(symbol: UnifiedSymbol, step: BookStep): void {
    this.open()
    const m = this.marketOf(symbol)
    this.run(() => this.exchange.push(m.instrument.symbol, step))
  }

  /** A taker from the rest of the market walks the book now, resting orders of the account included. */
  trade(trade: BinanceMarketTrade): void {
    this.push(trade.symbol, { trades: [{ side: trade.side, size: trade.qty, price: trade.price }] })
  }

  /**
   * Makes the market fill `qty` (default: all that is left) of a resting order of the account now.
   *
   * @throws VenueError `not-found` (-2013) when the order is not resting.
   */
  fillOrder(ref: BinanceOrderRef, qty?: DecimalLike): void {
    this.open()
    const record = this.findOrder(ref)
    if (record === undefined || !isOpenRecord(record)) throw binanceError('noSuchOrder')
    const symbol = record.market.instrument.symbol
    const ahead = this.exchange.queueAhead({ symbol, id: record.engineId })
    if (ahead === undefined) throw binanceError('noSuchOrder')
    const left = record.origQty.minus(record.executedQty)
    const size = qty === undefined ? left : Decimal.min(left, toDecimal(qty))
    this.push(symbol, {
      trades: [{ side: opposite(record.side), size: ahead.plus(size), price: record.price }],
    })
  }

  /**
   * A deposit (or, negative, a withdrawal) of the account now: `balanceUpdate` then
   * `outboundAccountPosition` on the user data stream.
   */
  deposit(asset: string, amount: DecimalLike): void {
    this.open()
    const delta = toDecimal(amount)
    this.run(() => {
      this.exchange.transfer(asset, delta)
      const now = this.clock.now()
      this.pendingUser.push({ e: 'balanceUpdate', E: now, a: asset, d: eight(delta), T: now })
    })
  }

  /** A candle of the seeded history as it stands now (`interval` in Binance's names), or `undefined`. */
  candle(symbol: UnifiedSymbol, interval: string, openTime: number): SeriesCandle | undefined {
    const length = KLINE_INTERVALS[interval]
    if (length === undefined) throw binanceError('badInterval')
    return this.marketOf(symbol).series.candle(length, openTime, this.clock.now())
  }

  /** The simulator's time, ms. */
  now(): number {
    return this.clock.now()
  }

  /** Sets the simulator's time: frozen there unless `running`. Signatures and weights use it. */
  setClock(ms: number, options: { readonly running?: boolean | undefined } = {}): void {
    this.clock.set(ms, options)
  }

  /** Moves the simulator's time by `ms`. */
  advanceClock(ms: number): void {
    this.clock.advance(ms)
  }

  /** Open connections, and the streams each market-stream connection holds. */
  connections(): { readonly streams: number; readonly wsApi: number; readonly subscriptions: string[][] } {
    return { streams: this.streams.size, wsApi: this.wsApi.size, subscriptions: this.streams.subscriptions() }
  }

  /** Resolves once some connection holds `stream`; at once if one already does. */
  subscribed(stream: string): Promise<void> {
    if (this.streams.has(stream)) return Promise.resolve()
    return firstValueFrom(
      this.events$.pipe(filter((e) => e.type === 'subscribed' && e.streams.includes(stream))),
    ).then(() => undefined)
  }

  /** Resolves once some session has a user data subscription; at once if one has. */
  userStreamSubscribed(): Promise<void> {
    if (this.wsApi.userSubscriptions > 0) return Promise.resolve()
    return firstValueFrom(this.events$.pipe(filter((e) => e.type === 'user-stream'))).then(() => undefined)
  }

  /** Stops everything; resolves once the server is closed and every socket and timer is gone. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.ticker !== undefined) clearInterval(this.ticker)
      this.faults.dispose()
      this.http.dispose()
      this.streams.terminateAll()
      this.wsApi.terminateAll()
      const closeWss = (wss: WebSocketServer) => new Promise<void>((resolve) => wss.close(() => resolve()))
      await Promise.all([closeWss(this.streamWss), closeWss(this.apiWss)])
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
      this.server.closeAllConnections()
      await closed
      this.events.complete()
    })()
    return this.closing
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const ip = req.socket.remoteAddress ?? ''
    if (url.pathname === '/ws-api/v3') {
      this.apiWss.handleUpgrade(req, socket, head, (ws) => this.wsApi.connect(ws, ip))
      return
    }
    let streams: string[] | undefined
    let combined = false
    if (url.pathname === '/ws' || url.pathname.startsWith('/ws/')) {
      streams = url.pathname
        .slice('/ws/'.length)
        .split('/')
        .filter((s) => s !== '')
    } else if (url.pathname === '/stream') {
      combined = true
      streams = (url.searchParams.get('streams') ?? '').split('/').filter((s) => s !== '')
    }
    const refused = streams === undefined ? 'Not found' : this.streams.refuse(streams)
    if (streams === undefined || refused !== undefined) {
      const body = JSON.stringify({ code: 2, msg: refused ?? 'Not found' })
      socket.end(
        `HTTP/1.1 ${streams === undefined ? 404 : 400} Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      )
      return
    }
    const names = streams
    this.streamWss.handleUpgrade(req, socket, head, (ws) => this.streams.connect(ws, names, combined))
  }

  private run<T>(work: () => T): T {
    this.runDepth++
    try {
      return work()
    } finally {
      if (--this.runDepth === 0) this.flush()
    }
  }

  /** Publishes what the last piece of work changed: market streams, then user data. */
  private flush(): void {
    const now = this.clock.now()
    for (const m of [...this.dirty]) {
      this.dirty.delete(m)
      const trades = this.pendingTrades.get(m.instrument.symbol)
      if (trades !== undefined) {
        this.pendingTrades.delete(m.instrument.symbol)
        this.streams.trades(m, trades, now)
      }
      const depth = this.depthOf(m)
      const diff = depth.take()
      if (diff !== undefined) {
        if (this.faults.depthHeld) this.heldDepth.push([m, diff])
        else this.streams.depth(m, diff, now)
      }
      this.streams.top(m, depth.updateId)
    }
    const user = this.pendingUser
    this.pendingUser = []
    for (const event of user) this.wsApi.userEvent(event)
    if (this.pendingBalances.size > 0) {
      const B = [...this.pendingBalances.values()].map((b) => ({
        a: b.asset,
        f: eight(b.free),
        l: eight(b.locked),
      }))
      this.pendingBalances.clear()
      this.wsApi.userEvent({ e: 'outboundAccountPosition', E: now, u: now, B })
    }
  }

  private depthOf(m: BinanceMarket): DepthBook {
    let d = this.depths.get(m)
    if (d === undefined) {
      // Update ids start high and differ per market, like a venue's long-running counters.
      const first = 1_000_000 + (deriveSeed(this.options.seed, m.venueSymbol) % 9_000_000)
      d = new DepthBook(() => this.exchange.book(m.instrument.symbol), first)
      this.depths.set(m, d)
    }
    return d
  }

  private findOrder(ref: BinanceOrderRef) {
    const m = this.marketOf(ref.symbol)
    const r =
      ref.orderId !== undefined
        ? this.orders.byId(ref.orderId)
        : ref.clientOrderId !== undefined
          ? this.orders.byClientId(m, ref.clientOrderId)
          : undefined
    return r?.market === m ? r : undefined
  }

  private marketOf(symbol: UnifiedSymbol): BinanceMarket {
    const m = this.options.markets.get(symbol)
    if (m === undefined) {
      throw new VenueError({ kind: 'invalid-request', venue: 'binance', message: `unknown symbol ${symbol}` })
    }
    return m
  }

  private open(): void {
    if (this.closing !== undefined) {
      throw new VenueError({
        kind: 'invalid-request',
        venue: 'binance',
        message: 'the Binance simulator is closed',
      })
    }
  }
}
