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

/**
 * Epoch ms as a {@link Timestamped}.
 *
 * @example
 * timestampedMs(0).timestamp.toISOString() // '1970-01-01T00:00:00.000Z'
 */
export function timestampedMs(ms: number): Timestamped {
  return { timestamp: new Date(ms), rawTimestamp: ms }
}
