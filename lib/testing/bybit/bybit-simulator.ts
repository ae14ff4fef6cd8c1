/**
 * A loopback Bybit v5 spot venue: one HTTP server answers the REST API and upgrades `/v5/public/spot`
 * and `/v5/private` to WebSockets, over the shared engine, with Bybit's shapes, codes and limits.
 */
import { toDecimal, type DecimalLike } from '../../core/decimal.js'
import type { Fill, Order, Side, UnifiedSymbol } from '../../core/model.js'
import { coinValue } from '../kit/coin-value.js'
import type { SimFaultHooks } from '../kit/faults.js'
import { Outbox } from '../kit/outbox.js'
import type { UpgradeAnswer } from '../kit/server.js'
import { VenueSimulator, type ClientReach } from '../kit/venue-simulator.js'
import type { BybitContext, BybitSimEvent } from './context.js'
import { BybitFaults } from './faults.js'
import { bybitRest } from './http.js'
import { KLINE_INTERVALS } from './market-data.js'
import {
  resolveBybitOptions,
  type BybitMarket,
  type BybitSimulatorOptions,
  type ResolvedBybitOptions,
} from './options.js'
import { objectParams } from '../kit/params.js'
import type { VenueRest } from '../kit/rest-api.js'
import { BybitOrders, restOrder, socketExecution, socketOrder } from './orders.js'
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
export interface BybitClientOptions extends ClientReach {
  /** `ws://127.0.0.1:<port>/v5/public/spot` */
  readonly wsUrl: string
  /** `ws://127.0.0.1:<port>/v5/private` */
  readonly privateWsUrl: string
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

const PUBLIC_PATH = '/v5/public/spot'
const PRIVATE_PATH = '/v5/private'

/**
 * One simulated Bybit venue. Start it with {@link startSimulator} (or {@link BybitSimulator.start}).
 * `book(symbol).sequence` is the market's cross sequence (`seq` of the book messages).
 *
 * @example
 * const bybit = await BybitSimulator.start({ seed: 42, tickMs: 'manual' }) // moves only when stepped
 * const client = createClient({ venues: { bybit: bybit.clientOptions() } })
 * await bybit.subscribed('orderbook.50.BTCUSDT')   // the client's book stream is live
 * bybit.step(100)                                   // 100 random book changes, published now
 * expect(latestBook.bids).to.deep.equal(bybit.book('BTC/USDT', 50).bids)
 * await bybit.close()
 */
export class BybitSimulator extends VenueSimulator<
  'bybit',
  BybitSimEvent,
  BybitFaults,
  ResolvedBybitOptions
> {
  /** The venue this simulator module starts, as {@link startSimulator} lists it. */
  static readonly id = 'bybit'

  private readonly orders: BybitOrders
  private readonly ctx: BybitContext
  private readonly publicSocket: PublicSocket
  private readonly privateSocket: PrivateSocket
  protected readonly rest: VenueRest
  protected override readonly intervals = KLINE_INTERVALS
  private readonly crossSeq = new Map<UnifiedSymbol, number>()
  private readonly outbox = new Outbox<'order' | 'execution'>()

  private constructor(options: BybitSimulatorOptions) {
    const opts = resolveBybitOptions(options)
    super('bybit', opts, { seed: opts.seed, postOnlyTaking: 'cancel' })
    // candles, live and history, are made of each market's own trades
    for (const m of opts.markets.values()) this.exchange.follow(m.instrument.symbol, m.series)
    const base = this.context()
    const fees = { maker: opts.makerFee, taker: opts.takerFee }
    this.orders = new BybitOrders(base, fees, (s) => this.crossSeq.get(s) ?? 0)
    this.ctx = {
      ...base,
      orders: this.orders,
      market: (symbol) => {
        const m = typeof symbol === 'string' ? opts.byVenueSymbol.get(symbol) : undefined
        if (symbol === undefined || symbol === '') throw reject('params', 'symbol is required')
        if (m === undefined) throw reject('params', `symbol ${String(symbol)} is not listed`)
        return m
      },
      bookUpdateId: (m) => this.publicSocket.updateId(m, 50),
      crossSequence: (m) => this.crossSeq.get(m.instrument.symbol) ?? 0,
      usd: coinValue(this.exchange, opts.markets, { stable: ['USDT', 'USDC', 'USD'], quote: 'USDT' }),
    }
    for (const m of opts.markets.values())
      this.crossSeq.set(m.instrument.symbol, 1_000_000_000 + ((opts.seed >>> 0) % 1000))
    this.publicSocket = new PublicSocket(this.ctx)
    this.privateSocket = new PrivateSocket(this.ctx)
    this.rest = bybitRest(this.ctx)
  }

  /**
   * Starts a simulator listening on `options.host` (127.0.0.1) and a free port.
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: BybitSimulatorOptions = {}): Promise<BybitSimulator> {
    return new BybitSimulator(options).listen()
  }

  /** The public spot stream: `ws://127.0.0.1:<port>/v5/public/spot`. */
  get wsUrl(): string {
    return this.wsUrlAt(PUBLIC_PATH)
  }

  /** The private stream: `ws://127.0.0.1:<port>/v5/private`. */
  get privateWsUrl(): string {
    return this.wsUrlAt(PRIVATE_PATH)
  }

  /** What a client's `venues.bybit` options need to reach this simulator. */
  override clientOptions(): BybitClientOptions {
    return this.reach({ wsUrl: this.wsUrl, privateWsUrl: this.privateWsUrl })
  }

  /** `u` of a book stream (`orderbook.{depth}.{symbol}`) as last published. */
  bookUpdateId(symbol: UnifiedSymbol, depth: 1 | 50 | 200 | 1000 = 50): number {
    return this.publicSocket.updateId(this.marketOf(symbol), depth)
  }

  /** An order of the account as `/v5/order/realtime` would list it, or `undefined`. */
  order(ref: BybitOrderRef): Record<string, unknown> | undefined {
    const record = this.orders.named({ orderId: ref.orderId, clientId: ref.orderLinkId })
    return record === undefined ? undefined : restOrder(record)
  }

  /**
   * Every order of the account, oldest first, as `/v5/order/realtime` and `/v5/order/history` list
   * them (of `symbol`, when given): the whole journal, open and finished, which no single request lists.
   */
  allOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    const m = symbol === undefined ? undefined : this.marketOf(symbol)
    return this.orders
      .all()
      .filter((r) => m === undefined || r.market === m)
      .map(restOrder)
  }

