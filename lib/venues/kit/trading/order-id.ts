/**
 * The venue's id of an order a caller names by id or by client order id alone, for a venue whose
 * commands take its own id only (Coinbase, Prime).
 */
import { concatMap, EMPTY, of, type Observable } from 'rxjs'
import type { Order, OrderRef, VenueId } from '../../../core/model.js'
import { orderOrNotFound } from './surface.js'

/**
 * The ref's id, else the id of the order a lookup finds; `not-found` when none knows it.
 *
 * @example
 * const idOf = orderIdOf('prime', queries.lookup)
 * idOf({ symbol: 'BTC/USD', clientOrderId: 'grid-1' }).subscribe((id) => cancel(id))
 */
export function orderIdOf(
  venue: VenueId,
  lookup: (ref: OrderRef) => Observable<Order | undefined>,
): (ref: OrderRef) => Observable<string> {
  const getOrder = orderOrNotFound(venue, lookup)
  return (ref) =>
    ref.id !== undefined
      ? of(ref.id)
      : getOrder(ref).pipe(concatMap((o) => (o.id === undefined ? EMPTY : of(o.id))))
}
