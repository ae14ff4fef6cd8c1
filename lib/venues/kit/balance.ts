import type { Decimal } from '../../core/decimal.js'
import type { Balance, Timestamped, VenueId } from '../../core/model.js'

/**
 * A balance from free and locked amounts; `total` is their exact sum.
 *
 * @example
 * balanceOf('binance', 'USDT', d('10'), d('2'), at).total.toString() // '12'
 */
export function balanceOf(
  venue: VenueId,
  asset: string,
  free: Decimal,
  locked: Decimal,
  at: Timestamped,
): Balance {
  return {
    venue,
    asset,
    free,
    locked,
    total: free.plus(locked),
    timestamp: at.timestamp,
    rawTimestamp: at.rawTimestamp,
  }
}
