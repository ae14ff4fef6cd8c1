/**
 * A rolling-window request counter, as venues use for their rate limits: at most `limit` requests
 * in any `windowMs`, timed by the simulated clock; one per key (an IP, a path) where a venue counts
 * each apart.
 */

/**
 * What one attempt to pass the window found.
 *
 * @example
 * const r: WindowResult = window.take(now)
 * if (!r.allowed) reply429({ retryAfterMs: r.resetAt - now })
 */
export interface WindowResult {
  readonly allowed: boolean
  readonly limit: number
  /** Requests still allowed in the window after this one. */
  readonly remaining: number
  /** When the oldest request in the window leaves it (ms); `now` while there is room. */
  readonly resetAt: number
}

/**
 * At most `limit` requests in any `windowMs`. A refused request is not counted.
 *
 * @example
 * const w = new RateWindow(2, 1000)
 * w.take(0).remaining // 1
 * w.take(1).remaining // 0
 * w.take(2).allowed   // false, resetAt 1000
 */
export class RateWindow {
  private readonly times: number[] = []

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be an integer >= 1, got ${limit}`)
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`)
  }

  /** Counts a request at `now` if the window has room. */
  take(now: number): WindowResult {
    const times = this.times
    while (times.length > 0 && (times[0] as number) <= now - this.windowMs) times.shift()
    if (times.length >= this.limit) {
      return {
        allowed: false,
        limit: this.limit,
        remaining: 0,
        resetAt: (times[0] as number) + this.windowMs,
      }
    }
    times.push(now)
    return { allowed: true, limit: this.limit, remaining: this.limit - times.length, resetAt: now }
  }
}

/**
 * A rolling window per key, each made on the key's first request.
 *
 * @example
 * const perIp = new RateWindows(5000)
 * perIp.take('127.0.0.1', 600, now).allowed // at most 600 requests of an IP in any 5 s
 */
export class RateWindows {
  private readonly windows = new Map<string, RateWindow>()

  constructor(readonly windowMs: number) {}

  /** Counts a request of `key` at `now` if its window (of `limit`) has room. */
  take(key: string, limit: number, now: number): WindowResult {
    let window = this.windows.get(key)
    if (window === undefined) this.windows.set(key, (window = new RateWindow(limit, this.windowMs)))
    return window.take(now)
  }
}
