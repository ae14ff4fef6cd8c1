/**
 * The request-for-quote surface (FalconX, Coinbase Prime RFQ).
 */
import type { Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import type { Order, Side, Timestamped, UnifiedSymbol, VenueId } from '../../core/model.js'

/**
 * A request for a firm quote. Exactly one of `quantity` (base) and `quoteQuantity`.
 *
 * @example
 * const request: RfqRequest = { symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('0.5') }
 * venue.rfq?.requestQuote(request).subscribe((quote) => console.log(quote.ask?.toString()))
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
  readonly id: string
  readonly side: Side | 'two-way'
  /** Base quantity quoted. */
  readonly quantity: Decimal
  /** The price at which the venue buys (you sell); absent on a buy-only quote. */
  readonly bid?: Decimal | undefined
  /** The price at which the venue sells (you buy); absent on a sell-only quote. */
  readonly ask?: Decimal | undefined
  readonly expiresAt: Date
}

/**
 * The request-for-quote surface (FalconX, Coinbase Prime RFQ).
 *
 * @example
 * rfq.requestQuote(request).pipe(mergeMap((quote) => rfq.acceptQuote(quote, 'buy'))).subscribe(console.log)
 */
export interface VenueRfq {
  /** Asks for a firm quote. */
  requestQuote(request: RfqRequest): Observable<RfqQuote>
  /** Executes a quote on one side; emits the resulting order (filled, or rejected once expired). */
  acceptQuote(quote: Pick<RfqQuote, 'id' | 'symbol'>, side: Side): Observable<Order>
}
