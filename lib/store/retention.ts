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
 * Keys in the order they were added, the oldest dropped beyond a cap; adding, removing and dropping
 * are O(1) (a `Set` walked from its start to find its oldest key skips every key deleted before it,
 * microseconds a call once thousands were).
 *
 * @example
 * const recent = new CappedKeys(10_000)
 * for (const old of recent.add(key)) forget(old)
 */
export class CappedKeys {
  // each key's latest addition; the queue holds additions oldest first, stale ones skipped when met
  private readonly added = new Map<string, number>()
  private queue: (string | undefined)[] = []
  private stamps: number[] = []
  private head = 0
  private count = 0

  constructor(private readonly cap: number) {}

  /** How many keys are held. */
  get size(): number {
    return this.added.size
  }

  /** Whether `key` is held. */
  has(key: string): boolean {
    return this.added.has(key)
  }

  /** Adds `key` as the newest (moving it if held); returns the keys dropped beyond the cap, oldest first. */
  add(key: string): string[] {
    const stamp = this.count++
    this.added.set(key, stamp)
    // nothing is ever dropped: no order to keep
    if (this.cap === Infinity) return []
    this.queue.push(key)
    this.stamps.push(stamp)
    const dropped: string[] = []
    while (this.added.size > this.cap) {
      const old = this.queue[this.head] as string
      const at = this.stamps[this.head] as number
      this.queue[this.head++] = undefined
      if (this.added.get(old) !== at) continue
      this.added.delete(old)
      dropped.push(old)
    }
    this.compact()
    return dropped
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.added.delete(key)
    if (this.cap !== Infinity) this.compact()
  }

  // drops the queue's dead front, and the stale additions in it once they outnumber the keys held
  private compact(): void {
    const length = this.queue.length - this.head
    if (length <= 64 || length <= 2 * this.added.size) {
      if (this.head > 4096 && this.head * 2 > this.queue.length) this.shift()
      return
    }
    const queue: string[] = []
    const stamps: number[] = []
    for (let i = this.head; i < this.queue.length; i++) {
      const key = this.queue[i]
      if (key !== undefined && this.added.get(key) === this.stamps[i]) {
        queue.push(key)
        stamps.push(this.stamps[i] as number)
      }
    }
    this.queue = queue
    this.stamps = stamps
    this.head = 0
  }

  private shift(): void {
    this.queue.splice(0, this.head)
    this.stamps.splice(0, this.head)
    this.head = 0
  }
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
  private readonly keys: CappedKeys | undefined

  constructor(cap: number) {
    // with no cap nothing is forgotten, and nothing need be noted
    this.keys = cap === Infinity ? undefined : new CappedKeys(cap)
  }

  /** Notes an order's state now; returns the keys of finished orders beyond the cap, oldest first. */
  note(key: string, finished: boolean): string[] {
    if (this.keys === undefined) return []
    if (!finished) {
      this.keys.delete(key)
      return []
    }
    return this.keys.add(key)
  }
}
