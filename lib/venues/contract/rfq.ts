/**
 * The request-for-quote surface (FalconX, Coinbase Prime RFQ), and the wire a venue supplies for it.
 */
import type { Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import type { Fill, Order, Side, Timestamped, UnifiedSymbol, VenueId } from '../../core/model.js'

/**
 * A request for a firm quote. Exactly one of `quantity` (base) and `quoteQuantity`.
 *
 * @example
 * const request: RfqRequest = { symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('0.5') }
 * venue.rfq?.quote$(request).subscribe((quote) => console.log(quote.ask?.toString()))
 */
export interface RfqRequest {
  readonly symbol: UnifiedSymbol
  /** `two-way` asks for both prices where `capabilities.rfq.twoWay`. */
  readonly side: Side | 'two-way'
  readonly quantity?: Decimal | undefined
  readonly quoteQuantity?: Decimal | undefined
  readonly clientQuoteId?: string | undefined
}

/**
 * A firm quote, executable until `expiresAt`.
 *
 * @example
 * const acceptable = (q: RfqQuote) => q.ask !== undefined && q.ask.lte(limit) && q.expiresAt.getTime() > Date.now()
 */
export interface RfqQuote extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** The venue's quote id. */
  readonly id: string
  readonly side: Side | 'two-way'
  /** Base quantity quoted. */
  readonly quantity: Decimal
  /** Quote-asset amount, when the request asked by quote amount. */
  readonly quoteQuantity?: Decimal | undefined
  /** The price at which the venue buys (you sell); absent on a buy-only quote. */
  readonly bid?: Decimal | undefined
  /** The price at which the venue sells (you buy); absent on a sell-only quote. */
  readonly ask?: Decimal | undefined
  readonly expiresAt: Date
  readonly clientQuoteId?: string | undefined
}

/**
 * An executed quote: the filled order and its fill (which also appears on the venue's `fills$`).
 *
 * @example
 * rfq.accept(quote, 'buy').subscribe((x: RfqExecution) => console.log(x.order.averagePrice?.toString(), x.fill.fee.toString()))
 */
export interface RfqExecution {
  readonly quote: RfqQuote
  readonly order: Order
  readonly fill: Fill
}

/**
 * Options of {@link VenueRfq.quotes$}.
 *
 * @example
 * rfq.quotes$(request, { everyMs: 2_000 }).subscribe(console.log)
 */
export interface RfqStreamOptions {
  /**
   * Ask for the next quote this long after the previous one arrived; never later than shortly before
   * the previous one expires. Default: shortly before each quote expires.
   */
  readonly everyMs?: number | undefined
}

/**
 * The request-for-quote surface (FalconX, Coinbase Prime RFQ).
 *
 * @example
 * rfq.quote$(request).pipe(mergeMap((quote) => rfq.accept(quote, 'buy'))).subscribe((x) => console.log(x.order.status))
 */
export interface VenueRfq {
  /** Asks for one firm quote; emits it and completes. */
  quote$(request: RfqRequest): Observable<RfqQuote>
  /**
   * Executes a quote on one side; emits the execution and completes. Fails with an `expired`
   * {@link VenueError} when the quote is past its expiry (checked before sending, and as the venue
   * answers). An accept whose answer is lost (timeout, network, 5xx) is resolved by asking the venue
   * what became of the quote; it is never sent twice.
   */
  accept(quote: RfqQuote, side: Side): Observable<RfqExecution>
  /** A fresh quote before each one expires, until unsubscribed: for screens and auto-execution. */
  quotes$(request: RfqRequest, options?: RfqStreamOptions): Observable<RfqQuote>
  /** Milliseconds left on a quote, once a second and at 0, then completes. */
  remaining$(quote: RfqQuote): Observable<number>
}

/**
 * What a venue's driver supplies for RFQ; the kit (`lib/venues/kit/rfq`) builds {@link VenueRfq} on it
 * (expiry checks, lost answers, streams of quotes, fills).
 *
 * @example
 * const wire: RfqWire = { venue: 'falconx', requestQuote, accept, lookup }
 */
export interface RfqWire {
  readonly venue: VenueId
  /** Asks the venue for a quote, once. */
  requestQuote(request: RfqRequest): Observable<RfqQuote>
  /**
   * Sends one accept. Emits the execution; fails with `expired` when the venue refuses the quote as
   * expired, and with `timeout`, `network` or `temporary` when the outcome is unknown.
   */
  accept(quote: RfqQuote, side: Side): Observable<RfqExecution>
  /**
   * What became of the quote at the venue: its execution, or `undefined` when the venue has not
   * executed it. Asked after an accept whose outcome is unknown.
   */
  lookup(quote: RfqQuote, side: Side): Observable<RfqExecution | undefined>
}
