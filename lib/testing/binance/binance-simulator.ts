/**
 * `BinanceSimulator`: a loopback Binance spot venue. One HTTP server on 127.0.0.1 answers the REST API
 * (`/api/v3`) and upgrades market-stream (`/ws`, `/stream`) and WebSocket API (`/ws-api/v3`)
 * connections, all over the shared matching engine.
 */
import type { IncomingMessage } from 'node:http'
import { toDecimal, type DecimalLike } from '../../core/decimal.js'
import type { Fill, Order, UnifiedSymbol } from '../../core/model.js'
import { deriveSeed } from '../../sim/prng.js'
import { DepthBooks } from '../kit/depth-books.js'
import type { SimFaultHooks } from '../kit/faults.js'
import { Outbox } from '../kit/outbox.js'
import type { VenueRest } from '../kit/rest-api.js'
import type { UpgradeAnswer } from '../kit/server.js'
import { VenueSimulator, type ClientReach, type MarketTrade } from '../kit/venue-simulator.js'
import type { BinanceContext, BinanceSimEvent } from './context.js'
import { BinanceFaults } from './faults.js'
import { binanceRest } from './http.js'
import { BinanceLimits } from './limits.js'
import { KLINE_INTERVALS } from './market-data.js'
import {
  resolveBinanceOptions,
  type BinanceMarket,
  type BinanceSimulatorOptions,
  type ResolvedBinanceOptions,
} from './options.js'
import { BinanceOrders, queryAnswer } from './orders.js'
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
export interface BinanceClientOptions extends ClientReach {
  /** `ws://127.0.0.1:<port>`: market streams at `/ws/<stream>` and `/stream?streams=...`. */
  readonly wsUrl: string
  /** `ws://127.0.0.1:<port>/ws-api/v3` */
  readonly wsApiUrl: string
}

/**
 * A trade by the rest of the market, as {@link BinanceSimulator.trade} takes it.
 *
 * @example
 * const taker: BinanceMarketTrade = { symbol: 'BTC/USDT', side: 'buy', qty: '0.5', price: '65010' }
 * binance.trade(taker) // lifts asks up to 65 010
 */
export type BinanceMarketTrade = MarketTrade

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

const WS_API_PATH = '/ws-api/v3'

/**
 * One simulated Binance venue. Start it with {@link startSimulator} (or {@link BinanceSimulator.start}).
 * `book(symbol).sequence` is the book update id (`lastUpdateId` of a snapshot taken now); a `step(n)`
 * publishes one `depthUpdate` per market covering all `n` update ids.
 *
 * @example
 * const binance = await BinanceSimulator.start({ seed: 42, tickMs: 'manual' }) // moves only when stepped
 * const client = createClient({ venues: { binance: binance.clientOptions() } })
 * await binance.subscribed('btcusdt@depth')   // the client's diff-depth stream is live
 * binance.step(100)                           // 100 random book changes, one depthUpdate
 * expect(localBook.bids).to.deep.equal(binance.book('BTC/USDT').bids)
 * await binance.close()
 */
export class BinanceSimulator extends VenueSimulator<
  'binance',
  BinanceSimEvent,
  BinanceFaults,
  ResolvedBinanceOptions
