// size: one matching engine: orders, matching and balances change in one mutation, reported once at its end
/**
 * The simulated venues' matching engine and account: markets (book, trade log), orders and balances.
 * Synchronous, free of rxjs and of any wire format: the mock venue wraps it in Observables, the
 * loopback simulators speak a venue's protocol over it.
 *
 * Every change runs inside one mutation; when the outermost one ends, each balance that moved is
 * reported once and each market that changed is reported once, so one step or one order becomes one
 * book delta.
 */
import { Decimal, isMultipleOf, toDecimal, type DecimalLike } from '../core/decimal.js'
import { VenueError } from '../core/errors.js'
import { didYouMean } from '../core/suggest.js'
import type {
  Balance,
  BookLevel,
  Fill,
  Instrument,
  Liquidity,
  Order,
  OrderAmendment,
  OrderRef,
  OrderRequest,
  OrderStatus,
  OrderType,
  Side,
  Ticker,
  TimeInForce,
  Trade,
  UnifiedSymbol,
  VenueId,
} from '../core/model.js'
import { MatchingBook, opposite, type Execution, type MatchLimits } from './book.js'
import { Ledger } from './ledger.js'
import { createPrng, deriveSeed, type Prng } from './prng.js'
import { initialRandomBook, randomChange, type RandomWalkState } from './random-walk.js'
import { ReferencePrice } from './reference-price.js'
import { RollingStats } from './rolling-stats.js'
import { checkStep, levelOf, type BookStep } from './step.js'

/**
 * One market's settings.
 *
 * @example
 * const btc: MarketConfig = { instrument, startPrice: new Decimal('65000'), maxLevelSize: new Decimal('2'), script: [] }
 */
export interface MarketConfig {
  readonly instrument: Instrument
  /** Best ask of the random market at start. */
  readonly startPrice: Decimal
  /** Largest size of one random level. */
  readonly maxLevelSize: Decimal
  /** Scripted steps; the first is the starting book. */
  readonly script: readonly BookStep[]
  /**
   * The reference walk it follows (see `ReferencePrice`), by name. Default its symbol; a USD
   * market of one venue may follow the USDT market of the others, so that all of them move together.
   */
  readonly reference?: string | undefined
}

/**
 * What an {@link Exchange} runs on, every value already checked.
 *
 * @example
 * new Exchange(resolveMockOptions({ seed: 7 }), listener) // the mock's resolved options are ExchangeOptions
 */
export interface ExchangeOptions {
  /** The venue id reported in orders, fills and errors. */
  readonly id: VenueId
  readonly seed: number
  /** Time in ms since the epoch; every timestamp comes from here. */
  readonly now: () => number
  /** `random`: a seeded random walk. `scripted`: each market's `script`, a step at a time. */
  readonly mode: 'random' | 'scripted'
  /** Random market: levels per side it keeps around. */
  readonly levels: number
  /** Random market: level changes per step. */
  readonly changesPerStep: number
  /**
   * Random market: seed of the {@link ReferencePrice} walk each market quotes around, with an offset
   * and noise of its own from `seed`; venues given the same one move together. Absent: each market
   * wanders on its own.
   */
  readonly referenceSeed?: number | undefined
  readonly markets: ReadonlyMap<UnifiedSymbol, MarketConfig>
  /** Starting free balances per asset. */
  readonly balances: Readonly<Record<string, DecimalLike>>
  /** Fee rates, as fractions of the fill's value in the asset the fee is charged in (see `feeAsset`). */
  readonly makerFee: Decimal
  readonly takerFee: Decimal
  /**
   * Where a fee is charged. `received` (default): from what the fill brings in, the base of a buy and
   * the quote of a sell (Bybit, Binance spot). `quote`: in the quote on both sides, a buy paying value
   * plus fee (Coinbase, Prime); a limit buy then holds its value plus the fee at the higher of the two
   * rates, a market buy by base its preview's value plus the taker fee, and a market buy by quote
   * spends at most its quote quantity, fee included.
   */
  readonly feeAsset?: 'received' | 'quote' | undefined
  /**
   * Decimal places a fee is charged to (half up), as the venue reports it: Binance sends commissions
   * with 8. Absent: charged exactly.
   */
  readonly feePlaces?: number | undefined
  /** Public trades kept per market. */
  readonly historyLimit: number
  /**
   * A post-only order that would take liquidity: `reject` throws and records nothing; `cancel`
   * accepts it and cancels it at once with {@link POST_ONLY_WOULD_TAKE} as reason, as venues that
   * acknowledge first and match later do.
   */
  readonly postOnlyTaking: 'reject' | 'cancel'
}

