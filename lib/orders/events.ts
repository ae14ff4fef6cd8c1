/**
 * What the order manager reports beside its state: reconciliation and its differences, intents
 * settled after a lost answer or a crash, and the risk checks' rejections and kill switch.
 */
import type { Fill, Order, VenueId } from '../core/model.js'
import type { VenueError } from '../core/errors.js'
import type { RiskEvent } from '../risk/rejection.js'

/**
 * A difference reconciliation found between the model and the venue:
 * - `unknown-order`: the venue has an order the model lacked (it is added);
 * - `order-changed`: the venue's order differs from the model's (the venue's wins);
 * - `order-gone`: an order the model thought open is not open on the venue (its final state is looked up);
 * - `missed-fill`: a fill the model had not seen (it is counted);
 * - `intent-placed`: an order whose placement outcome was unknown is on the venue;
 * - `intent-absent`: an order whose placement outcome was unknown never reached the venue (never sent again).
 *
 * @example
 * const worrying: DifferenceKind[] = ['unknown-order', 'missed-fill']
 */
export type DifferenceKind =
  'unknown-order' | 'order-changed' | 'order-gone' | 'missed-fill' | 'intent-placed' | 'intent-absent'

/**
 * The order manager's events. Hot; never errors.
 *
 * @example
 * manager.events$.subscribe((e: OrderManagerEvent) => {
 *   if (e.type === 'difference') console.warn(`${e.venue} ${e.kind} ${e.clientOrderId ?? ''}`)
 *   if (e.type === 'reconciled') console.info(`${e.venue} reconciled (${e.reason}): ${e.differences} differences`)
 * })
 */
export type OrderManagerEvent =
  | RiskEvent
  | {
      readonly type: 'difference'
      readonly venue: VenueId
      readonly at: Date
      readonly kind: DifferenceKind
      readonly clientOrderId?: string | undefined
      readonly order?: Order | undefined
      readonly fill?: Fill | undefined
    }
  | {
      readonly type: 'reconciled'
      readonly venue: VenueId
      readonly at: Date
      /** `start-up`, `reconnect`, or `periodic` (while orders are open: see `reconcileEveryMs`). */
      readonly reason: 'start-up' | 'reconnect' | 'periodic'
      readonly differences: number
    }
  | {
      readonly type: 'reconcile-failed'
      readonly venue: VenueId
      readonly at: Date
      readonly error: VenueError
    }
  | {
      /** A kill switch tripped and canceled the open orders it could. */
      readonly type: 'kill-switch-canceled'
      readonly at: Date
      readonly canceled: readonly Order[]
      /** The venue whose switch it was; absent for the switch of every venue. */
      readonly venue?: VenueId | undefined
    }
