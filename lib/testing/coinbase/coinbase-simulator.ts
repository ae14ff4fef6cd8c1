/**
 * `CoinbaseSimulator`: a loopback Coinbase Advanced Trade venue. One HTTP server on 127.0.0.1 answers
 * the public and private REST API, upgrades `/` to the market socket and `/user` to the user socket,
 * over the shared matching engine, with Coinbase's shapes, JWTs, limits and faults.
 */
import type { DecimalLike } from '../../core/decimal.js'
import type { Fill, Order, UnifiedSymbol } from '../../core/model.js'
import { SimFaults, type SimFaultHooks } from '../kit/faults.js'
import type { VenueRest } from '../kit/rest-api.js'
import type { UpgradeAnswer } from '../kit/server.js'
import type { SimMarket } from '../kit/options.js'
import { VenueSimulator } from '../kit/venue-simulator.js'
import { CoinbaseOrders, expireDue, type CoinbaseTradingContext } from './account-orders.js'
import type { CoinbaseContext, CoinbaseSimEvent } from './context.js'
import { coinbaseRest } from './http.js'
import { GRANULARITIES } from './market-data.js'
import { MarketSocket } from './market-socket.js'
import {
  resolveCoinbaseOptions,
  type CoinbaseMarket,
  type CoinbaseSimulatorOptions,
  type ResolvedCoinbaseOptions,
} from './options.js'
import { restOrder } from './order-views.js'
import { CoinbaseUserFeed } from './user-feed.js'
import { coinbaseError } from './wire.js'

/**
 * What a client needs to reach the simulator: the shape of the client's `venues.coinbase` options.
 *
 * @example
 * const options: CoinbaseClientOptions = coinbase.clientOptions()
 * const client = createClient({ venues: { coinbase: options } })
 */
export interface CoinbaseClientOptions {
  /** `http://127.0.0.1:<port>` */
  readonly restUrl: string
  /** `ws://127.0.0.1:<port>/` */
  readonly wsUrl: string
  /** `ws://127.0.0.1:<port>/user` */
  readonly privateWsUrl: string
  /** The CDP key's name. */
  readonly apiKey: string
  /** The CDP key's EC P-256 private key, PEM. */
  readonly secret: string
}

/**
 * An order of the account, by its client order id, for {@link CoinbaseSimulator.fillOrder}.
 *
 * @example
 * coinbase.fillOrder({ symbol: 'BTC/USD', clientOrderId: 'grid-1' }, '0.001')
 */
export interface CoinbaseOrderRef {
  readonly symbol: UnifiedSymbol
  readonly clientOrderId: string
}

/**
 * The faults of one simulated Coinbase venue, as `sim.venue('coinbase').faults`. `skipUpdateId` makes
 * the next frame of every socket connection skip a `sequence_num` (a frame lost, whatever its channel).
 *
 * @example
 * const faults = sim.venue('coinbase').faults
 * faults.skipUpdateId()          // the next frame of each connection skips a number
 * faults.failNext(1, 429)        // the next REST request answers 429
 * await faults.silence(200)      // nothing is sent for 200 ms; the frames lost take their numbers
 */
export class CoinbaseFaults extends SimFaults {}

const SOCKET_PATH = '/'
const USER_PATH = '/user'

/**
 * One simulated Coinbase Advanced Trade venue. Start it with {@link startSimulator} (or
 * {@link CoinbaseSimulator.start}). `book(symbol).sequence` counts the market's book changes. Orders
 * are taken on the listed markets' own products (`BTC-USD`), not on an alias (`BTC-USDC`).
 *
 * @example
 * const coinbase = await CoinbaseSimulator.start({ seed: 42, tickMs: 'manual' }) // moves only when stepped
 * const client = createClient({ venues: { coinbase: coinbase.clientOptions() } })
 * await coinbase.subscribed('level2:BTC-USD')     // the client's book is live
 * coinbase.step(100)                              // 100 random book changes, published now
 * await coinbase.close()
 */
export class CoinbaseSimulator extends VenueSimulator<
  'coinbase',
  CoinbaseSimEvent,
  CoinbaseFaults,
  ResolvedCoinbaseOptions
