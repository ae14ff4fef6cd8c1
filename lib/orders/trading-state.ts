/**
 * The order manager's read model: every order by venue and client order id, the fills seen, the
 * positions they make, the mids of the books watched, and the running totals the risk checks read
 * (what open orders have left, per side and per asset, and how many are open per scope).
 */
import { Decimal } from '../core/decimal.js'
import { fillKey, type Fill, type Order, type Side, type UnifiedSymbol, type VenueId } from '../core/model.js'
import { applyOrderUpdate, isTerminal } from '../core/order-status.js'
import type { RiskState } from '../risk/risk-state.js'
import type { PositionSnapshot } from '../store/order-store.js'
import { CappedKeys, FinishedKeys } from '../store/retention.js'
import { PositionBook } from './position.js'

const ZERO = new Decimal(0)

/**
 * What an order applied to the model did.
 *
 * @example
 * const applied: OrderApplied = state.applyOrder(update)
 * if (applied.kind === 'refused') console.warn(applied.reason)
 */
export type OrderApplied =
  | { readonly kind: 'new'; readonly order: Order }
  | { readonly kind: 'changed'; readonly order: Order; readonly previous: Order }
  | { readonly kind: 'same'; readonly order: Order }
  | { readonly kind: 'refused'; readonly order: Order; readonly reason: string }

/**
 * How many finished orders the read model keeps, and who hears of those it forgets.
 *
 * @example
 * new TradingState(() => Date.now(), { keepFinishedOrders: 1000, forgot: (o) => intents.delete(o.clientOrderId) })
 */
export interface OrderRetention {
  /** Finished orders kept, those finished last; every open order is kept. Default: all. */
  readonly keepFinishedOrders?: number | undefined
  /** Hears of each finished order forgotten. */
  readonly forgot?: ((order: Order) => void) | undefined
  /**
   * Whether a fill the model holds no key of was seen before (the store's `hasFill`). Given it, the
   * model keeps only the keys of its newest `keepFillKeys` fills and asks it about any other.
   */
  readonly storedFill?: ((fill: Fill) => boolean) | undefined
  /** Fill keys kept in memory when `storedFill` is given. Default 10,000. */
  readonly keepFillKeys?: number | undefined
}

interface Exposure {
  buy: Decimal
  sell: Decimal
}

interface Flow {
  in: Decimal
  out: Decimal
}

/**
 * The read model; it implements {@link RiskState} over its running totals.
 *
 * @example
 * const state = new TradingState(() => Date.now())
 * state.applyOrder(order)
 * state.openOrderCount('bybit') // 1
 */
export class TradingState implements RiskState {
  private readonly orders = new Map<string, Order>()
  // the client order id of each order known by its venue id (`venue symbol id`: Binance's ids are per symbol)
  private readonly byVenueId = new Map<string, string>()
  // what is open, apart: read on every change by `openOrders$`, however many orders have finished
  private readonly open = new Map<string, Order>()
  private readonly finished: FinishedKeys
  private readonly exposure = new Map<string, Exposure>()
  private readonly flows = new Map<string, Flow>()
  private readonly counts = new Map<string, number>()
  private readonly positions = new Map<string, PositionBook>()
  private readonly assets = new Map<string, Decimal>()
  private readonly mids = new Map<string, Decimal>()
  // mids whose book is reconnecting or resyncing: still the mark of PnL, not a price to check orders by
  private readonly staleMids = new Set<string>()
  // the keys of the fills seen; with a store to ask about the others, only the newest
  private readonly fillKeys: Set<string> | CappedKeys
  // what the fills counted of each order kept hold (`venue symbol id`), for a fill reported twice under
  // two trade ids (one a venue derived from its running totals, then its own)
  private readonly counted = new Map<string, Decimal>()
  private readonly pnlCache = new Map<
    PositionBook,
    { version: number; mid: Decimal | undefined; pnl: Decimal }
  >()

  constructor(
    /** Epoch ms (the manager's scheduler). */
    readonly now: () => number,
    private readonly retention: OrderRetention = {},
  ) {
    this.finished = new FinishedKeys(retention.keepFinishedOrders ?? Infinity)
    this.fillKeys =
      retention.storedFill === undefined ? new Set() : new CappedKeys(retention.keepFillKeys ?? 10_000)
  }

  // ---- orders ----

