/**
 * How a risk check refuses an order: a `risk-rejected` VenueError naming the rule and its figures,
 * and the events the risk checks report.
 */
import { Decimal } from '../core/decimal.js'
import { VenueError } from '../core/errors.js'
import type { VenueId } from '../core/model.js'
import type { RiskOrder } from './risk-state.js'

/**
 * Names of the built-in rules; a custom rule names itself.
 *
 * @example
 * const rule: BuiltInRiskRule = 'max-position'
 */
export type BuiltInRiskRule =
  | 'kill-switch'
  | 'max-order-quantity'
  | 'max-order-notional'
  | 'max-position'
  | 'max-asset-position'
  | 'max-open-orders'
  | 'max-daily-loss'
  | 'price-band'
  | 'max-order-rate'

/**
 * Why a rule refuses an order: the rule, the limit and the value the order would reach, as text
 * (exact decimals), and what they measure.
 *
 * @example
 * const verdict: RiskVerdict = { rule: 'max-exposure', limit: '100000', value: '100500', measure: 'USDT exposure' }
 */
export interface RiskVerdict {
  readonly rule: BuiltInRiskRule | (string & {})
  readonly limit: string
  readonly value: string
  /** What the figures measure, for the message: `quantity`, `BTC position (worst case)`. */
  readonly measure: string
  /** Where the limit applies, for counting limits: `*`, `bybit`, `bybit BTC/USDT`. */
  readonly scope?: string | undefined
  /**
   * Why, in words, said in the message instead of `<measure> would be <value>, limit <limit>` where
   * those are no figures (`the kill switch is tripped (operator halt)`).
   */
  readonly reason?: string | undefined
}

/**
 * A `risk-rejected` {@link VenueError}: the order was refused before anything was sent. It names the
 * rule, the limit and the value the order would have reached.
 *
 * @example
 * manager.place('bybit', request).subscribe({
 *   error: (e) => {
 *     if (e instanceof RiskRejectedError) console.warn(e.rule, e.limit, e.value) // 'max-order-quantity' '1' '2'
 *   },
 * })
 */
export class RiskRejectedError extends VenueError {
  override readonly name = 'RiskRejectedError'
  readonly rule: string
  readonly limit: string
  readonly value: string
  readonly scope: string | undefined

  constructor(order: RiskOrder, verdict: RiskVerdict) {
    const size = order.quantity?.toFixed() ?? `${order.quoteQuantity?.toFixed() ?? '?'} (quote)`
    const where = verdict.scope === undefined ? '' : ` [${verdict.scope}]`
    super({
      kind: 'risk-rejected',
      venue: order.venue,
      clientOrderId: order.clientOrderId,
      message:
        `order ${order.clientOrderId} (${order.side} ${size} ${order.symbol}) refused by risk rule ` +
        `${verdict.rule}${where}: ` +
        (verdict.reason ??
          `${verdict.measure} would be ${shown(verdict.value, verdict.limit)}, limit ${verdict.limit}`),
    })
    this.rule = verdict.rule
    this.limit = verdict.limit
    this.value = verdict.value
    this.scope = verdict.scope
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), rule: this.rule, limit: this.limit, value: this.value, scope: this.scope }
  }
}

const SHOWN_DIGITS = 10
const NUMERAL = /^-?\d+(\.\d+)?$/

/**
 * A figure as a message shows it: to {@link SHOWN_DIGITS} significant digits (`about 0.1001538463`
 * for a quotient worked out to 40), or as many more as it takes not to read as the limit; the error's
 * `value` keeps it exact.
 */
function shown(value: string, limit: string): string {
  if (!NUMERAL.test(value)) return value
  const exact = new Decimal(value)
  const digits = exact.sd()
  if (digits <= SHOWN_DIGITS) return value
  const bound = NUMERAL.test(limit) ? new Decimal(limit) : undefined
  for (let n = SHOWN_DIGITS; n < digits; n++) {
    const rounded = exact.toSignificantDigits(n)
    if (bound === undefined || !rounded.eq(bound)) return `about ${rounded.toFixed()}`
  }
  return value
}

/**
 * What the risk checks report: each rejection, and each trip and reset of the kill switch.
 *
 * @example
 * risk.events$.subscribe((e: RiskEvent) => {
 *   if (e.type === 'risk-rejected') console.warn(e.error.message)
 *   if (e.type === 'kill-switch') console.error(`kill switch ${e.state}: ${e.reason}`)
 * })
 */
export type RiskEvent =
  | {
      readonly type: 'risk-rejected'
      readonly venue: VenueId
      readonly at: Date
      readonly order: RiskOrder
      readonly error: RiskRejectedError
    }
  | {
      readonly type: 'kill-switch'
      readonly state: 'tripped' | 'reset'
      readonly reason: string
      readonly at: Date
      /** Whether open orders are to be canceled (set by `killSwitch.cancelOpenOrders`). */
      readonly cancelOpenOrders: boolean
      /** The venue whose switch it is; absent for the switch of every venue. */
      readonly venue?: VenueId | undefined
    }