/**
 * The reason of a post-only order canceled because it would have taken liquidity.
 *
 * @example
 * order.reason === POST_ONLY_WOULD_TAKE // canceled instead of taking
 */
export const POST_ONLY_WOULD_TAKE = 'post-only order would take liquidity'

/**
 * What the engine reports; called synchronously.
 *
 * @example
 * const listener: ExchangeListener = {
 *   trade: (t) => trades.next(t), order: (o) => orders.next(o), fill: (f) => fills.next(f),
 *   balance: (b) => balances.next(b), changed: (symbol) => publishBook(symbol),
 * }
 */
export interface ExchangeListener {
  trade(trade: Trade): void
  order(order: Order): void
  fill(fill: Fill): void
  /** A balance after a mutation that moved it. */
  balance(balance: Balance): void
  /** A market's book or trades changed during the mutation that just ended. */
  changed(symbol: UnifiedSymbol): void
}

interface OrderState {
  readonly id: string
  readonly clientOrderId: string
  readonly symbol: UnifiedSymbol
  readonly side: Side
  readonly type: OrderType
  readonly timeInForce: TimeInForce
  price: Decimal | undefined
  quantity: Decimal
  readonly quoteQuantity: Decimal | undefined
  filled: Decimal
  /** Sum of price × quantity over the fills. */
  notional: Decimal
  status: OrderStatus
  readonly createdAt: Date
  updatedAt: Date
  reason: string | undefined
  /** Funds still locked for this order, in the asset it pays with. */
  locked: Decimal
}

interface Market {
  readonly config: MarketConfig
  readonly book: MatchingBook<OrderState>
  readonly prng: Prng
  /** What a random market quotes around, when it follows a reference. */
  readonly reference: ReferencePrice | undefined
  readonly trades: Trade[]
  /** Statistics of the last 24 h of `trades`. */
  readonly day: RollingStats
  scriptAt: number
  tradeSeq: number
}

const ZERO = new Decimal(0)
const DAY_MS = 24 * 60 * 60 * 1000
const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected', 'expired'])

/**
 * What follows a market's life: its opening and every public trade, in time order (a
 * `CandleSeries` builds the market's candles from them).
 *
 * @example
 * exchange.follow('BTC/USDT', market.series) // the candles of BTC/USDT hold its own trades
 */
export interface MarketTape {
  /** The market opened at `ms`, at its start price; called once, before its first trade. */
  begin(ms: number): void
  /** A public trade of the market. */
  record(ms: number, price: Decimal, size: Decimal): void
}

/**
 * The engine behind the mock venue and the loopback simulators.
 *
 * @example
 * const ex = new Exchange(options, listener)
 * ex.place({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: new Decimal('0.1') })
 */
export class Exchange {
  private readonly markets = new Map<UnifiedSymbol, Market>()
  private readonly orders: OrderState[] = []
  private readonly byId = new Map<string, OrderState>()
  private readonly byClientId = new Map<string, OrderState>()
  private readonly ledger: Ledger
  private readonly dirty = new Set<UnifiedSymbol>()
  private readonly tapes = new Map<UnifiedSymbol, MarketTape>()
  private depth = 0
  private quiet = false
  private orderSeq = 0

  constructor(
    private readonly options: ExchangeOptions,
    private readonly listener: ExchangeListener,
  ) {
    this.ledger = new Ledger(options.balances)
  }

  instruments(): Instrument[] {
    return [...this.options.markets.values()].map((m) => m.instrument)
  }

  /** @throws VenueError `invalid-request` for a symbol the venue does not list. */
  instrument(symbol: UnifiedSymbol): Instrument {
    return this.config(symbol).instrument
  }

  /** The book including resting user orders, best first, at most `depth` levels a side. */
  book(symbol: UnifiedSymbol, depth = Infinity): { bids: BookLevel[]; asks: BookLevel[] } {
    const { book } = this.market(symbol)
    return { bids: book.levels('buy', depth), asks: book.levels('sell', depth) }
  }

  /**
   * Tells `tape` of the market's opening (now, if it is open already) and of every trade from then
   * on. One tape a market: following again replaces it.
   *
   * @throws VenueError `invalid-request` for a symbol the venue does not list.
   */
  follow(symbol: UnifiedSymbol, tape: MarketTape): void {
    const config = this.config(symbol)
    this.tapes.set(config.instrument.symbol, tape)
    if (this.markets.has(config.instrument.symbol)) tape.begin(this.now().getTime())
  }

