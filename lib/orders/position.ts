/**
 * Position book-keeping of one symbol on one venue from its fills, by average cost: the net quantity,
 * what it cost, the quote that flowed and the fees. PnL is exact in total: realized plus unrealized is
 * always quote flow plus quantity × mark, whatever rounding the average entry needs.
 */
import { Decimal } from '../core/decimal.js'
import type { Fill, UnifiedSymbol, VenueId } from '../core/model.js'
import type { PositionSnapshot } from '../store/order-store.js'

const ZERO = new Decimal(0)

/**
 * A position as the order manager reports it: net quantity, average entry, PnL marked to `mark`
 * (the mid of the venue's book; the average entry while no book is known), fees included.
 *
 * @example
 * manager.positions$().subscribe((all: readonly ManagedPosition[]) =>
 *   all.forEach((p) => console.log(p.venue, p.symbol, p.quantity.toFixed(), p.averagePrice?.toFixed(), p.pnl.toFixed())),
 * )
 */
export interface ManagedPosition {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly base: string
  readonly quote: string
  /** Net base quantity: bought minus sold (negative: short). Fees are not taken off. */
  readonly quantity: Decimal
  /** Average entry price of the open quantity; undefined when flat. */
  readonly averagePrice: Decimal | undefined
  /** The price the open quantity is marked to; undefined while flat and no book is known. */
  readonly mark: Decimal | undefined
  /** PnL of quantity closed, in quote currency, before fees. */
  readonly realizedPnl: Decimal
  /** (mark − average entry) × quantity. */
  readonly unrealizedPnl: Decimal
  /** Fees in quote currency: quote fees, plus base fees valued at the mark. Fees in other assets are in `fees` only. */
  readonly feesInQuote: Decimal
  /** Realized + unrealized − fees in quote. */
  readonly pnl: Decimal
  /** Fees paid, by asset. */
  readonly fees: Readonly<Record<string, Decimal>>
  readonly fills: number
}

/**
 * The running book-keeping of one symbol on one venue.
 *
 * @example
 * const p = new PositionBook('bybit', 'BTC/USDT', 'BTC', 'USDT')
 * p.apply(fill)
 * p.view(mid).pnl
 */
export class PositionBook {
  quantity = ZERO
  cost = ZERO
  quoteFlow = ZERO
  fees = new Map<string, Decimal>()
  fills = 0
  updatedAt = 0
  /** Bumped by every fill: caches keyed on it stay valid until the next one. */
  version = 0

  constructor(
    readonly venue: VenueId,
    readonly symbol: UnifiedSymbol,
    readonly base: string,
    readonly quote: string,
  ) {}

  /** A position from its snapshot. */
  static from(s: PositionSnapshot, base: string, quote: string): PositionBook {
    const p = new PositionBook(s.venue, s.symbol, base, quote)
    p.quantity = s.quantity
    p.cost = s.cost
    p.quoteFlow = s.quoteFlow
    p.fees = new Map(Object.entries(s.fees))
    p.fills = s.fills
    p.updatedAt = s.updatedAt
    return p
  }

  /** Counts a fill: average cost on the side that grows, the cost taken off pro rata on the side that shrinks. */
  apply(fill: Fill): void {
    const signed = fill.side === 'buy' ? fill.quantity : fill.quantity.neg()
    const value = fill.price.times(fill.quantity)
    this.quoteFlow = fill.side === 'buy' ? this.quoteFlow.minus(value) : this.quoteFlow.plus(value)
    const q = this.quantity
    const next = q.plus(signed)
    if (q.isZero() || q.isNeg() === signed.isNeg()) {
      this.cost = this.cost.plus(fill.price.times(signed)) // opening or adding
    } else if (next.isZero() || next.isNeg() === q.isNeg()) {
      this.cost = next.isZero() ? ZERO : this.cost.times(next).div(q) // reducing
    } else {
      this.cost = fill.price.times(next) // through zero: the rest opens at the fill price
    }
    this.quantity = next
    if (!fill.fee.isZero())
      this.fees.set(fill.feeAsset, (this.fees.get(fill.feeAsset) ?? ZERO).plus(fill.fee))
    this.fills++
    this.updatedAt = Math.max(this.updatedAt, fill.timestamp.getTime())
    this.version++
  }

  /** The average entry price, when not flat. */
  averagePrice(): Decimal | undefined {
    return this.quantity.isZero() ? undefined : this.cost.div(this.quantity)
  }

  /** Realized + unrealized − fees in quote, marked to `mark` (or to the average entry without one). */
  pnl(mark: Decimal | undefined): Decimal {
    const value = mark === undefined ? this.cost : this.quantity.times(mark)
    let pnl = this.quoteFlow.plus(value)
    const quoteFee = this.fees.get(this.quote)
    if (quoteFee !== undefined) pnl = pnl.minus(quoteFee)
    const baseFee = this.fees.get(this.base)
    if (baseFee !== undefined) pnl = pnl.minus(baseFee.times(mark ?? this.averagePrice() ?? ZERO))
    return pnl
  }

  /** The position as reported, marked to `mark`. */
  view(mark: Decimal | undefined): ManagedPosition {
    const at = mark ?? this.averagePrice()
    const unrealized = at === undefined ? ZERO : this.quantity.times(at).minus(this.cost)
    const realized = this.quoteFlow.plus(this.cost)
    const baseFee = this.fees.get(this.base)
    const feesInQuote = (this.fees.get(this.quote) ?? ZERO).plus(
      baseFee === undefined || at === undefined ? ZERO : baseFee.times(at),
    )
    return {
      venue: this.venue,
      symbol: this.symbol,
      base: this.base,
      quote: this.quote,
      quantity: this.quantity,
      averagePrice: this.averagePrice(),
      mark,
      realizedPnl: realized,
      unrealizedPnl: unrealized,
      feesInQuote,
      pnl: realized.plus(unrealized).minus(feesInQuote),
      fees: Object.fromEntries(this.fees),
      fills: this.fills,
    }
  }

  /** The book-keeping as a store keeps it. */
  snapshot(): PositionSnapshot {
    return {
      venue: this.venue,
      symbol: this.symbol,
      quantity: this.quantity,
      cost: this.cost,
      quoteFlow: this.quoteFlow,
      fees: Object.fromEntries(this.fees),
      fills: this.fills,
      updatedAt: this.updatedAt,
    }
  }
}
