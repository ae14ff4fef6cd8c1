import {
  asyncScheduler,
  Observable,
  Subject,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import { VenueError } from '../core/errors.js'

/**
 * One limit a venue enforces: at most `limit` units of `metric` per `intervalMs`.
 *
 * Windows are fixed and aligned to whole multiples of `intervalMs` since the Unix epoch in venue time: a
 * one-minute window resets on the minute, a one-day window at 00:00 UTC. That is how venues that
 * report usage per interval count (their used-weight figure drops to zero at the boundary), and it lets
 * their figures be compared with ours. A venue that announces its own reset time re-phases the window
 * through {@link RateLimiter.observeUsage}.
 */
export interface RateWindow {
  /** Name used in usage reports and headroom, e.g. `'weight-1m'`. */
  readonly id: string
  /** Units allowed per window. */
  readonly limit: number
  /** Window length in ms. */
  readonly intervalMs: number
  /** What the window counts. Default `'weight'`. `'requests'` counts 1 for every request unless a cost says otherwise. */
  readonly metric?: string
}

/**
 * What one request spends: a number is its weight (`{ weight: n }`); an object names each metric, e.g.
 * `{ weight: 1, orders: 1 }` for an order placement. A request spends on every window of each metric.
 */
export type RateCost = number | Readonly<Record<string, number>>

/** The venue's own account of a window, from its response headers. */
export interface UsageReport {
  /** The window's `id`. */
  readonly window: string
  /** Units the venue says are used in the current window. */
  readonly used: number
  /** The venue's limit, when it says; replaces the configured one. */
  readonly limit?: number
  /** Venue time at which the venue's current window ends, when it says. */
  readonly resetAt?: number
  /**
   * Venue time the request was sent. A report about a window that had already ended when it arrives
   * is ignored, so a response straddling a boundary does not charge the new window with the old usage.
   */
  readonly at?: number
}

/** Headroom of one window. */
export interface WindowHeadroom {
  readonly id: string
  readonly metric: string
  readonly limit: number
  readonly used: number
  readonly remaining: number
  /** Venue time at which the window resets. */
  readonly resetAt: number
}

/** What a {@link RateLimiter} can still admit. */
export interface Headroom {
  readonly windows: readonly WindowHeadroom[]
  /** Requests waiting for budget. */
  readonly queued: number
  /** Venue time until which the whole venue is paused, if it is. */
  readonly pausedUntil: number | undefined
}

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  readonly windows: readonly RateWindow[]
  /** Timers. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
  /** Venue time in epoch ms, for window alignment (e.g. `ClockSync.now`). Default `scheduler.now()`. */
  readonly now?: () => number
  /** Venue id carried by errors. */
  readonly venue?: string
}

interface WindowState {
  readonly id: string
  readonly metric: string
  readonly intervalMs: number
  limit: number
  start: number | undefined
  used: number
}

interface Entry {
  readonly cost: Readonly<Record<string, number>>
  readonly start: () => void
  readonly reject: (e: VenueError) => void
}

/**
 * A per-venue weighted rate limiter over several windows at once (e.g. 6 000 weight per minute, 50
 * orders per 10 s and 160 000 orders per day). Requests over budget are delayed, never failed: they
 * wait in one strict FIFO queue, so they are admitted in the order they were subscribed and a cancel can
 * never overtake the order it cancels. Budget is spent when a request is admitted; a request that
 * leaves the queue before that has spent nothing.
 *
 * Fed by the venue: {@link RateLimiter.observeUsage} raises local counters to the venue's figures (so
 * processes sharing an IP converge), {@link RateLimiter.pause} holds the whole venue after a 429/418.
 * A timer runs only while requests wait.
 *
 * ```
 * window 2 per 10 ms, three requests at 0:
 * subscribed: (abc)
 * admitted:   (ab)------c
 * ```
 *
 * @example
 * const limiter = new RateLimiter({
 *   windows: [
 *     { id: 'weight-1m', limit: 6000, intervalMs: 60_000 },
 *     { id: 'orders-10s', metric: 'orders', limit: 50, intervalMs: 10_000 },
 *     { id: 'orders-1d', metric: 'orders', limit: 160_000, intervalMs: 86_400_000 },
 *   ],
 * })
 * limiter.schedule({ weight: 1, orders: 1 }, placeOrder$)
 * depth$.pipe(limiter.limit(5))
 */
