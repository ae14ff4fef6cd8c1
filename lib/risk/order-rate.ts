/**
 * A rolling count of orders: at most `orders` in any `perMs`, in constant time per order.
 */

/**
 * The times of the last `orders` orders in a ring, so "is there room for one more" is one comparison.
 *
 * @example
 * const rate = new OrderRateWindow({ orders: 2, perMs: 1000 })
 * rate.record(0); rate.record(10)
 * rate.inWindow(500)  // 2: a third order now would be over the limit
 * rate.inWindow(1000) // 1: the first one left the window
 */
export class OrderRateWindow {
  // grows to `orders` entries as orders come, then wraps
  private times: number[] = []
  private head = 0
  private size = 0

  constructor(private readonly rate: { readonly orders: number; readonly perMs: number }) {}

  /** Orders within the window ending at `now`, up to `orders` (more are never kept). */
  inWindow(now: number): number {
    const from = now - this.rate.perMs
    // oldest first: the old ones leave for good, so each order is stepped over once
    while (this.size > 0 && (this.times[this.head] as number) <= from) {
      this.head = (this.head + 1) % this.times.length
      this.size--
    }
    return this.size
  }

  /** Counts an order placed at `now`. */
  record(now: number): void {
    const cap = Math.max(1, this.rate.orders)
    if (this.size === this.times.length && this.size < cap) {
      // full but allowed to grow: straighten the ring, then append
      if (this.head !== 0) this.times.push(...this.times.splice(0, this.head))
      this.head = 0
      this.times.push(now)
      this.size++
    } else if (this.size < this.times.length) {
      this.times[(this.head + this.size) % this.times.length] = now
      this.size++
    } else {
      this.times[this.head] = now
      this.head = (this.head + 1) % this.times.length
    }
  }
}
