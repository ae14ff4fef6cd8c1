/**
 * The order state machine: which status may follow which, and how one venue update is applied to the
 * order we already know. Venues deliver updates late, twice and out of order (REST and WebSocket race);
 * this is where a stale or impossible update is refused instead of rewinding an order.
 */
import type { Order, OrderStatus } from './model.js'

/**
 * Every order status, in lifecycle order: for exhaustive tests and per-status counters.
 *
 * @example
 * const byStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, orders.filter((o) => o.status === s).length]))
 */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending-new',
  'new',
  'partially-filled',
  'pending-cancel',
  'filled',
  'canceled',
  'rejected',
  'expired',
]

/**
 * The statuses after which nothing can happen to an order (the same set {@link isTerminal} checks).
 *
 * @example
 * TERMINAL_STATUSES.includes(order.status) // same as isTerminal(order.status)
 */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['filled', 'canceled', 'rejected', 'expired']

// A repeat of the same status is always allowed here: it is a duplicate delivery (or, for
// partially-filled, another fill); applyOrderUpdate decides with the quantities.
const NEXT: Readonly<Record<OrderStatus, ReadonlySet<OrderStatus>>> = {
  'pending-new': new Set<OrderStatus>([
    'pending-new',
    'new',
    'partially-filled',
    'filled',
    'rejected',
    'canceled',
    'expired',
  ]),
  new: new Set<OrderStatus>(['new', 'partially-filled', 'filled', 'pending-cancel', 'canceled', 'expired']),
  'partially-filled': new Set<OrderStatus>([
    'partially-filled',
    'filled',
    'pending-cancel',
    'canceled',
    'expired',
  ]),
  // `new` and `partially-filled` here mean the venue rejected the cancel and the order lives on.
  'pending-cancel': new Set<OrderStatus>([
    'pending-cancel',
    'canceled',
    'filled',
    'partially-filled',
    'new',
    'expired',
  ]),
  filled: new Set<OrderStatus>(['filled']),
  canceled: new Set<OrderStatus>(['canceled']),
  rejected: new Set<OrderStatus>(['rejected']),
  expired: new Set<OrderStatus>(['expired']),
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set(TERMINAL_STATUSES)

/**
 * Whether an order reported as `from` may next be reported as `to`. The same status twice is allowed
 * (duplicate delivery); {@link applyOrderUpdate} adds the quantity rules.
 *
 * @example
 * canTransition('new', 'filled')  // true
 * canTransition('filled', 'new')  // false
 */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].has(to)
}

/**
 * True for `filled`, `canceled`, `rejected` and `expired`.
 *
 * @example
 * isTerminal('canceled') // true
 */
export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status)
}

/**
 * True while the order may still fill: every status that is not terminal, `pending-new` included
 * (an unacknowledged order may already be on the book, so risk must count it).
 *
 * @example
 * isOpen('pending-cancel') // true
 */
export function isOpen(status: OrderStatus): boolean {
  return !TERMINAL.has(status)
}

/**
 * The result of applying one update: the order to keep and whether it differs from the previous one,
 * or why the update was refused.
 *
 * @example
 * const t: OrderTransition = applyOrderUpdate(known, update)
 * const current = t.ok ? t.order : known
 */
export type OrderTransition = { ok: true; order: Order; changed: boolean } | { ok: false; reason: string }

/**
 * Applies a venue update `next` to the known order `prev`.
 *
 * Refused: a different order (venue, client order id, venue order id, symbol or side differ), a
 * status that cannot follow (see {@link canTransition}), a filled quantity that went down (a stale
 * update), and any change to an order in a terminal status. Optional fields `next` leaves out (`id`,
 * `price`, `quoteQuantity`, `averagePrice`, `reason`) are kept from `prev`. A duplicate (same state, whatever its
 * timestamp) is accepted with `changed: false` and returns `prev` itself.
 *
 * @example
 * const r = applyOrderUpdate(known, update)
 * if (!r.ok) log.warn('ignored order update', { reason: r.reason })
 * else if (r.changed) orders.set(r.order.clientOrderId, r.order)
 */
export function applyOrderUpdate(prev: Order, next: Order): OrderTransition {
  const identity = identityMismatch(prev, next)
  if (identity !== undefined) return { ok: false, reason: identity }
  if (!canTransition(prev.status, next.status)) {
    const why = isTerminal(prev.status) ? ` (${prev.status} is terminal)` : ''
    return { ok: false, reason: `status ${prev.status} cannot become ${next.status}${why}` }
  }
  if (next.filledQuantity.lt(prev.filledQuantity)) {
    return {
      ok: false,
      reason: `filledQuantity went down from ${prev.filledQuantity.toFixed()} to ${next.filledQuantity.toFixed()} (stale update)`,
    }
  }
  const order = withKnownFields(prev, next)
  if (!stateDiffers(prev, order)) return { ok: true, order: prev, changed: false }
  if (isTerminal(prev.status)) {
    return {
      ok: false,
      reason: `order is ${prev.status} (terminal); only an identical duplicate is accepted`,
    }
  }
  return { ok: true, order, changed: true }
}

// Updates from different channels carry different subsets (a WebSocket fill has the average price,
// a REST ack may not): what `next` leaves out is kept from `prev` rather than forgotten.
function withKnownFields(prev: Order, next: Order): Order {
  if (
    (next.id !== undefined || prev.id === undefined) &&
    (next.price !== undefined || prev.price === undefined) &&
    (next.quoteQuantity !== undefined || prev.quoteQuantity === undefined) &&
    (next.averagePrice !== undefined || prev.averagePrice === undefined) &&
    (next.reason !== undefined || prev.reason === undefined)
  ) {
    return next
  }
  return {
    ...next,
    id: next.id ?? prev.id,
    price: next.price ?? prev.price,
    quoteQuantity: next.quoteQuantity ?? prev.quoteQuantity,
    averagePrice: next.averagePrice ?? prev.averagePrice,
    reason: next.reason ?? prev.reason,
  }
}

function identityMismatch(prev: Order, next: Order): string | undefined {
  if (prev.clientOrderId !== next.clientOrderId) {
    return `clientOrderId differs: ${prev.clientOrderId} vs ${next.clientOrderId}`
  }
  if (prev.venue !== next.venue) return `venue differs: ${prev.venue} vs ${next.venue}`
  if (prev.symbol !== next.symbol) return `symbol differs: ${prev.symbol} vs ${next.symbol}`
  if (prev.side !== next.side) return `side differs: ${prev.side} vs ${next.side}`
  if (prev.id !== undefined && next.id !== undefined && prev.id !== next.id) {
    return `order id differs: ${prev.id} vs ${next.id}`
  }
  return undefined
}

// What the venue says about the order, not when it said it: a redelivery with a newer timestamp is
// still a duplicate.
function stateDiffers(prev: Order, next: Order): boolean {
  return (
    prev.status !== next.status ||
    !prev.filledQuantity.eq(next.filledQuantity) ||
    !prev.quantity.eq(next.quantity) ||
    !optionalEq(prev.price, next.price) ||
    !optionalEq(prev.quoteQuantity, next.quoteQuantity) ||
    !optionalEq(prev.averagePrice, next.averagePrice) ||
    prev.id !== next.id ||
    prev.reason !== next.reason
  )
}

function optionalEq(a: Order['price'], b: Order['price']): boolean {
  return a === undefined || b === undefined ? a === b : a.eq(b)
}