  /** One timed step: a few random changes, or the next scripted step. */
  step(symbol: UnifiedSymbol): void {
    this.mutate(() => {
      const market = this.market(symbol)
      if (this.options.mode === 'random') {
        market.reference?.step()
        for (let i = 0; i < this.options.changesPerStep; i++) {
          this.apply(market, randomChange(market.prng, this.walkState(market)))
        }
        return
      }
      const next = market.config.script[market.scriptAt]
      if (next === undefined) return
      market.scriptAt++
      this.apply(market, next)
    })
  }

  /**
   * Applies a step now.
   *
   * @throws VenueError `invalid-request` for an unknown symbol or a level off tick or lot.
   */
  push(symbol: UnifiedSymbol, step: BookStep): void {
    const instrument = this.instrument(symbol)
    checkStep(instrument, step, `push ${symbol}`, (message) => this.error('invalid-request', message))
    this.mutate(() => this.apply(this.market(symbol), step))
  }

  /**
   * Places an order: checks it, locks funds, takes what crosses, rests or expires the rest.
   *
   * @throws VenueError `invalid-request` (bad request, duplicate client order id, post-only that would
   * take) or `insufficient-funds`.
   */
  place(request: OrderRequest): Order {
    return this.mutate(() => {
      const market = this.market(request.symbol)
      const instrument = market.config.instrument
      const req = this.checkOrder(request, instrument)
      const clientOrderId = req.clientOrderId ?? this.freeClientOrderId()
      if (this.byClientId.has(clientOrderId)) {
        throw this.error('invalid-request', `duplicate client order id ${clientOrderId}`)
      }
      const budget = req.quoteQuantity === undefined ? undefined : this.budgetOf(req.quoteQuantity)
      const limits: MatchLimits = {
        limit: req.type === 'limit' ? req.price : undefined,
        quantity: req.quantity,
        budget,
        lot: instrument.lotSize,
      }
      const postOnlyTakes =
        req.timeInForce === 'PostOnly' && req.price !== undefined && market.book.crosses(req.side, req.price)
      if (postOnlyTakes && this.options.postOnlyTaking === 'reject') {
        throw this.error(
          'invalid-request',
          `post-only order at ${req.price?.toString()} would take liquidity`,
        )
      }
      const preview = market.book.match(req.side, limits, true)
      const lock =
        req.side === 'sell'
          ? (req.quantity ?? ZERO)
          : req.type === 'limit'
            ? this.holdOf((req.price ?? ZERO).mul(req.quantity ?? ZERO))
            : (req.quoteQuantity ??
              sum(preview, (e) => this.cost(e.price.mul(e.quantity), this.options.takerFee)))
      const asset = this.payAsset(instrument, req.side)
      const free = this.ledger.get(asset).free
      if (free.lt(lock)) {
        throw this.error(
          'insufficient-funds',
          `${req.side} ${request.symbol} needs ${lock.toString()} ${asset}, ${free.toString()} free`,
        )
      }
      const now = this.now()
      const state: OrderState = {
        id: String(++this.orderSeq),
        clientOrderId,
        symbol: instrument.symbol,
        side: req.side,
        type: req.type,
        timeInForce: req.timeInForce,
        price: req.price,
        quantity: req.quantity ?? ZERO,
        quoteQuantity: req.quoteQuantity,
        filled: ZERO,
        notional: ZERO,
        status: 'new',
        createdAt: now,
        updatedAt: now,
        reason: undefined,
        locked: lock,
      }
      this.orders.push(state)
      this.byId.set(state.id, state)
      this.byClientId.set(clientOrderId, state)
      this.ledger.lock(asset, lock)
      this.emitOrder(state)
      if (postOnlyTakes) {
        this.finish(state, 'canceled', POST_ONLY_WOULD_TAKE)
        return this.toOrder(state)
      }
      if (req.timeInForce === 'FOK' && sum(preview, (e) => e.quantity).lt(state.quantity)) {
        this.finish(state, 'expired', 'fill-or-kill order could not be filled completely')
        return this.toOrder(state)
      }
      this.take(market, state, req.side, limits)
      if (state.status === 'filled') return this.toOrder(state)
      const rest = state.quantity.minus(state.filled)
      if (req.type === 'limit' && (req.timeInForce === 'GTC' || req.timeInForce === 'PostOnly')) {
        market.book.rest(req.side, state.price ?? ZERO, state, rest)
        this.dirty.add(state.symbol)
      } else if (state.quoteQuantity !== undefined) {
        // Filled when the budget, not the book, ran out: liquidity is left, or too little money for a lot.
        const left = (budget ?? state.quoteQuantity).minus(state.notional)
        const last = preview[preview.length - 1]?.price
        const bookLeft = market.book.best(opposite(req.side)) !== undefined
        const budgetSpent = bookLeft || (last !== undefined && left.lt(last.mul(instrument.lotSize)))
        if (state.filled.gt(0) && budgetSpent) this.finish(state, 'filled', undefined)
        else this.finish(state, 'expired', 'not enough liquidity')
      } else {
        this.finish(
          state,
          'expired',
          `${req.type === 'market' ? 'market' : req.timeInForce} order could not fill ${rest.toString()}`,
        )
      }
      return this.toOrder(state)
    })
  }

