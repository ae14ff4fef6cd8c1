/**
 * An order looked up as the Coinbase family answers (Coinbase, Prime): by its id when it is known, else
 * by client order id among lists searched in turn, since neither venue filters by client order id.
 */
import { first, map, type Observable } from 'rxjs'
import type { VenueId } from '../../../core/model.js'
import type { OrderQuerySource } from './order-queries.js'
import { unknownAsUndefined } from './unknown-order.js'

/**
 * A record of the family: its product and the client order id it was placed with.
 *
 * @example
 * const record: FamilyRecord = { product_id: 'BTC-USD', client_order_id: 'grid-1' }
 */
export interface FamilyRecord {
  readonly product_id: string
  readonly client_order_id?: string | undefined
}

/**
 * Where a venue finds an order.
 *
 * @example
 * const where: RecordLookup<PrimeOrderRecord> = { venue: 'prime', byId, searches: (product) => [openOrders(product)] }
 */
export interface RecordLookup<R extends FamilyRecord> {
  readonly venue: VenueId
  /** The venue's order-not-found codes, whatever kind its table gives them. */
  readonly notFound?: readonly string[] | undefined
  /** The record of an order id; not found reads as nothing. */
  byId(id: string): Observable<R>
  /** The lists a client order id is searched in, in turn. */
  searches(venueSymbol: string): readonly Observable<R>[]
}

/**
 * The lookup steps of the order queries (`OrderQuerySource.lookupSteps`): the order of the ref's id,
 * unless it is another product's; else the first record of each list, in turn, that has the ref's
 * client order id.
 *
 * @example
 * createOrderQueries({ …, lookupSteps: recordLookupSteps({ venue: 'prime', byId, searches }) })
 */
export function recordLookupSteps<R extends FamilyRecord>(
  where: RecordLookup<R>,
): OrderQuerySource<R, unknown>['lookupSteps'] {
  return (venueSymbol, ref) => {
    const { id } = ref
    if (id !== undefined) {
      const ofProduct = (r: R | undefined) => (r?.product_id === venueSymbol ? r : undefined)
      return [() => where.byId(id).pipe(unknownAsUndefined(where.venue, where.notFound), map(ofProduct))]
    }
    const named = (r: R) => r.client_order_id === ref.clientOrderId
    return where.searches(venueSymbol).map((list) => () => list.pipe(first(named, undefined)))
  }
}
