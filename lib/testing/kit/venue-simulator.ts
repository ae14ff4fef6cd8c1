/**
 * `VenueSimulator`: the shell every loopback venue simulator shares, over the shared matching engine:
 * server, HTTP intake, WebSocket hubs, faults, clock, ticking markets, market control and truth, and
 * `close()`. A venue's simulator extends it with its wire dialect.
 */
import type { IncomingMessage } from 'node:http'
import { filter, firstValueFrom, Subject, type Observable } from 'rxjs'
import { Decimal, toDecimal, type DecimalLike } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type {
  Balance,
  Fill,
  Order,
  OrderBook,
  OrderStatus,
  Side,
  Trade,
  UnifiedSymbol,
  VenueId,
} from '../../core/model.js'
import { opposite } from '../../sim/book.js'
import type { SeriesCandle, SeriesInterval } from '../../sim/candle-series.js'
import { Exchange } from '../../sim/exchange.js'
import type { BookStep } from '../../sim/step.js'
import { candlesIn } from './candle-range.js'
import { SimClock } from './clock.js'
import type { SimFaultHooks, SimFaults } from './faults.js'
import { SimHttpIntake } from './http-intake.js'
import type { IntervalNames } from './intervals.js'
import { invalidOption, type ResolvedVenueOptions, type SimMarket } from './options.js'
import { isOpen } from './order-journal.js'
import { SimServer, type UpgradeAnswer } from './server.js'
import type { VenueRest } from './rest-api.js'
import type { SimContext, SimShellEvent } from './sim-context.js'
import type { VenueSimulatorHandle } from './simulator-module.js'

export type { SimContext, SimShellEvent } from './sim-context.js'
export type { SimulatorModule, VenueSimulatorHandle } from './simulator-module.js'

/**
 * The market type of resolved options.
 *
 * @example
 * const m: MarketOf<ResolvedBybitOptions> = bybitMarket // a BybitMarket
 */
export type MarketOf<O> = O extends ResolvedVenueOptions<infer M> ? M : never

/**
 * A taker from the rest of the market: `qty` on `side` walking the book, up to `price` if given.
 *
 * @example
 * sim.venue('bybit').trade({ symbol: 'BTC/USDT', side: 'sell', qty: '0.5' }) // hits the bids; the client sees a trade and a book change
 */
export interface MarketTrade {
  readonly symbol: UnifiedSymbol
  /** The taker's side: `sell` hits bids, `buy` lifts asks. */
  readonly side: Side
  readonly qty: DecimalLike
  readonly price?: DecimalLike | undefined
}

/**
 * What every venue's client options carry: where the REST API is (`http://127.0.0.1:<port>`) and the
 * account's credentials.
 *
 * @example
 * const reach: ClientReach = { restUrl: bybit.restUrl, apiKey: bybit.apiKey, secret: bybit.secret }
 */
export interface ClientReach {
  readonly restUrl: string
  readonly apiKey: string
  readonly secret: string
}

/**
 * An order of the account as the venue's journal keeps it, for {@link VenueSimulator.fillResting}.
 *
 * @internal
 */
export interface RestingOrder {
  readonly market: SimMarket
  readonly engineId: string
  readonly side: Side
  readonly status: OrderStatus
  readonly executedQty: Decimal
}

/**
 * The shell of one simulated venue on the shared matching engine. Start a venue's simulator with
 * {@link startSimulator} (or its own static `start`).
 *
 * @example
 * const bybit = await BybitSimulator.start({ seed: 42, tickMs: 'manual' }) // a VenueSimulator
 * bybit.step(100, 'BTC/USDT')                   // 100 random changes, published now
 * bybit.trade({ symbol: 'BTC/USDT', side: 'buy', qty: '0.5' })
 * bybit.book('BTC/USDT', 5)                      // the simulator's truth
 * await bybit.close()
 */
export abstract class VenueSimulator<
  Id extends VenueId,
  E extends { readonly type: string },
  F extends SimFaults,
  O extends ResolvedVenueOptions<SimMarket> = ResolvedVenueOptions<SimMarket>,