  /**
   * Cancels a resting order.
   *
   * @throws VenueError `not-found` for an unknown order, `invalid-request` for a finished one.
   */
  cancel(ref: OrderRef): Order {
    return this.mutate(() => {
      const state = this.find(ref)
      if (TERMINAL.has(state.status)) {
        throw this.error(
          'invalid-request',
          `order ${state.id} (${state.clientOrderId}) is already ${state.status}`,
        )
      }
      this.market(state.symbol).book.remove(state.side, state.price ?? ZERO, state)
      this.dirty.add(state.symbol)
      this.finish(state, 'canceled', 'canceled by user')
      return this.toOrder(state)
    })
  }

  /**
   * Changes the price or the total quantity (filled part included) of a resting limit order. A smaller quantity at the same price keeps
   * the order's place in the queue; anything else sends it to the back of its new level, and a new
   * price that crosses the book trades first, as a new order would.
   *
   * @throws VenueError `not-found` for an unknown order, `invalid-request` for a finished or market
   * order, a bad price or quantity, or a post-only order that would take; `insufficient-funds`.
   */
  amend(ref: OrderRef, change: OrderAmendment): Order {
    return this.mutate(() => {
      const state = this.find(ref)
      const market = this.market(state.symbol)
      const instrument = market.config.instrument
      const bad = (message: string) => this.error('invalid-request', `${instrument.symbol}: ${message}`)
      if (TERMINAL.has(state.status)) throw bad(`order ${state.id} is already ${state.status}`)
      if (state.type !== 'limit' || state.price === undefined) throw bad('only a limit order can be amended')
      const oldPrice = state.price
      const price = change.price === undefined ? oldPrice : toDecimal(change.price)
      const quantity = change.quantity === undefined ? state.quantity : toDecimal(change.quantity)
      if (!price.gt(0) || !isMultipleOf(price, instrument.tickSize)) {
        throw bad(
          `price ${price.toString()} is not a positive multiple of tick ${instrument.tickSize.toString()}`,
        )
      }
      if (!quantity.gt(0) || !isMultipleOf(quantity, instrument.lotSize)) {
        throw bad(
          `quantity ${quantity.toString()} is not a positive multiple of lot ${instrument.lotSize.toString()}`,
        )
      }
      if (!quantity.gt(state.filled)) {
        throw bad(
          `quantity ${quantity.toString()} is not above the ${state.filled.toString()} already filled`,
        )
      }
      if (instrument.maxSize !== undefined && quantity.gt(instrument.maxSize)) {
        throw bad(`quantity ${quantity.toString()} is above ${instrument.maxSize.toString()}`)
      }
      const crosses = !price.eq(oldPrice) && market.book.crosses(state.side, price)
      if (crosses && state.timeInForce === 'PostOnly') {
        throw bad(`post-only order at ${price.toString()} would take liquidity`)
      }
      const rest = quantity.minus(state.filled)
      const asset = this.payAsset(instrument, state.side)
      const lock = state.side === 'buy' ? this.holdOf(price.mul(rest)) : rest
      const extra = lock.minus(state.locked)
      if (extra.gt(0) && this.ledger.get(asset).free.lt(extra)) {
        throw this.error(
          'insufficient-funds',
          `amend ${state.id} needs ${extra.toString()} more ${asset}, ${this.ledger.get(asset).free.toString()} free`,
        )
      }
      const shrinkOnly = price.eq(oldPrice) && quantity.lte(state.quantity)
      if (extra.gt(0)) this.ledger.lock(asset, extra)
      else this.ledger.unlock(asset, extra.neg())
      state.locked = lock
      state.quantity = quantity
      state.updatedAt = this.now()
      this.dirty.add(state.symbol)
      if (shrinkOnly && market.book.resize(state.side, oldPrice, state, rest)) {
        this.emitOrder(state)
        return this.toOrder(state)
      }
      market.book.remove(state.side, oldPrice, state)
      state.price = price
      this.emitOrder(state)
      if (crosses) {
        this.take(market, state, state.side, { limit: price, quantity: rest, lot: instrument.lotSize })
        if (state.status === 'filled') return this.toOrder(state)
      }
      market.book.rest(state.side, price, state, quantity.minus(state.filled))
      return this.toOrder(state)
    })
  }

