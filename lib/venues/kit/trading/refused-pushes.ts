/**
 * The pushes of an account socket that cannot be opened (a credential it needs is missing): order
 * updates and fills fail when subscribed, before anything connects.
 */
import { EMPTY, throwError } from 'rxjs'
import type { TradingParts } from './surface.js'

/**
 * Pushes whose `orders$` and `fills$` fail with `refusal()` when subscribed; no balances, never a
 * resubscription.
 *
 * @example
 * if (serviceAccountId === '') return refusedPushes(needServiceAccount)
 */
export function refusedPushes(refusal: () => unknown): TradingParts['pushes'] {
  const refused = throwError(refusal)
  return { orders$: refused, fills$: refused, balances$: EMPTY, resubscribed$: EMPTY }
}
