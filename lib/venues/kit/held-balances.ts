/**
 * Balances of a venue that answers each asset's whole amount and the part of it held (by open orders,
 * pending withdrawals), rather than what is free (Prime's `amount` and `holds`).
 */
import { Decimal } from '../../core/decimal.js'
import type { Balance, VenueId } from '../../core/model.js'
import { balanceOf } from './balance.js'
import { timestampedMs } from './timestamps.js'

/**
 * One asset's whole amount and what holds keep of it (none when left out).
 *
 * @example
 * const row: HeldAmount = { asset: 'BTC', amount: d('1'), holds: d('0.1') }
 */
export interface HeldAmount {
  readonly asset: string
  readonly amount: Decimal
  readonly holds?: Decimal | undefined
}

/**
 * The balances of `rows` at venue time `now` (ms): `locked` is the holds, `free` the amount less them,
 * `total` the amount.
 *
 * @example
 * heldBalances('prime', [{ asset: 'BTC', amount: d('1'), holds: d('0.1') }], now)[0]?.free.toFixed() // '0.9'
 */
export function heldBalances(venue: VenueId, rows: readonly HeldAmount[], now: number): Balance[] {
  const at = timestampedMs(now)
  return rows.map((row) => {
    const held = row.holds ?? new Decimal(0)
    return balanceOf(venue, row.asset, row.amount.minus(held), held, at)
  })
}