> {
  /** The venue this simulator module starts, as {@link startSimulator} lists it. */
  static readonly id = 'coinbase'

  private readonly ctx: CoinbaseContext
  private readonly socket: MarketSocket
  private readonly trading: CoinbaseTradingContext
  private readonly orders: CoinbaseOrders
  private readonly user: CoinbaseUserFeed
  protected readonly rest: VenueRest
  protected override readonly intervals = GRANULARITIES

  private constructor(options: CoinbaseSimulatorOptions) {
    const opts = resolveCoinbaseOptions(options)
    super('coinbase', opts, { seed: opts.seed, postOnlyTaking: 'reject', feeAsset: 'quote' })
    // candles, live and history, are made of each market's own trades
    for (const m of opts.markets.values()) this.exchange.follow(m.instrument.symbol, m.series)
    this.ctx = {
      ...this.context(),
      product: (id) => {
        const product = typeof id === 'string' ? opts.products.get(id) : undefined
        if (product === undefined) throw coinbaseError('notFound', `product ${String(id)} not found`)
        return product
      },
    }
    this.socket = new MarketSocket(this.ctx)
    this.orders = new CoinbaseOrders(this.ctx, opts.seed)
    const markets = new Map<string, SimMarket>([...opts.markets.values()].map((m) => [m.venueSymbol, m]))
    const userId = `sim-user-${opts.seed}`
    this.trading = { ...this.ctx, markets, orders: this.orders, userId }
    // its heartbeats go out with the market socket's (see `heartbeat`)
    this.user = new CoinbaseUserFeed(this.trading, (o) => this.server.hub(o), opts.key, {
      subscribed: (channel, n) =>
        this.emit({ type: 'subscribed', channel: 'user', connId: `user-${n}`, topics: [channel] }),
    })
    this.rest = coinbaseRest(this.ctx, this.trading)
    this.every(opts.heartbeatMs, () => this.heartbeat())
  }

  /**
   * Starts a simulator listening on `options.host` (127.0.0.1) and a free port.
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: CoinbaseSimulatorOptions = {}): Promise<CoinbaseSimulator> {
    return new CoinbaseSimulator(options).listen()
  }

  /** The market socket: `ws://127.0.0.1:<port>/`. */
  get wsUrl(): string {
    return this.wsUrlAt(SOCKET_PATH)
  }

  /** The user socket: `ws://127.0.0.1:<port>/user`. */
  get privateWsUrl(): string {
    return this.wsUrlAt(USER_PATH)
  }

  /** What a client's `venues.coinbase` options need to reach this simulator: URLs and the CDP key. */
  override clientOptions(): CoinbaseClientOptions {
    return this.reach({ wsUrl: this.wsUrl, privateWsUrl: this.privateWsUrl })
  }

  /** Orders of the account, newest first, as `GET /orders/historical/batch` lists them. */
  allOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    return this.orders
      .newestFirst()
      .filter((e) => symbol === undefined || e.market.instrument.symbol === symbol)
      .map((e) => restOrder(this.trading, e))
  }

  /** Open orders of the account, oldest first, as `GET /orders/historical/batch?order_status=OPEN` lists them. */
  openOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    return this.orders
      .openOrders(symbol === undefined ? undefined : this.marketOf(symbol))
      .map((e) => restOrder(this.trading, e))
  }

  /**
   * Makes the market fill `qty` (default: all that is left) of a resting order of the account now.
   *
   * @throws VenueError `not-found` when the order is not resting.
   */
  fillOrder(ref: CoinbaseOrderRef, qty?: DecimalLike): void {
    this.open()
    const e = this.orders.byClientId(ref.clientOrderId, this.marketOf(ref.symbol))
    const notResting = () => coinbaseError('notFound', `order ${ref.clientOrderId} is not resting`)
    this.fillResting(e, e?.limitPrice, e?.baseSize, qty, notResting)
  }

  /** Resolves once some connection has subscribed to the `user` channel; at once if one already has. */
  privateSubscribed(): Promise<void> {
    return this.when(
      this.user.has('user'),
      (e) => e.type === 'subscribed' && e.channel === 'user' && e.topics.includes('user'),
    )
  }

  override advanceClock(ms: number): void {
    super.advanceClock(ms)
    // a GTD order runs out as time passes, not only when the next request looks
    this.run(() => expireDue(this.trading))
  }

  /**
   * `sequence_num` of the last `level2` frame of a market (on whichever connection it went): what a
   * client's view of the book carries once it has caught up.
   */
  bookUpdateId(symbol: UnifiedSymbol): number {
    return this.socket.bookFrame(this.marketOf(symbol))
  }

  /** How many changes of a market's book were published, watched or not: it grows with every one. */
  bookMoves(symbol: UnifiedSymbol): number {
    return this.socket.bookMoves(this.marketOf(symbol))
  }

  /** A heartbeat now to every connection that subscribed `heartbeats` (with `heartbeatMs: 'manual'`, the only ones). */
  heartbeat(): void {
    this.open()
    this.socket.heartbeat()
    this.user.beat()
  }

  /** Open socket connections. */
  connections(): number {
    return this.socket.feed.size
  }

  /**
   * Resolves once some connection has subscribed to `topic` (`level2:BTC-USD`, `heartbeats`); at once
   * if one already has.
   */
  subscribed(topic: string): Promise<void> {
    return this.when(this.socket.holds(topic), (e) => e.type === 'subscribed' && e.topics.includes(topic))
  }

  override async close(): Promise<void> {
    this.user.close()
    return super.close()
  }

  protected override createFaults(hooks: SimFaultHooks): CoinbaseFaults {
    return new CoinbaseFaults(hooks)
  }

  protected override upgrade(url: URL): UpgradeAnswer | undefined {
    if (url.pathname === USER_PATH) return (ws) => this.user.connect(ws)
    return url.pathname === SOCKET_PATH ? (ws) => this.socket.feed.connect(ws) : undefined
  }

  protected override watchedMarkets(): CoinbaseMarket[] {
    return this.socket.feed.watchedMarkets()
  }

  protected override bookSequence(m: CoinbaseMarket): number | undefined {
    return this.socket.bookMoves(m)
  }

  protected override skipUpdateId(): void {
    this.socket.gap()
  }

  protected override stepped(markets: readonly CoinbaseMarket[]): void {
    for (const m of markets) this.socket.candles(m)
  }

  /** @internal Coinbase publishes a market's change at once: its trades, then its book and ticker. */
  protected override onChanged(symbol: UnifiedSymbol): void {
    const m = this.marketOf(symbol)
    this.socket.trades(m, this.takeTrades(symbol))
    this.socket.changed(m)
  }

  /** @internal An order of the account changed: its new state goes out on the `user` channel at once. */
  protected override onOrder(order: Order): void {
    this.user.changed(this.orders.update(order)?.entry)
  }

  /** @internal */
  protected override onFill(fill: Fill): void {
    this.orders.fill(fill)
  }

  /** @internal The `user` channel pushes each change as it comes (see `onOrder`). */
  protected override flush(): void {}
}