  /**
   * How much must trade on the order's side before a resting order is reached (see
   * {@link MatchingBook.ahead}); `undefined` when the order is not resting.
   *
   * @throws VenueError `not-found` for an unknown order.
   */
  queueAhead(ref: OrderRef): Decimal | undefined {
    const state = this.find(ref)
    if (TERMINAL.has(state.status) || state.price === undefined) return undefined
    return this.market(state.symbol).book.ahead(state.side, state.price, state)
  }

  /**
   * Moves funds in or out of the account from outside trading (a deposit, or with a negative amount a
   * withdrawal), as venues report with a balance update.
   *
   * @throws VenueError `insufficient-funds` for a withdrawal above the free balance.
   */
  transfer(asset: string, amount: DecimalLike): Balance {
    return this.mutate(() => {
      const delta = toDecimal(amount)
      const free = this.ledger.get(asset).free
      if (free.plus(delta).lt(0)) {
        throw this.error(
          'insufficient-funds',
          `withdraw ${delta.neg().toString()} ${asset}: ${free.toString()} free`,
        )
      }
      this.ledger.credit(asset, delta)
      return this.balance(asset)
    })
  }

  /** Cancels every resting order, of one symbol or all; returns them canceled. */
  cancelAll(symbol?: UnifiedSymbol): Order[] {
    return this.mutate(() => this.open(symbol).map((o) => this.cancel(o)))
  }

  /** @throws VenueError `not-found` for an order the venue does not know. */
  get(ref: OrderRef): Order {
    return this.toOrder(this.find(ref))
  }

  /**
   * What an order still holds of the asset it pays with (a buy's quote, a sell's base): the hold of
   * what is left, zero once it is finished.
   *
   * @throws VenueError `not-found` for an order the venue does not know.
   */
  locked(ref: OrderRef): Decimal {
    return this.find(ref).locked
  }

  /** Resting orders, oldest first. */
  open(symbol?: UnifiedSymbol): Order[] {
    if (symbol !== undefined) this.config(symbol)
    return this.orders
      .filter((o) => !TERMINAL.has(o.status) && (symbol === undefined || o.symbol === symbol))
      .map((o) => this.toOrder(o))
  }

  /** Every asset held, funded at start or traded. */
  balances(): Balance[] {
    const assets = new Set(this.ledger.assets())
    for (const i of this.instruments()) assets.add(i.base).add(i.quote)
    return [...assets].map((a) => this.balance(a))
  }

  balance(asset: string): Balance {
    const { free, locked } = this.ledger.get(asset)
    const now = this.now()
    const venue = this.options.id
    return {
      venue,
      asset,
      free,
      locked,
      total: free.plus(locked),
      timestamp: now,
      rawTimestamp: now.getTime(),
    }
  }

  /** Best prices now and statistics over the trades of the last 24 h. */
  ticker(symbol: UnifiedSymbol): Ticker {
    const market = this.market(symbol)
    const now = this.now()
    const [bid] = market.book.levels('buy', 1)
    const [ask] = market.book.levels('sell', 1)
    const day = market.day.at(now.getTime(), market.trades)
    return {
      venue: this.options.id,
      symbol: market.config.instrument.symbol,
      timestamp: now,
      rawTimestamp: now.getTime(),
      bid: bid?.price,
      bidSize: bid?.size,
      ask: ask?.price,
      askSize: ask?.size,
      last: market.trades[market.trades.length - 1]?.price,
      open24h: day.first?.price,
      high24h: day.high,
      low24h: day.low,
      volume24h: day.volume,
      quoteVolume24h: day.quoteVolume,
    }
  }

  /** Public trades with `fromMs <= time < toMs`, oldest first. */
  trades(symbol: UnifiedSymbol, fromMs: number, toMs: number): Trade[] {
    return this.market(symbol).trades.filter((t) => {
      const ms = t.timestamp.getTime()
      return ms >= fromMs && ms < toMs
    })
  }

  private config(symbol: UnifiedSymbol): MarketConfig {
    const config = this.options.markets.get(symbol)
    if (config === undefined) {
      const known = [...this.options.markets.keys()]
      throw this.error(
        'invalid-request',
        `unknown symbol ${String(symbol)}${didYouMean(String(symbol), known)}`,
      )
    }
    return config
  }

