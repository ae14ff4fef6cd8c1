/**
 * A venue's order statuses read by a table, for venues with no partially-filled status (Coinbase,
 * Prime): their `OPEN` order is `new`, or `partially-filled` once something of it filled.
 */
import type { Decimal } from '../../../core/decimal.js'
import type { OrderStatus } from '../../../core/model.js'

/**
 * A venue status's word in the model: a status, or `open` (new or partially filled, by what filled).
 *
 * @example
 * const table: StatusTable = { OPEN: 'open', FILLED: 'filled', CANCELLED: 'canceled' }
 */
export type StatusTable = Readonly<Record<string, OrderStatus | 'open'>>

/**
 * The status the table gives a venue's (upper-cased), `fallback` for one it does not list.
 *
 * @example
 * orderStatusBy({ OPEN: 'open', FILLED: 'filled' }, 'open', d('0.5')) // 'partially-filled'
 */
export function orderStatusBy<F extends OrderStatus | undefined>(
  table: StatusTable,
  status: string,
  filled: Decimal,
  fallback: F,
): OrderStatus | F {
  const word = table[status.toUpperCase()]
  if (word === undefined) return fallback
  return word !== 'open' ? word : filled.gt(0) ? 'partially-filled' : 'new'
}