> implements VenueSimulatorHandle {
  /** Fault injection. */
  readonly faults: F
  /** What happened: connections, subscriptions, requests. Completes on close. */
  readonly events$: Observable<E>
  /** @internal */
  protected readonly clock = new SimClock()
  /** @internal */
  protected readonly exchange: Exchange
  /** @internal */
  protected readonly server: SimServer
  private readonly events = new Subject<E>()
  private readonly intake: SimHttpIntake
  private readonly pendingTrades = new Map<UnifiedSymbol, Trade[]>()
  private readonly pendingBalances = new Map<string, Balance>()
  private readonly timers: ReturnType<typeof setInterval>[] = []
  private runDepth = 0
  private closing: Promise<void> | undefined

  /** @internal */
  protected constructor(
    /** The venue simulated. */
    readonly id: Id,
    /** @internal */
    protected readonly settings: O,
    engine: {
      readonly seed: number
      readonly postOnlyTaking: 'reject' | 'cancel'
      /** Places the venue charges and reports fees to; absent: exact. */
      readonly feePlaces?: number | undefined
      /** Where the venue charges a fee (see `ExchangeOptions.feeAsset`); absent: from what a fill brings in. */
      readonly feeAsset?: 'received' | 'quote' | undefined
    },
  ) {
    if (settings.clock !== undefined) this.clock.set(settings.clock.at, settings.clock)
    this.events$ = this.events.asObservable()
    this.exchange = new Exchange(
      {
        id,
        seed: engine.seed,
        now: () => this.clock.now(),
        mode: 'random',
        levels: settings.levels,
        changesPerStep: 1,
        referenceSeed: settings.referenceSeed,
        markets: new Map([...settings.markets].map(([s, m]) => [s, m.config])),
        balances: settings.balances,
        makerFee: settings.makerFee,
        takerFee: settings.takerFee,
        historyLimit: 100_000,
        postOnlyTaking: engine.postOnlyTaking,
        feePlaces: engine.feePlaces,
        feeAsset: engine.feeAsset,
      },
      {
        trade: (t) => {
          let list = this.pendingTrades.get(t.symbol)
          if (list === undefined) this.pendingTrades.set(t.symbol, (list = []))
          list.push(t)
        },
        order: (o) => this.onOrder(o),
        fill: (f) => this.onFill(f),
        balance: (b) => this.pendingBalances.set(b.asset, b),
        changed: (symbol) => this.onChanged(symbol),
      },
    )
    this.faults = this.createFaults({
      dropSockets: () => this.server.dropSockets(),
      skipUpdateId: () => this.skipUpdateId(),
      shiftClock: (ms) => this.clock.skew(ms),
      silenceEnded: () => this.emit({ type: 'silence-ended' }),
      refuseConnections: (on) => this.server.refuseConnections(on),
    })
    this.intake = new SimHttpIntake(
      { emit: (e) => this.emit(e), faults: this.faults },
      (request, res) => this.rest.answer(request, res),
      (request, status) => this.rest.failed(request, status),
    )
    this.server = new SimServer(
      (req, res) => this.intake.handle(req, res),
      (url, req) => this.upgrade(url, req),
      this.faults,
      () => this.clock.now(),
    )
  }

  /** Where the REST API is: `http://127.0.0.1:<port>`. */
  get restUrl(): string {
    return `http://${this.settings.host}:${this.server.port}`
  }

  /** The account's API key. */
  get apiKey(): string {
    return this.settings.apiKey
  }

  /** The account's secret. */
  get secret(): string {
    return this.settings.secret
  }

  /** What the client's options for this venue need to reach it: URLs and credentials. */
  abstract clientOptions(): object

  /** @internal A WebSocket endpoint of the server: `ws://127.0.0.1:<port><path>`. */
  protected wsUrlAt(path: string): string {
    return `ws://${this.settings.host}:${this.server.port}${path}`
  }

  /** @internal A venue's client options: the REST URL and the credentials, with what the venue adds. */
  protected reach<T extends object>(more: T): ClientReach & T {
    return { restUrl: this.restUrl, ...more, apiKey: this.apiKey, secret: this.secret }
  }

  /**
   * The simulator's own book now, exact: best first, resting user orders included, at most `depth`
   * levels a side. `sequence` is the venue's own sequence of the book (see the venue's simulator).
   *
   * @throws VenueError `invalid-request` for a symbol that is not listed.
   */
  book(symbol: UnifiedSymbol, depth = Infinity): OrderBook {
    const m = this.marketOf(symbol)
    const { bids, asks } = this.exchange.book(m.instrument.symbol, depth)
    const at = this.clock.now()
    return {
      venue: this.id,
      symbol: m.instrument.symbol,
      bids,
      asks,
      sequence: this.bookSequence(m),
      timestamp: new Date(at),
      rawTimestamp: at,
    }
  }

  /** One asset of the account now, exact. */
  balance(asset: string): Balance {
    return this.exchange.balance(asset)
  }

  /** Every asset the account holds or has held. */
  balances(): Balance[] {
    return this.exchange.balances()
  }

  /**
   * Moves markets now: `n` random changes of `symbol`, or of every symbol a public stream is subscribed
   * to, published as the venue publishes them.
   *
   * @throws VenueError `invalid-request` once closed.
   */
  step(n = 1, symbol?: UnifiedSymbol): void {
    this.open()
    this.advance(n, symbol !== undefined ? [this.marketOf(symbol)] : this.watchedMarkets())
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
  trade(trade: MarketTrade): void {
    this.push(trade.symbol, { trades: [{ side: trade.side, size: trade.qty, price: trade.price }] })
  }

  /**
   * A candle of the seeded history as it stands now (`interval` in the venue's own names), or
   * `undefined` before it opens.
   *
   * @throws VenueError with the venue's code for an interval it does not know.
   */
  candle(symbol: UnifiedSymbol, interval: string, openTime: number): SeriesCandle | undefined {
    return this.marketOf(symbol).series.candle(this.klineInterval(interval), openTime, this.clock.now())
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

  /** Stops everything; resolves once the server is closed and every socket and timer is gone. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.timers) clearInterval(timer)
      this.faults.dispose()
      this.intake.dispose()
      await this.server.close()
      this.events.complete()
    })()
    return this.closing
  }

  /**
   * @internal Listens on the configured host and port, and starts the markets' clock; a simulator that
   * cannot listen is closed before the error goes on. What a venue's static `start` returns.
   */
  protected async listen(): Promise<this> {
    try {
      await this.server.listen(this.settings.host, this.settings.port)
    } catch (e) {
      await this.close()
      throw e
    }
    const tickMs = this.settings.tickMs
    if (tickMs !== undefined) {
      const all = [...this.settings.markets.values()] as MarketOf<O>[]
      this.every(tickMs, () => this.advance(1, all))
    }
    return this
  }

  /** @internal Runs `work` every `ms` (never when `undefined`) until the simulator closes. */
  protected every(ms: number | undefined, work: () => void): void {
    if (ms !== undefined) this.timers.push(setInterval(work, ms))
  }

  /** @internal The parts every handler of the venue shares. */
  protected context(): SimContext<O, F, E> {
    return {
      options: this.settings,
      exchange: this.exchange,
      clock: this.clock,
      faults: this.faults,
      run: (work) => this.run(work),
      emit: (event) => this.emit(event),
      hub: (options) => this.server.hub(options),
      candles: (market, interval, range) =>
        candlesIn(market.series, interval, {
          ...range,
          now: this.clock.now(),
          historyMs: this.settings.klineHistoryMs,
        }),
    }
  }

  /** @internal Runs engine work; once the outermost work ends, the venue publishes what it changed. */
  protected run<T>(work: () => T): T {
    this.runDepth++
    try {
      return work()
    } finally {
      if (--this.runDepth === 0) this.flush()
    }
  }

  /** @internal Reports an event; every venue's event type includes {@link SimShellEvent}. */
  protected emit(event: E | SimShellEvent): void {
    this.events.next(event as E)
  }

  /** @internal Resolves once `seen` is true, or at the first event that `matches`. */
  protected when(seen: boolean, matches: (event: E) => boolean): Promise<void> {
    if (seen) return Promise.resolve()
    return firstValueFrom(this.events$.pipe(filter(matches))).then(() => undefined)
  }

  /** @internal `n` steps of `markets`, then whatever the venue publishes after a step. */
  protected advance(n: number, markets: readonly MarketOf<O>[]): void {
    this.steps(n, markets)
    this.stepped(markets)
  }

  /** @internal The random steps of {@link advance}; by default each step publishes on its own. */
  protected steps(n: number, markets: readonly MarketOf<O>[]): void {
    for (let i = 0; i < n; i++) {
      for (const m of markets) this.run(() => this.exchange.step(m.instrument.symbol))
    }
  }

  /**
   * @internal Makes the market fill `qty` (default: all that is left of `size`) of a resting limit
   * order at `price` now: a taker trades through everything ahead of it in price-time priority, then
   * into it. An order that is missing, closed or not a limit order is `notResting`.
   */
  protected fillResting(
    order: RestingOrder | undefined,
    price: Decimal | undefined,
    size: Decimal | undefined,
    qty: DecimalLike | undefined,
    notResting: () => VenueError,
  ): void {
    this.open()
    if (order === undefined || !isOpen(order) || price === undefined || size === undefined) throw notResting()
    const symbol = order.market.instrument.symbol
    const ahead = this.exchange.queueAhead({ symbol, id: order.engineId })
    if (ahead === undefined) throw notResting()
    const left = size.minus(order.executedQty)
    const fill = qty === undefined ? left : Decimal.min(left, toDecimal(qty))
    this.push(symbol, { trades: [{ side: opposite(order.side), size: ahead.plus(fill), price }] })
  }

  /** @internal The market's public trades since this was last asked, oldest first. */
  protected takeTrades(symbol: UnifiedSymbol): Trade[] {
    const trades = this.pendingTrades.get(symbol) ?? []
    this.pendingTrades.delete(symbol)
    return trades
  }

  /** @internal The account's balances that changed since this was last asked, each as it is now. */
  protected takeBalances(): Balance[] {
    const moved = [...this.pendingBalances.values()]
    this.pendingBalances.clear()
    return moved
  }

  /** @internal The listed market of a unified symbol. */
  protected marketOf(symbol: UnifiedSymbol): MarketOf<O> {
    const m = this.settings.markets.get(symbol) as MarketOf<O> | undefined
    if (m === undefined) {
      throw new VenueError({ kind: 'invalid-request', venue: this.id, message: `unknown symbol ${symbol}` })
    }
    return m
  }

  /** @internal Refuses work once closed. */
  protected open(): void {
    if (this.closing !== undefined) {
      throw new VenueError({
        kind: 'invalid-request',
        venue: this.id,
        message: `the ${this.id} simulator is closed`,
      })
    }
  }

  /** @internal The venue's faults, over the shell's hooks. */
  protected abstract createFaults(hooks: SimFaultHooks): F
  /**
   * @internal The venue's REST API: answers an HTTP request that passed the injected faults, and
   * reports one the intake answered with an injected failure.
   */
  protected abstract readonly rest: VenueRest
  /** @internal What to do with a WebSocket upgrade of `url`. */
  protected abstract upgrade(url: URL, req: IncomingMessage): UpgradeAnswer | undefined
  /** @internal Publishes what the last outermost piece of work changed. */
  protected abstract flush(): void
  /** @internal The markets some public stream is subscribed to. */
  protected abstract watchedMarkets(): MarketOf<O>[]
  /** @internal The `sequence` of {@link book}. */
  protected abstract bookSequence(market: MarketOf<O>): number | undefined
  /** @internal The venue's candle interval names; none: it serves no candles. */
  protected readonly intervals: IntervalNames | undefined = undefined
  /** @internal A candle interval in the venue's own name. */
  protected klineInterval(name: string): SeriesInterval {
    if (this.intervals === undefined) throw invalidOption(this.id)(`${this.id} serves no candles (${name})`)
    return this.intervals.of(name)
  }
  /** @internal The next book message of every book stream skips one update id. */
  protected abstract skipUpdateId(): void
  /** @internal After steps: candle streams. */
  protected stepped(_markets: readonly MarketOf<O>[]): void {}
  /** @internal Engine reports, as they come. */
  protected onOrder(_order: Order): void {}
  /** @internal */
  protected onFill(_fill: Fill): void {}
  /** @internal A market's book or trades changed during the mutation that just ended. */
  protected onChanged(_symbol: UnifiedSymbol): void {}
}
