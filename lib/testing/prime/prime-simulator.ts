/**
 * `PrimeSimulator`: a loopback Coinbase Prime venue. One HTTP server on 127.0.0.1 answers the REST API
 * under the portfolio and upgrades `/` to the WebSocket feed, over the shared matching engine, with
 * Prime's shapes, signatures, limits, quotes and faults.
 */
import type { DecimalLike } from '../../core/decimal.js'
import type { Fill, Order, UnifiedSymbol } from '../../core/model.js'
import type { SeriesInterval } from '../../sim/candle-series.js'
import { SimFaults, type SimFaultHooks } from '../kit/faults.js'
import type { VenueRest } from '../kit/rest-api.js'
import type { UpgradeAnswer } from '../kit/server.js'
import { VenueSimulator } from '../kit/venue-simulator.js'
import type { PrimeContext, PrimeSimEvent } from './context.js'
import { PrimeFeed } from './feed.js'
import { primeRest, type PrimeRestContext } from './http.js'
import { expireDue, PrimeOrders, restOrder } from './orders.js'
import {
  resolvePrimeOptions,
  type PrimeMarket,
  type PrimeSimulatorOptions,
  type ResolvedPrimeOptions,
} from './options.js'
import { RfqDesk } from './rfq.js'
import { primeError } from './wire.js'

/**
 * What a client needs to reach the simulator: the shape of the client's `venues.prime` options.
 *
 * @example
 * const client = createClient({ venues: { prime: prime.clientOptions() } })
 */
export interface PrimeClientOptions {
  readonly restUrl: string
  readonly wsUrl: string
  readonly apiKey: string
  readonly secret: string
  readonly passphrase: string
  readonly serviceAccountId: string
}

/**
 * The faults of one simulated Prime venue. `skipUpdateId` makes the next frame of every connection
 * skip a `sequence_num`; `loseNextResponse` loses the answer of the next create or accept.
 *
 * @example
 * sim.venue('prime').faults.failNext(1, 429)
 */
export class PrimeFaults extends SimFaults {}

const SOCKET_PATH = '/'

/**
 * One simulated Coinbase Prime venue. Start it with {@link startSimulator} (or
 * {@link PrimeSimulator.start}).
 *
 * @example
 * const prime = await PrimeSimulator.start({ seed: 42, tickMs: 'manual' })
 * const client = createClient({ venues: { prime: prime.clientOptions() } })
 * await prime.subscribed('l2_data:BTC-USD')
 * prime.step(100)
 * await prime.close()
 */
export class PrimeSimulator extends VenueSimulator<
  'prime',
  PrimeSimEvent,
  PrimeFaults,
  ResolvedPrimeOptions
