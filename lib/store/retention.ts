/**
 * How many records a long run keeps: one rule for every retention option.
 */
import { VenueError } from '../core/errors.js'

/**
 * A retention option's value: a whole number >= 0, or `Infinity` (keep all); `fallback` when absent.
 *
 * @throws VenueError `invalid-request` for anything else, naming the option.
 * @example
 * const keep = keptCount('keepFinishedOrders', options.keepFinishedOrders, 10_000)
 */
export function keptCount(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback
  if (n >= 0 && (Number.isInteger(n) || n === Infinity)) return n
  throw new VenueError({
    kind: 'invalid-request',
    message: `${name} must be a whole number >= 0 or Infinity, got ${String(value)}`,
  })
}

/**
 * The keys of finished orders, the one that finished longest ago first, capped: an order that
 * finishes comes last, one that is open again leaves, and those beyond the cap are handed back to be
 * forgotten.
 *
 * @example
 * const finished = new FinishedKeys(10_000)
 * for (const key of finished.note(key, isTerminal(order.status))) orders.delete(key)
 */
export class FinishedKeys {
  private readonly keys = new Set<string>()

  constructor(private readonly cap: number) {}

  /** Notes an order's state now; returns the keys of finished orders beyond the cap, oldest first. */
  note(key: string, finished: boolean): string[] {
    this.keys.delete(key)
    if (!finished) return []
    this.keys.add(key)
    const dropped: string[] = []
    for (const old of this.keys) {
      if (this.keys.size <= this.cap) break
      this.keys.delete(old)
      dropped.push(old)
    }
    return dropped
  }
}
