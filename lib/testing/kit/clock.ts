/**
 * A simulated venue's clock. It runs with the machine's clock by default; tests set it, freeze it and
 * move it by hand so that signatures, rate-limit windows and candles are reproducible.
 */

/**
 * The time a simulated venue believes it is, in ms since the epoch.
 *
 * @example
 * const clock = new SimClock()
 * clock.set(Date.UTC(2024, 0, 1))  // frozen at 2024-01-01T00:00:00Z
 * clock.advance(1500)              // 2024-01-01T00:00:01.500Z
 * clock.set(Date.UTC(2024, 0, 1), { running: true }) // runs on from there
 */
export class SimClock {
  private offset = 0
  private frozenAt: number | undefined
  // how far `skew` has moved the clock: the time that passed, apart from the steps, is `now() - skewed`
  private skewed = 0

  constructor(private readonly source: () => number = Date.now) {}

  /** The simulated time now. */
  now(): number {
    return this.frozenAt ?? this.source() + this.offset
  }

  /** True while the clock only moves when told to. */
  get frozen(): boolean {
    return this.frozenAt !== undefined
  }

  /** Sets the time; frozen there unless `running`, in which case it moves on with the machine's clock. */
  set(ms: number, options: { readonly running?: boolean | undefined } = {}): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock time must be finite, got ${ms}`)
    if (options.running) {
      this.frozenAt = undefined
      this.offset = ms - this.source()
    } else {
      this.frozenAt = ms
    }
  }

  /** Moves the time by `ms` (negative goes back), frozen or running. */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock step must be finite, got ${ms}`)
    if (this.frozenAt !== undefined) this.frozenAt += ms
    else this.offset += ms
  }

  /**
   * Steps the time by `ms` as the skew fault does (the clock signatures are checked against jumps);
   * {@link SimClock.steady} does not move with it.
   */
  skew(ms: number): void {
    this.advance(ms)
    this.skewed += ms
  }

  /**
   * The time without the skew steps: what rate-limit windows count, since a venue's limits go on
   * counting the time that passes whatever its clock says.
   */
  steady(): number {
    return this.now() - this.skewed
  }
}
