/**
 * `BybitSimulator`: a loopback Bybit v5 spot venue. One HTTP server on 127.0.0.1 answers the REST
 * API and upgrades `/v5/public/spot` and `/v5/private` to WebSockets, all over the shared matching
 * engine, with Bybit's shapes, codes, signatures, limits and faults.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { filter, firstValueFrom, Subject, type Observable } from 'rxjs'
import { WebSocketServer } from 'ws'
import { Decimal, toDecimal, type DecimalLike } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Balance, OrderBook, Side, Trade, UnifiedSymbol } from '../../core/model.js'
import { opposite } from '../../sim/book.js'
import { SimClock } from '../kit/clock.js'
import type { SeriesCandle } from '../../sim/candle-series.js'
import { Exchange } from '../../sim/exchange.js'
import type { BookStep } from '../../sim/step.js'
import type { BybitContext, BybitSimEvent } from './context.js'
import { BybitFaults } from './faults.js'
import { BybitHttp } from './http.js'
import { klineInterval } from './market-data.js'
import {
  resolveBybitOptions,
  type BybitMarket,
  type BybitSimulatorOptions,
  type ResolvedBybitOptions,
} from './options.js'
import { BybitOrders, isOpenRecord, restOrder, socketExecution, socketOrder } from './orders.js'
import { bodyParams } from './params.js'
import { PrivateSocket } from './private-socket.js'
import { PublicSocket } from './public-socket.js'
import { createOrder, type OrderAck } from './trading.js'
import { walletAccount } from './wallet.js'
import { reject } from './wire.js'

/**
 * What a client needs to reach the simulator: the shape of the client's `venues.bybit` options.
 *
 * @example
 * const options: BybitClientOptions = bybit.clientOptions()
 * const client = createClient({ venues: { bybit: { ...options, recvWindowMs: 10_000 } } })
 */
export interface BybitClientOptions {
  /** `http://127.0.0.1:<port>` */
  readonly restUrl: string
  /** `ws://127.0.0.1:<port>/v5/public/spot` */
  readonly wsUrl: string
  /** `ws://127.0.0.1:<port>/v5/private` */
  readonly privateWsUrl: string
  readonly apiKey: string
  readonly secret: string
}

/**
 * A resting limit order placed by a test, as if through `POST /v5/order/create`: sets up an account
 * state (an order to cancel, to be filled) without going through the client under test.
 *
 * @example
 * const { orderId } = bybit.placeResting({ symbol: 'BTC/USDT', side: 'buy', price: '60000', qty: '0.01', orderLinkId: 'grid-1' })
 */
export interface RestingOrderRequest {
  readonly symbol: UnifiedSymbol
  readonly side: Side
  readonly price: DecimalLike
  readonly qty: DecimalLike
  readonly orderLinkId?: string | undefined
  /** Default `GTC`. */
  readonly timeInForce?: 'GTC' | 'PostOnly' | undefined
}

/**
 * A trade by the rest of the market: a taker of `qty` on `side` walking the book, up to `price` if given.
 *
 * @example
 * bybit.trade({ symbol: 'BTC/USDT', side: 'sell', qty: '0.5' }) // hits the bids; the client sees a trade and a book change
 */
export interface MarketTrade {
  readonly symbol: UnifiedSymbol
  /** The taker's side: `sell` hits bids, `buy` lifts asks. */
  readonly side: Side
  readonly qty: DecimalLike
  readonly price?: DecimalLike | undefined
}

/**
 * An order of the account, by Bybit id (`orderId`) or client id (`orderLinkId`).
 *
 * @example
 * bybit.fillOrder({ orderLinkId: 'grid-1' }, '0.004') // a partial fill
 * bybit.order({ orderLinkId: 'grid-1' })?.orderStatus  // 'PartiallyFilled'
 */
export interface BybitOrderRef {
  readonly orderId?: string | undefined
  readonly orderLinkId?: string | undefined
}

const STABLE = new Set(['USDT', 'USDC', 'USD'])

/**
 * One simulated Bybit venue. Start it with {@link startSimulator} (or {@link BybitSimulator.start}).
 *
 * @example
 * const bybit = await BybitSimulator.start({ seed: 42, tickMs: 'manual' }) // moves only when stepped
 * const client = createClient({ venues: { bybit: bybit.clientOptions() } })
 * await bybit.subscribed('orderbook.50.BTCUSDT')   // the client's book stream is live
 * bybit.step(100)                                   // 100 random book changes, published now
 * expect(latestBook.bids).to.deep.equal(bybit.book('BTC/USDT', 50).bids)
 * await bybit.close()
 */
export class BybitSimulator {
  readonly id = 'bybit' as const
  /** Fault injection. */
  readonly faults: BybitFaults
  /** What happened: connections, subscriptions, auth, requests. Completes on close. */
  readonly events$: Observable<BybitSimEvent>