  /** The order known under this venue and client order id. */
  order(venue: VenueId, clientOrderId: string): Order | undefined {
    return this.orders.get(`${venue} ${clientOrderId}`)
  }

  /** The order known under this venue id (of this symbol: a venue's ids may be per symbol). */
  orderById(venue: VenueId, symbol: UnifiedSymbol, id: string): Order | undefined {
    const clientOrderId = this.byVenueId.get(`${venue} ${symbol} ${id}`)
    return clientOrderId === undefined ? undefined : this.order(venue, clientOrderId)
  }

  /** Every order known, oldest first. */
  allOrders(): Order[] {
    return [...this.orders.values()]
  }

  /** Every order not finished (of one venue, or one venue's symbol), oldest first. */
  openOrders(venue?: VenueId, symbol?: UnifiedSymbol): Order[] {
    const all = [...this.open.values()]
    return venue === undefined && symbol === undefined
      ? all
      : all.filter(
          (o) => (venue === undefined || o.venue === venue) && (symbol === undefined || o.symbol === symbol),
        )
  }

  /** Applies an order's state through the order state machine, keeping the totals in step. */
  applyOrder(next: Order): OrderApplied {
    const key = `${next.venue} ${next.clientOrderId}`
    const prev = this.orders.get(key)
    if (prev === undefined) {
      this.keep(key, next)
      return { kind: 'new', order: next }
    }
    const result = applyOrderUpdate(prev, next)
    if (!result.ok) return { kind: 'refused', order: prev, reason: result.reason }
    if (!result.changed) return { kind: 'same', order: prev }
    this.count(prev, -1)
    this.keep(key, result.order)
    return { kind: 'changed', order: result.order, previous: prev }
  }

  /**
   * Replaces an order as the venue reports it after a lookup, even against the state machine (a
   * reconciliation is the venue's word, e.g. an order we thought open that the venue has forgotten).
   */
  replaceOrder(next: Order): void {
    const key = `${next.venue} ${next.clientOrderId}`
    const prev = this.orders.get(key)
    if (prev !== undefined) this.count(prev, -1)
    this.keep(key, next)
  }

  /** Forgets an order altogether, as if never seen: one whose placement was never sent. */
  forget(venue: VenueId, clientOrderId: string): void {
    const key = `${venue} ${clientOrderId}`
    const o = this.orders.get(key)
    if (o === undefined) return
    this.count(o, -1)
    this.orders.delete(key)
    this.unindex(o)
    this.open.delete(key)
    this.finished.note(key, false)
  }

  /**
   * Keeps an order as it is now, counted in the open totals, and forgets the orders finished longest
   * ago beyond {@link OrderRetention.keepFinishedOrders}.
   */
  private keep(key: string, o: Order): void {
    this.orders.set(key, o)
    if (o.id !== undefined) this.byVenueId.set(`${o.venue} ${o.symbol} ${o.id}`, o.clientOrderId)
    this.count(o, +1)
    const finished = isTerminal(o.status)
    if (finished) this.open.delete(key)
    else this.open.set(key, o)
    for (const old of this.finished.note(key, finished)) {
      const forgotten = this.orders.get(old)
      this.orders.delete(old)
      if (forgotten === undefined) continue
      this.unindex(forgotten)
      if (forgotten.id !== undefined)
        this.counted.delete(`${forgotten.venue} ${forgotten.symbol} ${forgotten.id}`)
      this.retention.forgot?.(forgotten)
    }
  }

  /** Drops an order's venue id from the index, unless another order has taken it since. */
  private unindex(o: Order): void {
    if (o.id === undefined) return
    const key = `${o.venue} ${o.symbol} ${o.id}`
    if (this.byVenueId.get(key) === o.clientOrderId) this.byVenueId.delete(key)
  }

  /** Adds or removes an order's contribution to the open totals. */
  private count(o: Order, sign: 1 | -1): void {
    if (isTerminal(o.status)) return
    for (const k of ['*', o.venue, `${o.venue} ${o.symbol}`])
      this.counts.set(k, (this.counts.get(k) ?? 0) + sign)
    const left = Decimal.max(o.quantity.minus(o.filledQuantity), ZERO)
    if (left.isZero()) return
    const signed = sign === 1 ? left : left.neg()
    const ex = this.exposureOf(o.venue, o.symbol)
    ex[o.side] = ex[o.side].plus(signed)
    const base = this.baseOf(o.symbol)
    const quote = this.quoteOf(o.symbol)
    const value = o.price === undefined ? ZERO : o.price.times(signed)
    const b = this.flowOf(o.venue, base)
    const q = this.flowOf(o.venue, quote)
    if (o.side === 'buy') {
      b.in = b.in.plus(signed)
      q.out = q.out.plus(value)
    } else {
      b.out = b.out.plus(signed)
      q.in = q.in.plus(value)
    }
  }

