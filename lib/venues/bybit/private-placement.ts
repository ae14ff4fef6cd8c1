/**
 * Safe order placement bound to Bybit: the shared algorithm ({@link sharedPlace}) with Bybit's
 * duplicate client order id refusals (110072 / 170141) as the proof that an earlier attempt got through.
 */
import type { Observable } from 'rxjs'
import type { Order } from '../../core/model.js'
import {
  placeWithoutDuplicates as sharedPlace,
  type PlacementSteps,
} from '../kit/trading/place-without-duplicates.js'
import { isDuplicateClientOrderId } from './errors.js'

export type { ReconcileOptions } from '../kit/trading/place-without-duplicates.js'

/**
 * Places a Bybit order so that a lost answer can never double it; see the shared algorithm.
 *
 * @example
 * placeWithoutDuplicates({ clientOrderId, create: () => create$, lookup: () => byLinkId$, now, recvWindowMs: 5000, scheduler, log })
 */
export function placeWithoutDuplicates(
  steps: Omit<PlacementSteps, 'venue' | 'isDuplicate'>,
): Observable<Order> {
  return sharedPlace({ ...steps, venue: 'bybit', isDuplicate: isDuplicateClientOrderId })
}