  private market(symbol: UnifiedSymbol): Market {
    const existing = this.markets.get(symbol)
    if (existing) return existing
    const config = this.config(symbol)
    const market: Market = {
      config,
      book: new MatchingBook<OrderState>(),
      prng: createPrng(deriveSeed(this.options.seed, symbol)),
      reference:
        this.options.referenceSeed === undefined
          ? undefined
          : new ReferencePrice({
              referenceSeed: this.options.referenceSeed,
              venueSeed: this.options.seed,
              symbol: config.reference ?? symbol,
              startPrice: config.startPrice,
            }),
      trades: [],
      day: new RollingStats(DAY_MS, this.options.historyLimit),
      scriptAt: 0,
      tradeSeq: 0,
    }
    this.markets.set(symbol, market)
    this.tapes.get(symbol)?.begin(this.now().getTime())
    // The starting book is how the market was before anyone looked: nobody is told about it.
    const first =
      this.options.mode === 'random'
        ? initialRandomBook(market.prng, this.walkState(market))
        : config.script[0]
    if (first !== undefined) {
      market.scriptAt = this.options.mode === 'random' ? 0 : 1
      const quiet = this.quiet
      this.quiet = true
      try {
        this.apply(market, first)
      } finally {
        this.quiet = quiet
      }
    }
    return market
  }

  private walkState(market: Market): RandomWalkState {
    const { instrument, maxLevelSize, startPrice } = market.config
    return {
      tickSize: instrument.tickSize,
      lotSize: instrument.lotSize,
      // A count of lots, only used to draw random sizes.
      maxLots: Math.max(1, maxLevelSize.div(instrument.lotSize).floor().toNumber()),
      levels: this.options.levels,
      startPrice,
      marketBids: market.book.marketLevels('buy'),
      marketAsks: market.book.marketLevels('sell'),
      topBid: market.book.levels('buy', 1)[0],
      topAsk: market.book.levels('sell', 1)[0],
      fair: market.reference?.fair(),
    }
  }

  private apply(market: Market, step: BookStep): void {
    const { book, config } = market
    if (step.snapshot) book.clearMarket()
    const levels: [Side, readonly NonNullable<BookStep['bids']>[number][]][] = [
      ['buy', step.bids ?? []],
      ['sell', step.asks ?? []],
    ]
    for (const [side, list] of levels) {
      for (const raw of list) {
        const { price, size } = levelOf(raw)
        if (size.gt(0) && book.crosses(side, price)) {
          const done = this.take(market, undefined, side, {
            limit: price,
            quantity: size,
            lot: config.instrument.lotSize,
          })
          const left = size.minus(sum(done, (e) => e.quantity))
          if (left.gt(0)) book.setMarket(side, price, left)
        } else {
          book.setMarket(side, price, size)
        }
      }
    }
    for (const t of step.trades ?? []) {
      const limit = t.price === undefined ? undefined : toDecimal(t.price)
      this.take(market, undefined, t.side, {
        limit,
        quantity: toDecimal(t.size),
        lot: config.instrument.lotSize,
      })
    }
    if (!this.quiet) this.dirty.add(config.instrument.symbol)
  }

  /** Runs a taker (a user order, or the market when `taker` is undefined) against the book. */
  private take(
    market: Market,
    taker: OrderState | undefined,
    side: Side,
    limits: MatchLimits,
  ): Execution<OrderState>[] {
    const executions = market.book.match(side, limits)
    for (const e of executions) {
      const trade = this.recordTrade(market, side, e.price, e.quantity)
      if (e.maker !== undefined) this.fill(market, e.maker, e, trade.id, 'maker')
      if (taker !== undefined) this.fill(market, taker, e, trade.id, 'taker')
    }
    return executions
  }

  private recordTrade(market: Market, side: Side, price: Decimal, size: Decimal): Trade {
    const now = this.now()
    const trade: Trade = {
      venue: this.options.id,
      symbol: market.config.instrument.symbol,
      id: String(++market.tradeSeq),
      price,
      size,
      side,
      timestamp: now,
      rawTimestamp: now.getTime(),
    }
    market.trades.push(trade)
    market.day.add(trade)
    this.tapes.get(trade.symbol)?.record(now.getTime(), price, size)
    if (market.trades.length > this.options.historyLimit)
      market.trades.splice(0, market.trades.length - this.options.historyLimit)
    if (!this.quiet) {
      this.dirty.add(trade.symbol)
      this.listener.trade(trade)
    }
    return trade
  }