  private exposureOf(venue: VenueId, symbol: UnifiedSymbol): Exposure {
    const key = `${venue} ${symbol}`
    let e = this.exposure.get(key)
    if (e === undefined) this.exposure.set(key, (e = { buy: ZERO, sell: ZERO }))
    return e
  }

  private flowOf(venue: VenueId, asset: string): Flow {
    const key = `${venue} ${asset}`
    let f = this.flows.get(key)
    if (f === undefined) this.flows.set(key, (f = { in: ZERO, out: ZERO }))
    return f
  }

  // ---- fills and positions ----

  /** Counts a fill once (by {@link fillKey}); false for one seen before. */
  applyFill(fill: Fill): boolean {
    const key = fillKey(fill)
    if (this.fillKeys.has(key)) return false
    const seen = this.retention.storedFill?.(fill) ?? false
    this.remember(key)
    if (seen) return false
    const orderKey = `${fill.venue} ${fill.symbol} ${fill.orderId}`
    this.counted.set(orderKey, (this.counted.get(orderKey) ?? ZERO).plus(fill.quantity))
    this.positionOf(fill.venue, fill.symbol).apply(fill)
    const base = this.baseOf(fill.symbol)
    const quote = this.quoteOf(fill.symbol)
    const value = fill.price.times(fill.quantity)
    this.addAsset(fill.venue, base, fill.side === 'buy' ? fill.quantity : fill.quantity.neg())
    this.addAsset(fill.venue, quote, fill.side === 'buy' ? value.neg() : value)
    if (!fill.fee.isZero()) this.addAsset(fill.venue, fill.feeAsset, fill.fee.neg())
    return true
  }

  /**
   * Whether a fill not seen before would count more of its order than the order says filled: the
   * fills counted of an order the model keeps already make up its filled quantity. Such a fill is one
   * seen under another trade id (a fill a venue derived from its running totals, then listed as its
   * own), or the order's state lags; either way a reconciliation leaves it to the next one.
   */
  overfills(fill: Fill): boolean {
    const clientOrderId = this.byVenueId.get(`${fill.venue} ${fill.symbol} ${fill.orderId}`)
    const order = clientOrderId === undefined ? undefined : this.orders.get(`${fill.venue} ${clientOrderId}`)
    if (order === undefined) return false
    const counted = this.counted.get(`${fill.venue} ${fill.symbol} ${fill.orderId}`) ?? ZERO
    return counted.plus(fill.quantity).gt(order.filledQuantity)
  }

  /** Marks a fill as seen without counting it (one the store already counted in a position snapshot). */
  knowFill(fill: Fill): void {
    this.remember(fillKey(fill))
  }

  /** {@link TradingState.knowFill} by the fill's {@link fillKey} alone. */
  knowFillKey(key: string): void {
    this.remember(key)
  }

  /** Whether a fill was seen (by the model, or by the store it asks). */
  hasFill(fill: Fill): boolean {
    return this.fillKeys.has(fillKey(fill)) || (this.retention.storedFill?.(fill) ?? false)
  }

  private remember(key: string): void {
    if (!this.fillKeys.has(key)) this.fillKeys.add(key)
  }

  /** Restores a position from its snapshot (at start-up, before any fill). */
  restorePosition(s: PositionSnapshot): void {
    const p = PositionBook.from(s, this.baseOf(s.symbol), this.quoteOf(s.symbol))
    this.positions.set(`${s.venue} ${s.symbol}`, p)
    this.addAsset(s.venue, p.base, s.quantity)
    this.addAsset(s.venue, p.quote, s.quoteFlow)
    for (const [asset, fee] of p.fees) this.addAsset(s.venue, asset, fee.neg())
  }