export class RateLimiter {
  /** The current headroom, then a new figure on every change and at every window reset that frees budget. */
  readonly headroom$: Observable<Headroom>

  private readonly windows: WindowState[]
  private readonly scheduler: SchedulerLike
  private readonly clock: () => number
  private readonly venue: string | undefined
  private readonly changes = new Subject<void>()
  private queue: Entry[] = []
  private timer: Subscription | undefined
  private draining = false
  private pausedUntil: number | undefined

  constructor(options: RateLimiterOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler
    this.clock = options.now ?? (() => this.scheduler.now())
    this.venue = options.venue
    const ids = new Set<string>()
    this.windows = options.windows.map((w) => {
      if (ids.has(w.id)) throw new RangeError(`rate window ${w.id} is defined twice`)
      ids.add(w.id)
      if (!(w.limit > 0 && w.intervalMs > 0))
        throw new RangeError(`rate window ${w.id} needs limit > 0 and intervalMs > 0`)
      return {
        id: w.id,
        metric: w.metric ?? 'weight',
        intervalMs: w.intervalMs,
        limit: w.limit,
        start: undefined,
        used: 0,
      }
    })
    this.headroom$ = new Observable<Headroom>((subscriber) => {
      let reset: Subscription | undefined
      const emit = (): void => {
        reset?.unsubscribe()
        reset = undefined
        const h = this.headroom()
        subscriber.next(h)
        const now = this.clock()
        const next = Math.min(...h.windows.filter((w) => w.used > 0).map((w) => w.resetAt))
        if (Number.isFinite(next)) reset = this.scheduler.schedule(emit, Math.max(0, next - now))
      }
      const changes = this.changes.subscribe(emit)
      emit()
      return () => {
        changes.unsubscribe()
        reset?.unsubscribe()
      }
    })
  }

  /** Requests waiting for budget. */
  get queued(): number {
    return this.queue.length
  }