  /** Open orders of the account, oldest first, as `/v5/order/realtime` lists them. */
  openOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    return this.orders.openOrders(symbol === undefined ? undefined : this.marketOf(symbol)).map(restOrder)
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
    return createOrder(this.ctx, objectParams(body))
  }

  /**
   * Makes the market fill `qty` (default: all that is left) of a resting order of the account now: a
   * taker trades through everything ahead of it in price-time priority, then into it.
   *
   * @throws VenueError `not-found` (170213) when the order is not resting.
   */
  fillOrder(ref: BybitOrderRef, qty?: DecimalLike): void {
    this.open()
    const r = this.orders.named({ orderId: ref.orderId, clientId: ref.orderLinkId })
    this.fillResting(r, r?.price, r?.qty, qty, () => reject('notExist'))
  }

  /** Open WebSocket connections. */
  connections(): { readonly public: number; readonly private: number } {
    return { public: this.publicSocket.feed.size, private: this.privateSocket.size }
  }

  /**
   * Resolves once some connection has subscribed to `topic` (a public topic, or a private one after
   * `auth`); at once if one already has.
   */
  subscribed(topic: string): Promise<void> {
    return this.when(
      this.publicSocket.feed.has(topic) || this.privateSocket.has(topic),
      (e) => e.type === 'subscribed' && e.topics.includes(topic),
    )
  }

  protected override createFaults(hooks: SimFaultHooks): BybitFaults {
    return new BybitFaults(hooks)
  }

  protected override upgrade(url: URL): UpgradeAnswer | undefined {
    if (url.pathname === PUBLIC_PATH) return (ws) => this.publicSocket.feed.connect(ws)
    if (url.pathname === PRIVATE_PATH) return (ws) => this.privateSocket.connect(ws)
    return undefined
  }

  protected override watchedMarkets(): BybitMarket[] {
    return this.publicSocket.feed.watchedMarkets()
  }

  protected override bookSequence(m: BybitMarket): number | undefined {
    return this.crossSeq.get(m.instrument.symbol)
  }

  protected override skipUpdateId(): void {
    this.publicSocket.gap()
  }

  protected override stepped(markets: readonly BybitMarket[]): void {
    for (const m of markets) this.publicSocket.klines(m)
  }

  protected override onOrder(o: Order): void {
    const change = this.orders.update(o)
    if (change !== undefined) this.outbox.add('order', socketOrder(change.entry))
  }

  protected override onFill(f: Fill): void {
    const exec = this.orders.fill(f)
    if (exec !== undefined) this.outbox.add('execution', socketExecution(exec))
  }

  /** @internal Bybit publishes a market's change at once: its cross sequence moves, then trades and book. */
  protected override onChanged(symbol: UnifiedSymbol): void {
    const m = this.marketOf(symbol)
    this.crossSeq.set(symbol, (this.crossSeq.get(symbol) ?? 0) + 1)
    this.publicSocket.trades(m, this.takeTrades(symbol))
    this.publicSocket.changed(m)
  }

  protected override flush(): void {
    this.privateSocket.push('order', this.outbox.take('order'))
    this.privateSocket.push('execution', this.outbox.take('execution'))
    if (this.takeBalances().length > 0)
      this.privateSocket.push('wallet', [walletAccount(this.exchange.balances(), this.ctx.usd, true)])
  }
}
