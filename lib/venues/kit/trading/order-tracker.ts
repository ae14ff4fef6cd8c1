/**
 * The last known state of each order seen on the private stream, so every update passes the order state
 * machine before it is emitted: duplicates (Bybit documents a second `Filled` when a cancel races a fill; REST answers and stream events race)
 * are dropped, and impossible or stale transitions are logged and dropped, never emitted.
 */
import { applyOrderUpdate, isTerminal } from '../../../core/order-status.js'
import type { Logger } from '../../../core/logging.js'
import type { Order } from '../../../core/model.js'

/**
 * Order states by client order id, bounded: once more than `capacity` orders are known the oldest
 * finished ones are forgotten first.
 *
 * @example
 * const tracker = new OrderTracker(log)
 * const emit = tracker.apply(order) // the order to emit, or undefined for a duplicate or a refusal
 */
export class OrderTracker {
  private readonly orders = new Map<string, Order>()
  /** Orders known only from a command's acknowledgement, not yet from the venue's pushes. */
  private readonly acknowledged = new Set<string>()

  constructor(
    private readonly log: Logger,
    private readonly capacity = 10_000,
  ) {}

  /** The state known for a client order id. */
  get(clientOrderId: string): Order | undefined {
    return this.orders.get(clientOrderId)
  }

  /** Orders known and not yet finished. */
  open(): Order[] {
    return [...this.orders.values()].filter((o) => !isTerminal(o.status))
  }

  /**
   * An order acknowledged to its caller (a placement): emitted when nothing is known of it yet, so it
   * reaches the stream even when the venue's push of it is missed (sent before the private stream was
   * subscribed). Its first push in the same state (status, quantities) then completes it silently.
   */
  acknowledge(order: Order): Order | undefined {
    if (this.orders.has(order.clientOrderId)) return undefined
    this.remember(order)
    this.acknowledged.add(order.clientOrderId)
    return order
  }

  /** Applies an update; returns what to emit: the new state, or `undefined` when nothing changed or it was refused. */
  apply(next: Order): Order | undefined {
    const prev = this.orders.get(next.clientOrderId)
    if (prev === undefined) {
      this.remember(next)
      return next
    }
    const afterAck = this.acknowledged.delete(next.clientOrderId)
    if (afterAck && sameState(prev, next)) {
      const result = applyOrderUpdate(prev, next)
      if (result.ok) this.remember(result.order)
      return undefined
    }
    const result = applyOrderUpdate(prev, next)
    if (!result.ok && afterAck) {
      // the venue's first push may be behind what its answer already said (Binance's FULL answer is
      // `filled`, then the push of `NEW` comes): nothing is wrong, the order is further along
      this.log.debug('dropped a push behind the acknowledged state', {
        clientOrderId: next.clientOrderId,
        from: prev.status,
        to: next.status,
      })
      return undefined
    }
    if (!result.ok) {
      this.log.warn('dropped an order update the order cannot take', {
        clientOrderId: next.clientOrderId,
        id: next.id,
        from: prev.status,
        to: next.status,
        reason: result.reason,
      })
      return undefined
    }
    if (!result.changed) {
      this.log.debug('duplicate order update', { clientOrderId: next.clientOrderId, status: next.status })
      return undefined
    }
    this.remember(result.order)
    return result.order
  }

  private remember(order: Order): void {
    if (this.acknowledged.size > this.capacity) this.acknowledged.clear()
    this.orders.delete(order.clientOrderId)
    this.orders.set(order.clientOrderId, order)
    if (this.orders.size <= this.capacity) return
    for (const [key, o] of this.orders) {
      if (this.orders.size <= this.capacity) break
      if (isTerminal(o.status)) this.orders.delete(key)
    }
    // Everything still open: drop the oldest anyway, memory must stay bounded.
    while (this.orders.size > this.capacity) {
      const oldest = this.orders.keys().next()
      if (oldest.done) break
      this.orders.delete(oldest.value)
    }
  }
}

/** The same state of an order, whatever else a push adds to an acknowledgement (its average, its id). */
function sameState(a: Order, b: Order): boolean {
  return (
    a.status === b.status &&
    a.filledQuantity.eq(b.filledQuantity) &&
    a.quantity.eq(b.quantity) &&
    (a.price === undefined || b.price === undefined || a.price.eq(b.price))
  )
}