  /**
   * Subscribes to `work$` once `cost` fits in every window and the venue is not paused. Cold: nothing
   * is queued until subscribed. Unsubscribing while queued leaves the queue without spending budget.
   * Fails with a non-retryable `rate-limit` error only if `cost` exceeds a window's whole limit.
   *
   * ```
   * window 2 per 10 ms:
   * schedule(1, a$), schedule(1, b$), schedule(1, c$) at 0
   * admitted:   (ab)------c
   * ```
   */
  schedule<T>(cost: RateCost, work$: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let inner: Subscription | undefined
      const entry: Entry = {
        cost: normalize(cost),
        start: () => {
          inner = work$.subscribe({
            next: (value) => subscriber.next(value),
            error: (e: unknown) => subscriber.error(e),
            complete: () => subscriber.complete(),
          })
        },
        reject: (e) => subscriber.error(e),
      }
      this.queue.push(entry)
      this.drain()
      return () => {
        inner?.unsubscribe()
        const i = this.queue.indexOf(entry)
        if (i >= 0) {
          this.queue.splice(i, 1)
          this.drain()
        }
      }
    })
  }

  /**
   * {@link RateLimiter.schedule} as an operator.
   *
   * @example
   * depth$.pipe(limiter.limit(5))
   */
  limit<T>(cost: RateCost): MonoTypeOperatorFunction<T> {
    return (source) => this.schedule(cost, source)
  }

  /**
   * Raises a window's count to the venue's figure (never lowers it: requests in flight are not in the
   * venue's figure yet), adopts the venue's limit and reset time when given, and admits or delays
   * queued requests accordingly.
   */
  observeUsage(report: UsageReport): void {
    const w = this.windows.find((x) => x.id === report.window)
    if (!w) return
    const now = this.clock()
    this.roll(w, now)
    if (report.at !== undefined && report.at < (w.start ?? -Infinity)) return
    if (report.resetAt !== undefined && report.resetAt > now) w.start = report.resetAt - w.intervalMs
    if (report.limit !== undefined && report.limit > 0) w.limit = report.limit
    if (report.used > w.used) w.used = report.used
    this.drain()
  }

  /** Admits nothing for `ms` (the venue's Retry-After); an earlier pause is only ever extended. */
  pause(ms: number): void {
    const until = this.clock() + Math.max(0, ms)
    if (this.pausedUntil === undefined || until > this.pausedUntil) this.pausedUntil = until
    this.drain()
  }

  /** Headroom now. */
  headroom(): Headroom {
    const now = this.clock()
    return {
      windows: this.windows.map((w) => {
        this.roll(w, now)
        const start = w.start ?? now
        return {
          id: w.id,
          metric: w.metric,
          limit: w.limit,
          used: w.used,
          remaining: Math.max(0, w.limit - w.used),
          resetAt: start + w.intervalMs,
        }
      }),
      queued: this.queue.length,
      pausedUntil: this.pausedUntil !== undefined && this.pausedUntil > now ? this.pausedUntil : undefined,
    }
  }

  private drain(): void {
    if (this.draining) return
    this.draining = true
    try {
      this.timer?.unsubscribe()
      this.timer = undefined
      for (let head = this.queue[0]; head; head = this.queue[0]) {
        const now = this.clock()
        const wait = this.waitFor(head.cost, now)
        if (wait === 'never') {
          this.queue.shift()
          head.reject(
            new VenueError({
              kind: 'rate-limit',
              message: `request cost ${JSON.stringify(head.cost)} exceeds a whole rate window`,
              venue: this.venue,
              retryable: false,
            }),
          )
        } else if (wait > 0) {
          this.timer = this.scheduler.schedule(() => {
            this.timer = undefined
            this.drain()
          }, wait)
          break
        } else {
          this.queue.shift()
          for (const w of this.windows) w.used += head.cost[w.metric] ?? 0
          head.start()
        }
      }
    } finally {
      this.draining = false
    }
    this.changes.next()
  }

  /** ms until `cost` fits everywhere, 0 if it fits now. */
  private waitFor(cost: Readonly<Record<string, number>>, now: number): number | 'never' {
    let until = this.pausedUntil !== undefined && this.pausedUntil > now ? this.pausedUntil : now
    for (const w of this.windows) {
      const spend = cost[w.metric] ?? 0
      if (spend === 0) continue
      if (spend > w.limit) return 'never'
      this.roll(w, now)
      if (w.used + spend > w.limit) until = Math.max(until, (w.start ?? now) + w.intervalMs)
    }
    if (this.pausedUntil !== undefined && this.pausedUntil <= now) this.pausedUntil = undefined
    return until - now
  }

  private roll(w: WindowState, now: number): void {
    if (w.start === undefined) {
      w.start = Math.floor(now / w.intervalMs) * w.intervalMs
    } else if (now >= w.start + w.intervalMs) {
      w.start += Math.floor((now - w.start) / w.intervalMs) * w.intervalMs
      w.used = 0
    }
  }
}

function normalize(cost: RateCost): Readonly<Record<string, number>> {
  const named: Record<string, number> = typeof cost === 'number' ? { weight: cost } : { ...cost }
  named['requests'] ??= 1
  for (const [metric, n] of Object.entries(named)) {
    if (!(Number.isFinite(n) && n >= 0))
      throw new RangeError(`rate cost ${metric} must be a finite number >= 0`)
  }
  return named
}