  private readonly options: ResolvedBybitOptions
  private readonly clock = new SimClock()
  private readonly events = new Subject<BybitSimEvent>()
  private readonly exchange: Exchange
  private readonly orders: BybitOrders
  private readonly ctx: BybitContext
  private readonly publicSocket: PublicSocket
  private readonly privateSocket: PrivateSocket
  private readonly http: BybitHttp
  private readonly server: Server
  private readonly publicWss = new WebSocketServer({ noServer: true, autoPong: false })
  private readonly privateWss = new WebSocketServer({ noServer: true, autoPong: false })
  private readonly crossSeq = new Map<UnifiedSymbol, number>()
  private readonly lastTrade = new Map<UnifiedSymbol, Decimal>()
  private readonly pendingTrades = new Map<UnifiedSymbol, Trade[]>()
  private pendingOrders: unknown[] = []
  private pendingExecs: unknown[] = []
  private walletMoved = false
  private ticker: ReturnType<typeof setInterval> | undefined
  private port = 0
  private closing: Promise<void> | undefined

  private constructor(options: BybitSimulatorOptions) {
    this.options = resolveBybitOptions(options)
    const opts = this.options
    this.events$ = this.events.asObservable()
    this.orders = new BybitOrders(opts.makerFee, opts.takerFee)
    this.exchange = new Exchange(
      {
        id: 'bybit',
        seed: opts.seed,
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
        postOnlyTaking: 'cancel',
      },
      {
        trade: (t) => {
          this.lastTrade.set(t.symbol, t.price)
          let list = this.pendingTrades.get(t.symbol)
          if (list === undefined) this.pendingTrades.set(t.symbol, (list = []))
          list.push(t)
        },
        order: (o) => {
          const record = this.orders.update(o)
          if (record !== undefined) this.pendingOrders.push(socketOrder(record))
        },
        fill: (f) => {
          const exec = this.orders.fill(f, this.crossSeq.get(f.symbol) ?? 0)
          if (exec !== undefined) this.pendingExecs.push(socketExecution(exec))
        },
        balance: () => {
          this.walletMoved = true
        },
        changed: (symbol) => this.marketChanged(symbol),
      },
    )
    this.faults = new BybitFaults({
      dropSockets: () => {
        this.publicSocket.terminateAll()
        this.privateSocket.terminateAll()
        this.server.closeIdleConnections()
      },
      skipUpdateId: () => this.publicSocket.gap(),
      shiftClock: (ms) => this.clock.advance(ms),
      silenceEnded: () => this.events.next({ type: 'silence-ended' }),
    })
    this.ctx = {
      options: opts,
      exchange: this.exchange,
      clock: this.clock,
      orders: this.orders,
      faults: this.faults,
      run: (work) => this.run(work),
      market: (symbol) => {
        const m = typeof symbol === 'string' ? opts.byVenueSymbol.get(symbol) : undefined
        if (symbol === undefined || symbol === '') throw reject('params', 'symbol is required')
        if (m === undefined) throw reject('params', `symbol ${String(symbol)} is not listed`)
        return m
      },
      bookUpdateId: (m) => this.publicSocket.updateId(m, 50),
      crossSequence: (m) => this.crossSeq.get(m.instrument.symbol) ?? 0,
      lastPrice: (m) => this.lastTrade.get(m.instrument.symbol),
      usd: (coin) => this.usdPrice(coin),
      emit: (event) => this.events.next(event),
    }
    for (const m of opts.markets.values())
      this.crossSeq.set(m.instrument.symbol, 1_000_000_000 + ((opts.seed >>> 0) % 1000))
    this.publicSocket = new PublicSocket(this.ctx)
    this.privateSocket = new PrivateSocket(this.ctx)
    this.http = new BybitHttp(this.ctx)
    this.server = createServer((req, res) => this.http.handle(req, res))
    this.server.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '').split('?')[0]
      const wss =
        path === '/v5/public/spot' ? this.publicWss : path === '/v5/private' ? this.privateWss : undefined
      if (wss === undefined || this.closing !== undefined) {
        socket.destroy()
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    })
    this.publicWss.on('connection', (ws) => this.publicSocket.connect(ws))
    this.privateWss.on('connection', (ws) => this.privateSocket.connect(ws))
  }

  /**
   * Starts a simulator listening on `options.host` (127.0.0.1) and a free port.
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: BybitSimulatorOptions = {}): Promise<BybitSimulator> {
    const sim = new BybitSimulator(options)
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject)
      sim.server.listen(sim.options.port, sim.options.host, () => {
        sim.server.off('error', reject)
        resolve()
      })
    })
    sim.port = (sim.server.address() as AddressInfo).port
    const tickMs = sim.options.tickMs
    if (tickMs !== undefined) {
      const all = [...sim.options.markets.values()]
      sim.ticker = setInterval(() => sim.advance(1, all), tickMs)
    }
    return sim
  }

  /** Where the REST API is: `http://127.0.0.1:<port>`. */
  get restUrl(): string {
    return `http://${this.options.host}:${this.port}`
  }

  /** The public spot stream: `ws://127.0.0.1:<port>/v5/public/spot`. */
  get wsUrl(): string {
    return `ws://${this.options.host}:${this.port}/v5/public/spot`
  }

  /** The private stream: `ws://127.0.0.1:<port>/v5/private`. */
  get privateWsUrl(): string {
    return `ws://${this.options.host}:${this.port}/v5/private`
  }

  /** The account's API key. */
  get apiKey(): string {
    return this.options.apiKey
  }

  /** The account's HMAC secret. */
  get secret(): string {
    return this.options.secret
  }

  /** What a client's `venues.bybit` options need to reach this simulator. */
  clientOptions(): BybitClientOptions {
    return {
      restUrl: this.restUrl,
      wsUrl: this.wsUrl,
      privateWsUrl: this.privateWsUrl,
      apiKey: this.apiKey,
      secret: this.secret,
    }
  }

  /**
   * The simulator's own book now, exact: best first, resting user orders included, at most `depth`
   * levels a side. `sequence` is the market's cross sequence (`seq` of the book messages).
   */
  book(symbol: UnifiedSymbol, depth = Infinity): OrderBook {
    const m = this.marketOf(symbol)
    const { bids, asks } = this.exchange.book(m.instrument.symbol, depth)
    const at = this.clock.now()
    return {
      venue: 'bybit',
      symbol: m.instrument.symbol,
      bids,
      asks,
      sequence: this.crossSeq.get(m.instrument.symbol),
      timestamp: new Date(at),
      rawTimestamp: at,
    }
  }

  /** `u` of a book stream (`orderbook.{depth}.{symbol}`) as last published. */
  bookUpdateId(symbol: UnifiedSymbol, depth: 1 | 50 | 200 | 1000 = 50): number {
    return this.publicSocket.updateId(this.marketOf(symbol), depth)
  }

  /** One coin of the account now, exact. */
  balance(coin: string): Balance {
    return this.exchange.balance(coin)
  }

  /** Every coin the account holds or has held. */
  balances(): Balance[] {
    return this.exchange.balances()
  }

  /** An order of the account as `/v5/order/realtime` would list it, or `undefined`. */
  order(ref: BybitOrderRef): Record<string, unknown> | undefined {
    const record = this.orders.find(ref)
    return record === undefined || record.orderId === '' ? undefined : restOrder(record)
  }

  /**
   * Moves markets now: `n` random changes of `symbol`, or of every symbol a public topic is
   * subscribed to. Each change that alters a book stream's visible levels publishes one message on it.
   */
  step(n = 1, symbol?: UnifiedSymbol): void {
    this.open()
    this.advance(
      n,
      symbol !== undefined
        ? [this.marketOf(symbol)]
        : this.publicSocket.watchedMarkets().map((s) => this.marketOf(s)),
    )
  }

  private advance(n: number, markets: readonly BybitMarket[]): void {
    for (let i = 0; i < n; i++) {
      for (const m of markets) this.run(() => this.exchange.step(m.instrument.symbol))
    }
    for (const m of markets) this.publicSocket.klines(m)
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

  /**
   * Places a resting limit order for the account as `POST /v5/order/create` would, with its checks
   * and private pushes, without HTTP or signing.
   *
   * @throws VenueError with Bybit's `code` (`170131`, `170140`, ...) when Bybit would refuse it.
   */
  placeResting(request: RestingOrderRequest): OrderAck {
    this.open()
    const m = this.marketOf(request.symbol)
    const body = {
      category: 'spot',
      symbol: m.venueSymbol,
      side: request.side === 'buy' ? 'Buy' : 'Sell',
      orderType: 'Limit',
      qty: toDecimal(request.qty).toFixed(),
      price: toDecimal(request.price).toFixed(),
      timeInForce: request.timeInForce ?? 'GTC',
      ...(request.orderLinkId === undefined ? {} : { orderLinkId: request.orderLinkId }),
    }
    return createOrder(this.ctx, bodyParams(JSON.stringify(body)))
  }

  /** A taker from the rest of the market walks the book now, resting orders of the account included. */
  trade(trade: MarketTrade): void {
    this.push(trade.symbol, {
      trades: [{ side: trade.side, size: trade.qty, price: trade.price }],
    })
  }

  /**
   * Makes the market fill `qty` (default: all that is left) of a resting order of the account now: a
   * taker trades through everything ahead of it in price-time priority, then into it.
   *
   * @throws VenueError `not-found` (170213) when the order is not resting.
   */
  fillOrder(ref: BybitOrderRef, qty?: DecimalLike): void {
    this.open()
    const record = this.orders.find(ref)
    if (record === undefined || !isOpenRecord(record) || record.price === undefined) throw reject('notExist')
    const symbol = record.market.instrument.symbol
    const ahead = this.exchange.queueAhead({ symbol, id: record.engineId })
    if (ahead === undefined) throw reject('notExist')
    const left = record.qty.minus(record.cumExecQty)
    const size = qty === undefined ? left : Decimal.min(left, toDecimal(qty))
    this.push(symbol, {
      trades: [{ side: opposite(record.side), size: ahead.plus(size), price: record.price }],
    })
  }

  /**
   * A candle of the seeded history as it stands now (`interval` in Bybit's names: `1`, `60`, `D`, ...),
   * or `undefined` before it opens.
   */
  candle(symbol: UnifiedSymbol, interval: string, openTime: number): SeriesCandle | undefined {
    return this.marketOf(symbol).series.candle(klineInterval(interval), openTime, this.clock.now())
  }

  /** The simulator's time, ms. */
  now(): number {
    return this.clock.now()
  }

  /** Sets the simulator's time: frozen there unless `running`. Signatures and rate limits use it. */
  setClock(ms: number, options: { readonly running?: boolean | undefined } = {}): void {
    this.clock.set(ms, options)
  }

  /** Moves the simulator's time by `ms`. */
  advanceClock(ms: number): void {
    this.clock.advance(ms)
  }

  /** Open WebSocket connections. */
  connections(): { readonly public: number; readonly private: number } {
    return { public: this.publicSocket.size, private: this.privateSocket.size }
  }

  /**
   * Resolves once some connection has subscribed to `topic` (a public topic, or a private one after
   * `auth`); at once if one already has.
   */
  subscribed(topic: string): Promise<void> {
    if (this.publicSocket.has(topic) || this.privateSocket.has(topic)) return Promise.resolve()
    return firstValueFrom(
      this.events$.pipe(filter((e) => e.type === 'subscribed' && e.topics.includes(topic))),
    ).then(() => undefined)
  }

  /** Stops everything; resolves once the server is closed and every socket and timer is gone. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.ticker !== undefined) clearInterval(this.ticker)
      this.faults.dispose()
      this.http.dispose()
      this.publicSocket.terminateAll()
      this.privateSocket.terminateAll()
      const closeWss = (wss: WebSocketServer) => new Promise<void>((resolve) => wss.close(() => resolve()))
      await Promise.all([closeWss(this.publicWss), closeWss(this.privateWss)])
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
      this.server.closeAllConnections()
      await closed
      this.events.complete()
    })()
    return this.closing
  }

  private run<T>(work: () => T): T {
    try {
      return work()
    } finally {
      this.flushPrivate()
    }
  }

  private marketChanged(symbol: UnifiedSymbol): void {
    const m = this.marketOf(symbol)
    this.crossSeq.set(symbol, (this.crossSeq.get(symbol) ?? 0) + 1)
    const trades = this.pendingTrades.get(symbol)
    if (trades !== undefined) {
      this.pendingTrades.delete(symbol)
      this.publicSocket.trades(m, trades)
    }
    this.publicSocket.changed(m)
  }

  private flushPrivate(): void {
    const orders = this.pendingOrders
    const execs = this.pendingExecs
    this.pendingOrders = []
    this.pendingExecs = []
    this.privateSocket.push('order', orders)
    this.privateSocket.push('execution', execs)
    if (this.walletMoved) {
      this.walletMoved = false
      this.privateSocket.push('wallet', [walletAccount(this.exchange.balances(), this.ctx.usd, true)])
    }
  }

  private usdPrice(coin: string): Decimal | undefined {
    if (STABLE.has(coin)) return new Decimal(1)
    const m = this.options.markets.get(`${coin}/USDT`)
    if (m === undefined) return undefined
    const { bids, asks } = this.exchange.book(m.instrument.symbol, 1)
    const bid = bids[0]?.price
    const ask = asks[0]?.price
    if (bid !== undefined && ask !== undefined) return bid.plus(ask).div(2)
    return this.lastTrade.get(m.instrument.symbol) ?? m.config.startPrice
  }

  private marketOf(symbol: UnifiedSymbol): BybitMarket {
    const m = this.options.markets.get(symbol)
    if (m === undefined) {
      throw new VenueError({ kind: 'invalid-request', venue: 'bybit', message: `unknown symbol ${symbol}` })
    }
    return m
  }

  private open(): void {
    if (this.closing !== undefined) {
      throw new VenueError({
        kind: 'invalid-request',
        venue: 'bybit',
        message: 'the Bybit simulator is closed',
      })
    }
  }
}
