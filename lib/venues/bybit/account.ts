/**
 * What the parts of Bybit trading share: the kit's account of the driver, and the unit each order of
 * this client was sent in (a spot market buy's `qty` may count either coin).
 */
import type { SymbolMap } from '../../core/symbols.js'
import { createDriverAccount } from '../kit/trading/driver-account.js'
import { pathCost } from '../kit/path-usage.js'
import type { BybitContext } from './context.js'
import type { BybitOrderRecord } from './private-codecs.js'
import { toOrder, type QtyUnit } from './private-mappers.js'
import { BYBIT_SPEC } from './spec.js'

/** One Bybit account, as its trading parts use it. */
export type BybitAccount = ReturnType<typeof createBybitAccount>

/** Orders whose unit is remembered; the oldest is forgotten first. */
const MEMORY = 10_000

/** The account of a context with credentials. */
export function createBybitAccount(ctx: BybitContext) {
  const units = new Map<string, QtyUnit>()
  return {
    ...createDriverAccount(ctx, (path) => pathCost(BYBIT_SPEC, path)),
    ctx,
    /** Remembers the unit an order is sent in. */
    sentIn: (clientOrderId: string, unit: QtyUnit) => {
      units.delete(clientOrderId)
      units.set(clientOrderId, unit)
      if (units.size > MEMORY) units.delete(units.keys().next().value ?? '')
    },
    /** A record in the model's terms (see `toOrder`), read in the unit this client sent it in. */
    toOrder: (record: BybitOrderRecord, symbols: SymbolMap) =>
      toOrder(record, symbols, units.get(record.orderLinkId)),
  }
}