  private fill(
    market: Market,
    order: OrderState,
    e: Execution<OrderState>,
    tradeId: string,
    liquidity: Liquidity,
  ): void {
    const { base, quote } = market.config.instrument
    const value = e.price.mul(e.quantity)
    const rate = liquidity === 'maker' ? this.options.makerFee : this.options.takerFee
    const inQuote = this.options.feeAsset === 'quote'
    let fee: Decimal
    if (order.side === 'buy') {
      fee = this.charged((inQuote ? value : e.quantity).mul(rate))
      const paid = inQuote ? value.plus(fee) : value
      this.ledger.spendLocked(quote, paid)
      order.locked = order.locked.minus(paid)
      // A limit buy keeps the hold of what is left at its limit; filling better frees the difference now.
      const saved =
        order.type === 'limit' && order.price !== undefined
          ? order.locked.minus(
              this.holdOf(order.price.mul(order.quantity.minus(order.filled).minus(e.quantity))),
            )
          : ZERO
      if (saved.gt(0)) {
        this.ledger.unlock(quote, saved)
        order.locked = order.locked.minus(saved)
      }
      this.ledger.credit(base, inQuote ? e.quantity : e.quantity.minus(fee))
    } else {
      this.ledger.spendLocked(base, e.quantity)
      order.locked = order.locked.minus(e.quantity)
      fee = this.charged(value.mul(rate))
      this.ledger.credit(quote, value.minus(fee))
    }
    order.filled = order.filled.plus(e.quantity)
    order.notional = order.notional.plus(value)
    if (order.quoteQuantity !== undefined) order.quantity = order.filled
    order.updatedAt = this.now()
    const done = order.quoteQuantity === undefined && order.filled.gte(order.quantity)
    order.status = done ? 'filled' : 'partially-filled'
    const now = order.updatedAt
    if (!this.quiet) {
      this.listener.fill({
        venue: this.options.id,
        symbol: order.symbol,
        tradeId,
        orderId: order.id,
        clientOrderId: order.clientOrderId,
        side: order.side,
        price: e.price,
        quantity: e.quantity,
        fee,
        feeAsset: order.side === 'buy' && !inQuote ? base : quote,
        liquidity,
        timestamp: now,
        rawTimestamp: now.getTime(),
      })
    }
    if (done) this.finish(order, 'filled', undefined)
    else this.emitOrder(order)
  }

