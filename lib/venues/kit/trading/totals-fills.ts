/**
 * Fills of a venue whose order channel reports running totals, not fills (Coinbase's `user`, Prime's
 * `orders`): each rise of an order's filled quantity, and the venue's own fills behind it.
 */
import { catchError, defer, map, mergeMap, of, retry, timer, type Observable, type SchedulerLike } from 'rxjs'
import { Decimal } from '../../../core/decimal.js'
import { VenueError } from '../../../core/errors.js'
import type { Logger } from '../../../core/logging.js'
import {
  fillKey,
  type Fill,
  type Side,
  type Timestamped,
  type UnifiedSymbol,
  type VenueId,
} from '../../../core/model.js'
import type { SymbolMap } from '../../../core/symbols.js'

/**
 * What an order channel says an order has executed so far.
 *
 * @example
 * const totals: RunningTotals = { orderId, productId: 'BTC-USD', side: 'buy', filled: d('0.4'), value: d('40'), fees: d('0.04') }
 */
export interface RunningTotals {
  readonly orderId: string
  readonly clientOrderId?: string | undefined
  /** The venue's symbol of the order's product. */
  readonly productId: string
  readonly side: Side
  readonly filled: Decimal
  /** The quote value of what filled. */
  readonly value: Decimal
  /** Fees so far, in the quote currency. */
  readonly fees: Decimal
}

/**
 * The average price of what filled between two sightings: the value over the quantity, rounded
 * half-even to the decimal places of the product's price increment. Several executions at different
 * prices arriving as one average to a repeating decimal (0.002 at 50100 and 0.004 at 50200: 50133.33…);
 * rounded, the price reads as the venue's prices do, and price × quantity is the value to within half
 * an increment's worth. A fill at one price is exact either way.
 *
 * @example
 * averagePrice(d('300.8'), d('0.006'), d('0.01')).toFixed() // '50133.33'
 */
export function averagePrice(value: Decimal, quantity: Decimal, tickSize: Decimal): Decimal {
  return value.div(quantity).toDecimalPlaces(tickSize.decimalPlaces(), Decimal.ROUND_HALF_EVEN)
}

/** Orders whose totals are remembered; the oldest is forgotten first. */
const MEMORY = 10_000

/**
 * The rises of orders' running totals, each as one fill. A rise of the filled quantity between two
 * sightings of an order is one fill: its quantity the rise, its price the average of what filled
 * meanwhile ({@link averagePrice}), its fee the rise of the fees, in the quote currency. Its `tradeId`
 * is `<order id>:<filled quantity>`, so a frame seen twice gives the same fill and the same rise is
 * never counted twice. An order first seen in a snapshot (the open orders replayed on subscribe) sets
 * the baseline: what it filled before is history, not a new fill; one first seen in an update filled
 * all of it now. Several executions between two frames arrive as one; their trade ids and liquidity
 * are the venue's fills' ({@link VenueFills}).
 *
 * @example
 * const rises = new TotalsFills('coinbase')
 * rises.take(false, totals, symbols, frame.timestamp) // a Fill, or undefined when nothing filled
 */
export class TotalsFills {
  private readonly seen = new Map<string, RunningTotals>()

  constructor(private readonly venue: VenueId) {}

  /** The fill since the order was last seen, if any; remembers the order's totals. */
  take(snapshot: boolean, now: RunningTotals, symbols: SymbolMap, at: Timestamped): Fill | undefined {
    const before = this.seen.get(now.orderId)
    if (before !== undefined && !now.filled.gt(before.filled)) return undefined
    this.seen.delete(now.orderId)
    this.seen.set(now.orderId, now)
    if (this.seen.size > MEMORY) this.seen.delete(this.seen.keys().next().value ?? '')
    if (before === undefined && snapshot) return undefined
    const instrument = symbols.getByVenueSymbol(now.productId)
    const zero = now.filled.mul(0)
    const from = before ?? { filled: zero, value: zero, fees: zero }
    const step = now.filled.minus(from.filled)
    if (instrument === undefined || !step.gt(0)) return undefined
    return {
      venue: this.venue,
      symbol: instrument.symbol,
      tradeId: `${now.orderId}:${now.filled.toFixed()}`,
      orderId: now.orderId,
      clientOrderId: now.clientOrderId || undefined,
      side: now.side,
      price: averagePrice(now.value.minus(from.value), step, instrument.tickSize),
      quantity: step,
      fee: now.fees.minus(from.fees),
      feeAsset: instrument.quote,
      ...at,
    }
  }

  /** The quantity filled when the order was last seen. */
  filledOf(orderId: string): Decimal | undefined {
    return this.seen.get(orderId)?.filled
  }
}

/** Fills asked for again while the venue's list trails the channel: about 21 s in all. */
const FILL_LOOKUPS = 8

/**
 * The venue's own fills behind each rise of an order's filled quantity: the order's fills are asked
 * for until they add up to what the channel says filled, and each is emitted once. So a fill on the
 * stream and the same fill in the fill history carry one trade id, and a reconciliation that reads the
 * history never counts a fill twice. Should the list still trail after the lookups, the fills it has
 * are emitted with the rest as one fill derived from the totals (logged).
 *
 * @example
 * const venueFills = new VenueFills({ venue: 'prime', scheduler, logger }, (id, symbol) => orderFills({ symbol, id }))
 * rises.pipe(mergeMap((rise) => venueFills.behind(rise, totals.filledOf(rise.orderId) ?? rise.quantity)))
 */
export class VenueFills {
  private readonly sent = new Set<string>()

  constructor(
    private readonly host: {
      readonly venue: VenueId
      readonly scheduler: SchedulerLike
      readonly logger: Logger
    },
    private readonly fillsOf: (orderId: string, symbol: UnifiedSymbol) => Observable<readonly Fill[]>,
  ) {}

  /** The fills behind `rise` not emitted before, oldest first; `filled` is the order's total now. */
  behind(rise: Fill, filled: Decimal): Observable<Fill> {
    let last: readonly Fill[] = []
    const sum = (list: readonly Fill[]) => list.reduce((s, f) => s.plus(f.quantity), new Decimal(0))
    return defer(() => this.fillsOf(rise.orderId, rise.symbol)).pipe(
      map((list) => {
        last = list
        if (sum(list).lt(filled))
          throw new VenueError({ kind: 'temporary', venue: this.host.venue, message: 'fills trail' })
        return list
      }),
      retry({
        count: FILL_LOOKUPS,
        delay: (_e, n) => timer(Math.min(5_000, 100 * 2 ** n), this.host.scheduler),
      }),
      catchError((e: unknown) => {
        this.host.logger.warn(
          'the fills of an order trail its running totals; the rest is one derived fill',
          {
            orderId: rise.orderId,
            error: e,
          },
        )
        const rest = filled.minus(sum(last))
        return of(rest.gt(0) ? [...last, { ...rise, quantity: Decimal.min(rest, rise.quantity) }] : last)
      }),
      // oldest first: the venues list the newest first
      mergeMap((list) => [...list].reverse().sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())),
      mergeMap((f) => (this.take(f) ? [{ ...f, clientOrderId: f.clientOrderId ?? rise.clientOrderId }] : [])),
    )
  }

  /** True the first time a fill is seen. */
  private take(fill: Fill): boolean {
    const key = fillKey(fill)
    if (this.sent.has(key)) return false
    this.sent.add(key)
    if (this.sent.size > 100_000) this.sent.delete(this.sent.values().next().value ?? '')
    return true
  }
}
