/**
 * The refusals that say something of the order itself, read by the venue's error table: its client
 * order id was used already (an earlier attempt got through), or the venue does not know it.
 */
import type { VenueError } from '../../../core/errors.js'
import type { VenueId } from '../../../core/model.js'
import { hasCode, type ErrorTable } from '../error-table.js'

/**
 * Whether `e` says the client order id is in use: one of the table's `duplicateClientOrderId` codes,
 * with its `duplicateMessage` where those codes also refuse orders for other reasons.
 *
 * @example
 * isDuplicateOrder(e, 'binance', BINANCE_SPEC.errors) // true for -2010 "Duplicate order sent." only
 */
export function isDuplicateOrder(e: unknown, venue: VenueId, table: ErrorTable): boolean {
  if (!hasCode(e, venue, table.duplicateClientOrderId)) return false
  return table.duplicateMessage?.test((e as VenueError).message) ?? true
}

/**
 * Whether `e` says the venue does not know the order: one of the table's `orderNotFound` codes, read
 * as `not-found` (a code that also refuses for other reasons is told apart by the table's messages).
 *
 * @example
 * isOrderNotFound(e, 'binance', BINANCE_SPEC.errors) // false for -2011 "… cancel restrictions"
 */
export function isOrderNotFound(e: unknown, venue: VenueId, table: ErrorTable): boolean {
  return hasCode(e, venue, table.orderNotFound) && (e as VenueError).kind === 'not-found'
}
