import { asyncScheduler, timer, type Observable, type SchedulerLike } from 'rxjs'

/**
 * How long to wait between reconnects or retries: exponential growth with jitter, so many clients
 * cut off at once do not come back at once.
 *
 * @example
 * // reconnect quickly at first, never wait more than 10 s
 * createClient({ venues: { bybit: { backoff: { initialMs: 250, maxMs: 10_000 } } } })
 */
export interface BackoffOptions {
  /** Ceiling of the first delay. Default 1 000 ms. */
  readonly initialMs?: number
  /** Largest ceiling. Default 60 000 ms. */
  readonly maxMs?: number
  /** Growth of the ceiling per attempt. Default 2. */
  readonly multiplier?: number
  /** `full`: uniform in [0, ceiling] (AWS "full jitter"); `none`: the ceiling itself. Default `full`. */
  readonly jitter?: 'full' | 'none'
  /** After a healthy period at least this long, the next failure starts again at attempt 1. Default 30 000 ms. */
  readonly resetAfterMs?: number
  /** Source of randomness in [0, 1); inject a seeded one for reproducible schedules. */
  readonly random?: () => number
  /** Time source and timer scheduler. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
}

/**
 * Exponential backoff with full jitter and a reset after a healthy period.
 *
 * Stateful, one per connection or stream: call {@link Backoff.succeeded} when it became healthy (a
 * book view emitted), so a failure after `resetAfterMs` of health starts again at attempt 1, or
 * {@link Backoff.reset} when it proved itself (the managed socket resets on the first data frame of a
 * reopened connection); each failure asks {@link Backoff.next} for its delay.
 * `delay` plugs straight into rxjs `retry` / `repeat`:
 *
 * ```
 * source:  --#            (fails)           --#          --#
 * delays:     |<- ≤1 s ->|                     |<- ≤2 s ->|   ...   capped at 60 s
 * ```
 *
 * @example
 * const b = new Backoff({ initialMs: 1000, maxMs: 60_000 })
 * socket$.pipe(tap({ next: () => b.succeeded() }), retry({ delay: b.delay }))
 */
export class Backoff {
  readonly initialMs: number
  readonly maxMs: number
  readonly multiplier: number
  readonly jitter: 'full' | 'none'
  readonly resetAfterMs: number
  private readonly random: () => number
  private readonly scheduler: SchedulerLike
  private attempts = 0
  private healthySince: number | undefined

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000
    this.maxMs = options.maxMs ?? 60_000
    this.multiplier = options.multiplier ?? 2
    this.jitter = options.jitter ?? 'full'
    this.resetAfterMs = options.resetAfterMs ?? 30_000
    this.random = options.random ?? Math.random
    this.scheduler = options.scheduler ?? asyncScheduler
    if (!(this.initialMs >= 0 && this.maxMs >= this.initialMs && this.multiplier >= 1)) {
      throw new RangeError('backoff needs 0 <= initialMs <= maxMs and multiplier >= 1')
    }
  }

  /** Failures since the last reset. */
  get attempt(): number {
    return this.attempts
  }

  /** The delay ceiling for a given 1-based attempt. */
  ceiling(attempt: number): number {
    return Math.min(this.maxMs, this.initialMs * Math.pow(this.multiplier, Math.max(0, attempt - 1)))
  }

  /** Records a failure and returns how long to wait before the next attempt, in ms. */
  next(): number {
    if (this.healthySince !== undefined && this.scheduler.now() - this.healthySince >= this.resetAfterMs) {
      this.attempts = 0
    }
    this.healthySince = undefined
    this.attempts += 1
    const cap = this.ceiling(this.attempts)
    return this.jitter === 'full' ? Math.floor(this.random() * cap) : cap
  }

  /** Marks the start of a healthy period (keeps the earliest start if called repeatedly). */
  succeeded(): void {
    if (this.healthySince === undefined) this.healthySince = this.scheduler.now()
  }

  /** Forgets all failures. */
  reset(): void {
    this.attempts = 0
    this.healthySince = undefined
  }

  /** A `delay` for rxjs `retry` / `repeat`: waits {@link Backoff.next} ms. */
  readonly delay = (): Observable<0> => timer(this.next(), this.scheduler)
}

/**
 * A stateless backoff `delay` for rxjs `retry`, keyed by rxjs' own retry count; for one-shot
 * requests where no healthy period exists. Honors a `retryAfterMs` carried by the error when larger.
 *
 * @example
 * request$.pipe(retry({ count: 3, delay: backoffDelay({ initialMs: 200 }) }))
 */
export function backoffDelay(
  options: Omit<BackoffOptions, 'resetAfterMs'> = {},
): (error: unknown, retryCount: number) => Observable<0> {
  const b = new Backoff(options)
  const scheduler = options.scheduler ?? asyncScheduler
  return (error, retryCount) => {
    const cap = b.ceiling(retryCount)
    const jittered = b.jitter === 'full' ? Math.floor((options.random ?? Math.random)() * cap) : cap
    const after = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs
    return timer(typeof after === 'number' && after > jittered ? after : jittered, scheduler)
  }
}
