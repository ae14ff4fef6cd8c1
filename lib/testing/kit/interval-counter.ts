/**
 * A fixed-interval usage counter, as venues that report "weight used this minute" count: usage adds
 * up within each interval of the simulated clock (aligned to the epoch) and starts again at zero when
 * the next one begins.
 */

/**
 * Units (request weight, orders) used in the current interval, against a limit.
 *
 * @example
 * const minute = new IntervalCounter(6000, 60_000)
 * minute.add(now, 20)       // 20
 * minute.fits(now, 5990)    // false
 * minute.resetAt(now)       // start of the next minute
 */
export class IntervalCounter {
  private start = Number.NEGATIVE_INFINITY
  private count = 0

  constructor(
    readonly limit: number,
    readonly intervalMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be an integer >= 1, got ${limit}`)
    if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`)
  }

  /** Units used in the interval holding `now`. */
  used(now: number): number {
    this.roll(now)
    return this.count
  }

  /** True when `units` more stay within the limit. */
  fits(now: number, units: number): boolean {
    return this.used(now) + units <= this.limit
  }

  /** Counts `units` at `now`; returns the interval's usage after them. */
  add(now: number, units: number): number {
    this.roll(now)
    this.count += units
    return this.count
  }

  /** When the interval holding `now` ends, ms. */
  resetAt(now: number): number {
    this.roll(now)
    return this.start + this.intervalMs
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.intervalMs) * this.intervalMs
    if (start !== this.start) {
      this.start = start
      this.count = 0
    }
  }
}