> {
  /** The venue this simulator module starts, as {@link startSimulator} lists it. */
  static readonly id = 'prime'

  private readonly ctx: PrimeRestContext
  private readonly feed: PrimeFeed
  private readonly orders: PrimeOrders
  protected readonly rest: VenueRest

  private constructor(options: PrimeSimulatorOptions) {
    const opts = resolvePrimeOptions(options)
    super('prime', opts, { seed: opts.seed, postOnlyTaking: 'reject', feeAsset: 'quote' })
    const base: PrimeContext = {
      ...this.context(),
      key: {
        apiKey: opts.apiKey,
        secret: opts.secret,
        passphrase: opts.passphrase,
        serviceAccountId: opts.serviceAccountId,
      },
      product: (id) => {
        const market = typeof id === 'string' ? opts.byVenueSymbol.get(id) : undefined
        if (market === undefined) throw primeError('invalid', `product ${String(id)} is not tradable`)
        return market
      },
      portfolio: (id) => {
        if (!opts.portfolios.includes(id)) throw primeError('notFound', `portfolio ${id} not found`)
        return id
      },
    }
    this.orders = new PrimeOrders(base, opts.seed)
    this.feed = new PrimeFeed(base, () => this.orders.openOrders())
    const trading = { ...base, orders: this.orders }
    const rfq = new RfqDesk(trading, opts.seed, (entry) => this.feed.order(entry))
    this.ctx = {
      ...trading,
      rfq,
      userId: `sim-user-${opts.seed}`,
      allOrders: () => [...this.orders.all(), ...rfq.orders()].sort((a, b) => b.createdAt - a.createdAt),
    }
    this.rest = primeRest(this.ctx)
    this.every(opts.heartbeatMs, () => this.heartbeat())
  }

  /**
   * Starts a simulator listening on `options.host` (127.0.0.1) and a free port.
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: PrimeSimulatorOptions = {}): Promise<PrimeSimulator> {
    return new PrimeSimulator(options).listen()
  }

  /** The feed: `ws://127.0.0.1:<port>/`. */
  get wsUrl(): string {
    return `${this.restUrl.replace('http', 'ws')}${SOCKET_PATH}`
  }

  /** What a client's `venues.prime` options need: URLs and the key (no portfolio: it is discovered). */
  override clientOptions(): PrimeClientOptions {
    return {
      restUrl: this.restUrl,
      wsUrl: this.wsUrl,
      apiKey: this.apiKey,
      secret: this.secret,
      passphrase: this.ctx.options.passphrase,
      serviceAccountId: this.ctx.options.serviceAccountId,
    }
  }

  /** The portfolio ids the key reads. */
  get portfolios(): readonly string[] {
    return this.ctx.options.portfolios
  }

  /** Orders of the portfolio, newest first, as `GET .../orders` writes them. */
  allOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    return this.ctx
      .allOrders()
      .filter((e) => symbol === undefined || e.market.instrument.symbol === symbol)
      .map((e) => restOrder(e, this.ctx.options.portfolios[0] ?? '', this.ctx.userId))
  }

  /** Open orders of the portfolio, oldest first, as `GET .../open_orders` writes them. */
  openOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    return this.orders
      .openOrders(symbol === undefined ? undefined : this.marketOf(symbol))
      .map((e) => restOrder(e, this.ctx.options.portfolios[0] ?? '', this.ctx.userId))
  }

  /** The orders RFQ accepts made, oldest first, as `GET .../orders` writes them. */
  executions(): Record<string, unknown>[] {
    return this.ctx.rfq
      .orders()
      .map((e) => restOrder(e, this.ctx.options.portfolios[0] ?? '', this.ctx.userId))
  }

  /**
   * Makes the market fill `qty` (default: all that is left) of a resting order of the portfolio now.
   *
   * @throws VenueError `not-found` when the order is not resting.
   */
  fillOrder(
    ref: { readonly symbol: UnifiedSymbol; readonly clientOrderId: string },
    qty?: DecimalLike,
  ): void {
    this.open()
    const e = this.orders.byClientId(ref.clientOrderId, this.marketOf(ref.symbol))
    const notResting = () => primeError('notFound', `order ${ref.clientOrderId} is not resting`)
    this.fillResting(e, e?.limitPrice, e?.baseQuantity, qty, notResting)
  }

  /** Resolves once some connection has subscribed the `orders` channel. */
  privateSubscribed(): Promise<void> {
    return this.subscribed('orders')
  }

  /** Resolves once some connection has subscribed `topic` (`l2_data:BTC-USD`, `orders`, `heartbeats`). */
  subscribed(topic: string): Promise<void> {
    return this.when(this.feed.holds(topic), (e) => e.type === 'subscribed' && e.topics.includes(topic))
  }

  override advanceClock(ms: number): void {
    super.advanceClock(ms)
    this.run(() => expireDue(this.ctx))
  }

  /** `sequence_num` of the last `l2_data` frame of a market: what a client's book carries once caught up. */
  bookUpdateId(symbol: UnifiedSymbol): number {
    return this.feed.bookFrame(this.marketOf(symbol))
  }

  /** How many changes of a market's book were published, watched or not. */
  bookMoves(symbol: UnifiedSymbol): number {
    return this.feed.bookMoves(this.marketOf(symbol))
  }

  /** A heartbeat now to every connection that subscribed them. */
  heartbeat(): void {
    this.open()
    this.feed.heartbeat()
  }

  /** Open feed connections. */
  connections(): number {
    return this.feed.topics.size
  }

  protected override createFaults(hooks: SimFaultHooks): PrimeFaults {
    return new PrimeFaults(hooks)
  }

  protected override upgrade(url: URL): UpgradeAnswer | undefined {
    return url.pathname === SOCKET_PATH ? (ws) => this.feed.topics.connect(ws) : undefined
  }

  protected override watchedMarkets(): PrimeMarket[] {
    return this.feed.topics.watchedMarkets()
  }

  protected override bookSequence(m: PrimeMarket): number | undefined {
    return this.feed.bookMoves(m)
  }

  protected override klineInterval(name: string): SeriesInterval {
    throw primeError('invalid', `prime serves no candles (${name})`)
  }

  protected override skipUpdateId(): void {
    this.feed.gap()
  }

  /** @internal A market changed: its book update goes out at once. */
  protected override onChanged(symbol: UnifiedSymbol): void {
    this.takeTrades(symbol)
    this.feed.changed(this.marketOf(symbol))
  }

  /** @internal An order of the portfolio changed: its state goes out on `orders` at once. */
  protected override onOrder(order: Order): void {
    this.feed.order(this.orders.update(order)?.entry)
  }

  /** @internal */
  protected override onFill(fill: Fill): void {
    this.orders.fill(fill)
  }

  /** @internal The `orders` channel pushes each change as it comes. */
  protected override flush(): void {}
}