  /** A fee as charged: to the venue's places, when it has some. */
  private charged(fee: Decimal): Decimal {
    const places = this.options.feePlaces
    return places === undefined ? fee : fee.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)
  }

  /** What a buy of `value` pays in quote at `rate`: the fee too when it is charged in quote. */
  private cost(value: Decimal, rate: Decimal): Decimal {
    return this.options.feeAsset === 'quote' ? value.plus(this.charged(value.mul(rate))) : value
  }

  /**
   * What a limit buy of `value` holds: the value, and when fees are charged in quote the fee at the
   * higher rate, rounded up so that no fill charged at either rate spends more than it holds
   * (Coinbase: the available balance must cover the order's value plus fees).
   */
  private holdOf(value: Decimal): Decimal {
    if (this.options.feeAsset !== 'quote') return value
    const fee = value.mul(Decimal.max(this.options.makerFee, this.options.takerFee))
    const places = this.options.feePlaces
    return value.plus(places === undefined ? fee : fee.toDecimalPlaces(places, Decimal.ROUND_UP))
  }

  /**
   * The value a market buy by quote quantity may fill: all of it, or with fees charged in quote what
   * leaves room for the taker fee (Prime: the fee is deducted from the quote amount,
   * https://docs.cdp.coinbase.com/prime/concepts/trading/trading-fees).
   */
  private budgetOf(quoteQuantity: Decimal): Decimal {
    return this.options.feeAsset === 'quote'
      ? quoteQuantity.div(this.options.takerFee.plus(1))
      : quoteQuantity
  }

  /** Moves an order to a final status and frees what it still had locked. */
  private finish(order: OrderState, status: OrderStatus, reason: string | undefined): void {
    const instrument = this.instrument(order.symbol)
    this.ledger.unlock(this.payAsset(instrument, order.side), order.locked)
    order.locked = ZERO
    order.status = status
    order.reason = reason
    order.updatedAt = this.now()
    this.emitOrder(order)
  }

  private emitOrder(order: OrderState): void {
    if (!this.quiet) this.listener.order(this.toOrder(order))
  }

  private payAsset(instrument: Instrument, side: Side): string {
    return side === 'buy' ? instrument.quote : instrument.base
  }

  private find(ref: OrderRef): OrderState {
    const state = ref.id !== undefined ? this.byId.get(ref.id) : this.byClientId.get(ref.clientOrderId ?? '')
    if (state === undefined || state.symbol !== ref.symbol) {
      const which = ref.id !== undefined ? `id ${ref.id}` : `client order id ${ref.clientOrderId}`
      throw this.error('not-found', `no ${ref.symbol} order with ${which}`)
    }
    return state
  }

  private freeClientOrderId(): string {
    let n = this.orderSeq + 1
    while (this.byClientId.has(`mock-${n}`)) n++
    return `mock-${n}`
  }

  /** Checks an order against the instrument; returns it with decimals normalized and defaults filled. */
  private checkOrder(
    request: OrderRequest,
    instrument: Instrument,
  ): OrderRequest & { readonly timeInForce: TimeInForce } {
    const bad = (message: string) => this.error('invalid-request', `${instrument.symbol}: ${message}`)
    if (instrument.status !== 'trading') throw bad(`instrument is ${instrument.status}`)
    if (request.side !== 'buy' && request.side !== 'sell') throw bad(`side must be buy or sell`)
    const price = request.price === undefined ? undefined : toDecimal(request.price)
    const quantity = request.quantity === undefined ? undefined : toDecimal(request.quantity)
    const quoteQuantity = request.quoteQuantity === undefined ? undefined : toDecimal(request.quoteQuantity)
    if ((quantity === undefined) === (quoteQuantity === undefined)) {
      throw bad('give exactly one of quantity and quoteQuantity')
    }
    let timeInForce: TimeInForce
    if (request.type === 'limit') {
      if (price === undefined) throw bad('a limit order needs a price')
      if (quantity === undefined) throw bad('a limit order needs a base quantity')
      if (!price.gt(0) || !isMultipleOf(price, instrument.tickSize)) {
        throw bad(
          `price ${price.toString()} is not a positive multiple of tick ${instrument.tickSize.toString()}`,
        )
      }
      if (instrument.minNotional !== undefined && price.mul(quantity).lt(instrument.minNotional)) {
        throw bad(
          `order value ${price.mul(quantity).toString()} is below ${instrument.minNotional.toString()}`,
        )
      }
      timeInForce = request.timeInForce ?? 'GTC'
    } else if (request.type === 'market') {
      if (price !== undefined) throw bad('a market order takes no price')
      if (
        request.timeInForce !== undefined &&
        request.timeInForce !== 'IOC' &&
        request.timeInForce !== 'FOK'
      ) {
        throw bad(`a market order cannot be ${request.timeInForce}`)
      }
      if (quoteQuantity !== undefined) {
        if (request.side !== 'buy') throw bad('only a market buy may give quoteQuantity')
        if (!quoteQuantity.gt(0)) throw bad('quoteQuantity must be positive')
        if (instrument.minNotional !== undefined && quoteQuantity.lt(instrument.minNotional)) {
          throw bad(`quoteQuantity ${quoteQuantity.toString()} is below ${instrument.minNotional.toString()}`)
        }
      }
      timeInForce = request.timeInForce ?? 'IOC'
    } else {
      throw bad(`unknown order type ${String(request.type)}`)
    }
    if (quantity !== undefined) {
      if (!quantity.gt(0) || !isMultipleOf(quantity, instrument.lotSize)) {
        throw bad(
          `quantity ${quantity.toString()} is not a positive multiple of lot ${instrument.lotSize.toString()}`,
        )
      }
      if (quantity.lt(instrument.minSize))
        throw bad(`quantity ${quantity.toString()} is below ${instrument.minSize.toString()}`)
      if (instrument.maxSize !== undefined && quantity.gt(instrument.maxSize)) {
        throw bad(`quantity ${quantity.toString()} is above ${instrument.maxSize.toString()}`)
      }
    }
    return { ...request, price, quantity, quoteQuantity, timeInForce }
  }

  private toOrder(s: OrderState): Order {
    return {
      venue: this.options.id,
      symbol: s.symbol,
      id: s.id,
      clientOrderId: s.clientOrderId,
      side: s.side,
      type: s.type,
      timeInForce: s.timeInForce,
      price: s.price,
      quantity: s.quantity,
      quoteQuantity: s.quoteQuantity,
      filledQuantity: s.filled,
      averagePrice: s.filled.gt(0) ? s.notional.div(s.filled) : undefined,
      status: s.status,
      createdAt: s.createdAt,
      reason: s.reason,
      timestamp: s.updatedAt,
      rawTimestamp: s.updatedAt.getTime(),
    }
  }

  private mutate<R>(run: () => R): R {
    this.depth++
    try {
      return run()
    } finally {
      if (--this.depth === 0) this.flush()
    }
  }

  private flush(): void {
    for (const asset of this.ledger.drainChanged()) this.listener.balance(this.balance(asset))
    const dirty = [...this.dirty]
    this.dirty.clear()
    for (const symbol of dirty) this.listener.changed(symbol)
  }

  private now(): Date {
    return new Date(this.options.now())
  }

  private error(kind: 'invalid-request' | 'insufficient-funds' | 'not-found', message: string): VenueError {
    return new VenueError({ kind, venue: this.options.id, message })
  }
}

function sum<T>(items: readonly T[], of: (item: T) => Decimal): Decimal {
  return items.reduce((total, item) => total.plus(of(item)), ZERO)
}
