/**
 * A market's rules on an order's figures (price on the tick, quantity on the step and within bounds,
 * value within bounds), checked in the order venues check them; which rule broke is the venue's to
 * word, as a table.
 */
import { isMultipleOf, type Decimal } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'

/**
 * A rule an order's figures can break.
 *
 * @example
 * const rule: OrderRule = 'step' // the quantity is not a multiple of the quantity step
 */
export type OrderRule =
  'price' | 'tick' | 'qty' | 'step' | 'minQty' | 'maxQty' | 'minNotional' | 'maxNotional'

/**
 * How a venue words each broken rule; `limit` is the rule's figure (the tick, the step, the bound).
 *
 * @example
 * const broken: BrokenRules = { ...LOT_SIZE_RULES, tick: () => filterFailure('PRICE_FILTER') }
 */
export type BrokenRules = Readonly<Record<OrderRule, (limit: Decimal | undefined) => VenueError>>

/**
 * The limits an order is checked against; a limit left out is not checked.
 *
 * @example
 * const limits: OrderLimits = { tickSize: m.tickSize, step: m.stepSize, minQty: m.minQty, maxQty: m.maxQty, minNotional: m.minNotional }
 */
export interface OrderLimits {
  readonly tickSize?: Decimal | undefined
  readonly step?: Decimal | undefined
  readonly minQty?: Decimal | undefined
  readonly maxQty?: Decimal | undefined
  readonly minNotional?: Decimal | undefined
  readonly maxNotional?: Decimal | undefined
}

/**
 * An order's figures; one left out is not checked.
 *
 * @example
 * const figures: OrderFigures = { price, qty, notional: price.mul(qty) }
 */
export interface OrderFigures {
  readonly price?: Decimal | undefined
  readonly qty?: Decimal | undefined
  readonly notional?: Decimal | undefined
}

/**
 * Checks the price (> 0, on the tick), then the quantity (> 0, on the step, within bounds), then the
 * value (within bounds).
 *
 * @throws VenueError the first broken rule, in the venue's words.
 * @example
 * checkOrder({ tickSize: m.tickSize, step: m.stepSize, minNotional: m.minNotional }, { price, qty, notional: price.mul(qty) }, BROKEN)
 */
export function checkOrder(limits: OrderLimits, figures: OrderFigures, broken: BrokenRules): void {
  const { price, qty, notional } = figures
  const { tickSize, step, minQty, maxQty, minNotional, maxNotional } = limits
  const breaks = (rule: OrderRule, limit: Decimal | undefined) => {
    throw broken[rule](limit)
  }
  if (price !== undefined) {
    if (!price.gt(0)) breaks('price', undefined)
    if (tickSize !== undefined && !isMultipleOf(price, tickSize)) breaks('tick', tickSize)
  }
  if (qty !== undefined) {
    if (!qty.gt(0)) breaks('qty', undefined)
    if (step !== undefined && !isMultipleOf(qty, step)) breaks('step', step)
    if (minQty !== undefined && qty.lt(minQty)) breaks('minQty', minQty)
    if (maxQty !== undefined && qty.gt(maxQty)) breaks('maxQty', maxQty)
  }
  if (notional !== undefined) {
    if (minNotional !== undefined && notional.lt(minNotional)) breaks('minNotional', minNotional)
    if (maxNotional !== undefined && notional.gt(maxNotional)) breaks('maxNotional', maxNotional)
  }
}