  /** The position of a symbol on a venue, made flat on first use. */
  positionOf(venue: VenueId, symbol: UnifiedSymbol): PositionBook {
    const key = `${venue} ${symbol}`
    let p = this.positions.get(key)
    if (p === undefined) {
      p = new PositionBook(venue, symbol, this.baseOf(symbol), this.quoteOf(symbol))
      this.positions.set(key, p)
    }
    return p
  }

  /** Every position with a fill. */
  allPositions(): PositionBook[] {
    return [...this.positions.values()].filter((p) => p.fills > 0)
  }

  private addAsset(venue: VenueId, asset: string, amount: Decimal): void {
    const key = `${venue} ${asset}`
    this.assets.set(key, (this.assets.get(key) ?? ZERO).plus(amount))
  }

  // ---- marks ----

  /** Sets the mid of a venue's book of a symbol, live from now on; `undefined` forgets it. */
  setMid(venue: VenueId, symbol: UnifiedSymbol, mid: Decimal | undefined): void {
    const key = `${venue} ${symbol}`
    this.staleMids.delete(key)
    if (mid === undefined) this.mids.delete(key)
    else this.mids.set(key, mid)
  }

  /**
   * Marks the mids of a venue's books (one symbol's, or all of the venue's) stale until their next
   * {@link TradingState.setMid}: the book is reconnecting or resyncing. A stale mid still marks PnL
   * ({@link TradingState.mark}), but {@link TradingState.mid}, which the risk checks read, is unknown.
   */
  staleMid(venue: VenueId, symbol?: UnifiedSymbol): void {
    if (symbol !== undefined) {
      const key = `${venue} ${symbol}`
      if (this.mids.has(key)) this.staleMids.add(key)
      return
    }
    for (const key of this.mids.keys()) if (key.startsWith(`${venue} `)) this.staleMids.add(key)
  }

  /** The last mid of a venue's book of a symbol, stale or not: what PnL is marked to. */
  mark(venue: VenueId, symbol: UnifiedSymbol): Decimal | undefined {
    return this.mids.get(`${venue} ${symbol}`)
  }

  // ---- RiskState ----

  /** The mid of a venue's book of a symbol, when one is known and its book is live. */
  mid(venue: VenueId, symbol: UnifiedSymbol): Decimal | undefined {
    const key = `${venue} ${symbol}`
    return this.staleMids.has(key) ? undefined : this.mids.get(key)
  }

  position(venue: VenueId, symbol: UnifiedSymbol): Decimal {
    return this.positions.get(`${venue} ${symbol}`)?.quantity ?? ZERO
  }

  openQuantity(venue: VenueId, symbol: UnifiedSymbol, side: Side): Decimal {
    return this.exposure.get(`${venue} ${symbol}`)?.[side] ?? ZERO
  }

  assetPosition(venue: VenueId, asset: string): Decimal {
    return this.assets.get(`${venue} ${asset}`) ?? ZERO
  }

  openAssetFlow(venue: VenueId, asset: string, direction: 'in' | 'out'): Decimal {
    return this.flows.get(`${venue} ${asset}`)?.[direction] ?? ZERO
  }

  openOrderCount(venue?: VenueId, symbol?: UnifiedSymbol): number {
    const key = venue === undefined ? '*' : symbol === undefined ? venue : `${venue} ${symbol}`
    return this.counts.get(key) ?? 0
  }

  pnl(venue?: VenueId, symbol?: UnifiedSymbol): Decimal {
    if (venue !== undefined && symbol !== undefined) {
      const p = this.positions.get(`${venue} ${symbol}`)
      return p === undefined ? ZERO : this.pnlOf(p)
    }
    let total = ZERO
    for (const p of this.positions.values()) {
      if (venue === undefined || p.venue === venue) total = total.plus(this.pnlOf(p))
    }
    return total
  }

  /** PnL of one position, cached until its next fill or mid. */
  pnlOf(p: PositionBook): Decimal {
    const mid = this.mids.get(`${p.venue} ${p.symbol}`)
    const cached = this.pnlCache.get(p)
    if (cached !== undefined && cached.version === p.version && cached.mid === mid) return cached.pnl
    const pnl = p.pnl(mid)
    this.pnlCache.set(p, { version: p.version, mid, pnl })
    return pnl
  }

  baseOf(symbol: UnifiedSymbol): string {
    return symbol.slice(0, symbol.indexOf('/'))
  }

  quoteOf(symbol: UnifiedSymbol): string {
    return symbol.slice(symbol.indexOf('/') + 1)
  }
}