> {
  /** The venue this simulator module starts, as {@link startSimulator} lists it. */
  static readonly id = 'binance'

  private readonly orders: BinanceOrders
  private readonly streams: MarketStreams
  private readonly wsApi: WsApi
  protected readonly rest: VenueRest
  protected override readonly intervals = KLINE_INTERVALS
  private readonly depths: DepthBooks<BinanceMarket>
  private readonly dirty = new Set<BinanceMarket>()
  private readonly outbox = new Outbox<'user'>()

  private constructor(options: BinanceSimulatorOptions) {
    const opts = resolveBinanceOptions(options)
    // commissions come with 8 decimals, and that is what is charged
    super('binance', opts, { seed: deriveSeed(opts.seed, 'binance'), postOnlyTaking: 'reject', feePlaces: 8 })
    // candles, live and history, are made of each market's own trades
    for (const m of opts.markets.values()) this.exchange.follow(m.instrument.symbol, m.series)
    const base = this.context()
    this.depths = new DepthBooks(this.exchange, opts.seed, opts.markets.values())
    this.orders = new BinanceOrders(base, { maker: opts.makerFee, taker: opts.takerFee })
    const ctx: BinanceContext = {
      ...base,
      orders: this.orders,
      limits: new BinanceLimits(opts.rateLimits),
      market: (symbol) => {
        if (typeof symbol !== 'string' || symbol === '') throw missing('symbol')
        const m = opts.byVenueSymbol.get(symbol)
        if (m === undefined) throw binanceError('badSymbol')
        return m
      },
      depth: (m) => this.depths.of(m),
    }
    this.streams = new MarketStreams(ctx)
    this.wsApi = new WsApi(ctx)
    this.rest = binanceRest(ctx)
  }

  /**
   * Starts a simulator on 127.0.0.1 and a free port (unless `port` is given).
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
    return new BinanceSimulator(options).listen()
  }

  /** `ws://127.0.0.1:<port>`: append `/ws/<stream>` or `/stream?streams=...`. */
  get wsUrl(): string {
    return this.wsUrlAt('')
  }

  /** `ws://127.0.0.1:<port>/ws-api/v3` */
  get wsApiUrl(): string {
    return this.wsUrlAt(WS_API_PATH)
  }

  /** What a client's `venues.binance` options need to reach this simulator. */
  override clientOptions(): BinanceClientOptions {
    return this.reach({ wsUrl: this.wsUrl, wsApiUrl: this.wsApiUrl })
  }

  /** The book update id now: what a REST snapshot would carry as `lastUpdateId`. */
  bookUpdateId(symbol: UnifiedSymbol): number {
    return this.depths.of(this.marketOf(symbol)).updateId
  }

  /** An order of the account as `GET /api/v3/order` would answer, or `undefined`. */
  order(ref: BinanceOrderRef): Record<string, unknown> | undefined {
    const record = this.findOrder(ref)
    return record === undefined ? undefined : queryAnswer(record)
  }

  /** Orders of the account, oldest first, as `allOrders` answers. */
  allOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    const all = this.orders.all()
    return all.filter((r) => symbol === undefined || r.market.instrument.symbol === symbol).map(queryAnswer)
  }

  /** Open orders of the account, oldest first, as `GET /api/v3/openOrders` answers. */
  openOrders(symbol?: UnifiedSymbol): Record<string, unknown>[] {
    return this.orders.openOrders(symbol === undefined ? undefined : this.marketOf(symbol)).map(queryAnswer)
  }

  /**
   * Makes the market fill `qty` (default: all that is left) of a resting order of the account now.
   *
   * @throws VenueError `not-found` (-2013) when the order is not resting.
   */
  fillOrder(ref: BinanceOrderRef, qty?: DecimalLike): void {
    this.open()
    const r = this.findOrder(ref)
    this.fillResting(r, r?.price, r?.origQty, qty, () => binanceError('noSuchOrder'))
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
      this.outbox.add('user', { e: 'balanceUpdate', E: now, a: asset, d: eight(delta), T: now })
    })
  }

  /** Open connections, and the streams each market-stream connection holds. */
  connections(): { readonly streams: number; readonly wsApi: number; readonly subscriptions: string[][] } {
    const subscriptions = this.streams.subscriptions()
    return { streams: this.streams.feed.size, wsApi: this.wsApi.size, subscriptions }
  }

  /** Resolves once some connection holds `stream`; at once if one already does. */
  subscribed(stream: string): Promise<void> {
    const seen = this.streams.feed.has(stream)
    return this.when(seen, (e) => e.type === 'subscribed' && e.streams.includes(stream))
  }

  /** Resolves once some session has a user data subscription; at once if one has. */
  userStreamSubscribed(): Promise<void> {
    return this.when(this.wsApi.userSubscriptions > 0, (e) => e.type === 'user-stream')
  }

  protected override createFaults(hooks: SimFaultHooks): BinanceFaults {
    return new BinanceFaults({
      ...hooks,
      terminateUserStream: () => this.wsApi.terminateUserStreams(),
      releaseDepth: () => this.depths.release((m, diff) => this.streams.depth(m, diff, this.clock.now())),
    })
  }

  protected override upgrade(url: URL, req: IncomingMessage): UpgradeAnswer {
    const path = url.pathname
    if (path === WS_API_PATH) return (ws) => this.wsApi.connect(ws, req.socket.remoteAddress ?? '')
    const combined = path === '/stream'
    const names = combined
      ? (url.searchParams.get('streams') ?? '')
      : path === '/ws' || path.startsWith('/ws/')
        ? path.slice('/ws/'.length)
        : undefined
    if (names === undefined) return { status: 404, body: JSON.stringify({ code: 2, msg: 'Not found' }) }
    const streams = names.split('/').filter((s) => s !== '')
    const refused = this.streams.refuse(streams)
    if (refused !== undefined) return { status: 400, body: JSON.stringify({ code: 2, msg: refused }) }
    return (ws) => this.streams.connect(ws, streams, combined)
  }

  protected override watchedMarkets(): BinanceMarket[] {
    return this.streams.feed.watchedMarkets()
  }

  protected override bookSequence(m: BinanceMarket): number {
    return this.depths.of(m).updateId
  }

  protected override skipUpdateId(): void {
    this.depths.gap()
  }

  /** @internal A `step(n)` is one piece of work: one publication per market for all `n` changes. */
  protected override steps(n: number, markets: readonly BinanceMarket[]): void {
    this.run(() => super.steps(n, markets))
  }

  protected override stepped(markets: readonly BinanceMarket[]): void {
    const now = this.clock.now()
    for (const m of markets) this.streams.klines(m, now)
  }

  protected override onOrder(o: Order): void {
    const report = this.orders.report(o, this.clock.now())
    if (report !== undefined) this.outbox.add('user', report)
  }

  protected override onFill(f: Fill): void {
    this.orders.fill(f)
  }

  protected override onChanged(symbol: UnifiedSymbol): void {
    const m = this.marketOf(symbol)
    this.depths.of(m).observe()
    this.dirty.add(m)
  }

  /** @internal Publishes what the last piece of work changed: market streams, then user data. */
  protected override flush(): void {
    const now = this.clock.now()
    for (const m of [...this.dirty]) {
      this.dirty.delete(m)
      this.streams.trades(m, this.takeTrades(m.instrument.symbol), now)
      this.depths.publish(m, this.faults.depthHeld, (diff) => this.streams.depth(m, diff, now))
      this.streams.top(m, this.depths.of(m).updateId)
    }
    for (const event of this.outbox.take('user')) this.wsApi.userEvent(event)
    const B = this.takeBalances().map((b) => ({ a: b.asset, f: eight(b.free), l: eight(b.locked) }))
    if (B.length > 0) this.wsApi.userEvent({ e: 'outboundAccountPosition', E: now, u: now, B })
  }

  private findOrder(ref: BinanceOrderRef) {
    return this.orders.named({ orderId: ref.orderId, clientId: ref.clientOrderId }, this.marketOf(ref.symbol))
  }
}
