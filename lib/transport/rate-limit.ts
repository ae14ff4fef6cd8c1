// size: one limiter: windows, both priority queues, pauses and deadlines are decided together in drain()
import {
  asyncScheduler,
  Observable,
  Subject,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import { VenueError } from '../core/errors.js'
import { MAX_RETRY_AFTER_MS, MAX_TIMER_MS } from './delay-bounds.js'

/**
 * One limit a venue enforces: at most `limit` units of `metric` per `intervalMs`.
 *
 * Windows are fixed and aligned to whole multiples of `intervalMs` since the Unix epoch in venue time: a
 * one-minute window resets on the minute, a one-day window at 00:00 UTC. That is how venues that
 * report usage per interval count (their used-weight figure drops to zero at the boundary), and it lets
 * their figures be compared with ours. A venue that announces its own reset time re-phases the window
 * through {@link RateLimiter.observeUsage}. A venue that counts any span of `intervalMs` instead (Bybit)
 * gets a `rolling` window:
 *
 * ```
 * limit 2 per 10 ms, requests at 5, 9 and 11, each answered at once:
 * fixed:    -----a---b-c        c fits the fixed window [10, 20)
 * rolling:  -----a---b-----c    c waits until a's unit is free at 15
 * ```
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
  /**
   * Counted over every span of `intervalMs` (a rolling window), not per fixed window. A unit is held
   * while its request is open and free again `intervalMs` after the answer: the venue counted it
   * somewhere between sending and answer. For venues that count that way (Bybit): two fixed windows
   * back to back would let up to twice the limit into one rolling span. Default false.
   *
   * A rolling window measures its spans on the scheduler's clock, not the venue clock: a span is a
   * length of time, and the venue clock's offset moves whenever it is measured again (a unit spent
   * before the first measurement would otherwise free early by the offset).
   */
  readonly rolling?: boolean
}

/**
 * What one request spends: a number is its weight (`{ weight: n }`); an object names each metric, e.g.
 * `{ weight: 1, orders: 1 }` for an order placement. A request spends on every window of each metric.
 */
export type RateCost = number | Readonly<Record<string, number>>

/**
 * The queue a request waits in. `order` is order entry (place, amend, cancel) and the account queries
 * that manage orders; `data` is market data, instruments and history. A queued `order` request is
 * admitted before every queued `data` request; within a priority the queue is FIFO.
 *
 * @example
 * limiter.schedule({ weight: 1, orders: 1 }, create$, { priority: 'order' })
 */
export type RatePriority = 'order' | 'data'

/**
 * How a request waits in a {@link RateLimiter}.
 *
 * @example
 * // an order that must go out within 5 s of now, or not at all
 * limiter.schedule(1, create$, { priority: 'order', deadline: scheduler.now() + 5000 })
 */
export interface ScheduleOptions {
  /** Default `data`. */
  readonly priority?: RatePriority | undefined
  /**
   * Time on the limiter's scheduler by which the request must be admitted. A request still waiting
   * then, or sure to be (the venue's pause outlasts it), leaves the queue with a `rate-limit` error
   * carrying `retryAfterMs` when the wait is known, and is never started.
   */
  readonly deadline?: number | undefined
}

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
  /**
   * Scheduler time of the same moment, where known: a rolling window places the venue's count there
   * (else at `at` less the clock's offset now, which may have moved since).
   */
  readonly sentOn?: number
}

/**
 * Headroom of one rate window: how much of its limit is spent and when budget comes back.
 *
 * @example
 * // Binance's request weight, a fixed one-minute window
 * const weight: WindowHeadroom | undefined = venue.health?.().rateLimit?.windows.find((w) => w.id === 'weight-1m')
 * if (weight && weight.remaining < 100) console.warn(`weight nearly spent until ${new Date(weight.resetAt).toISOString()}`)
 */
export interface WindowHeadroom {
  /** The window's name, e.g. `'weight-1m'` or `'orders-10s'`. */
  readonly id: string
  /** What the window counts: `'weight'`, `'requests'`, `'orders'`, ... */
  readonly metric: string
  /** Units allowed per window: the configured limit, or the venue's own once it reported one. */
  readonly limit: number
  /** Units spent in the current window, requests still in flight included. */
  readonly used: number
  /** `limit - used`, never below 0. */
  readonly remaining: number
  /**
   * Venue time (epoch ms) at which budget comes back: the end of a fixed window, or the time the oldest
   * spent unit of a rolling window is free again.
   */
  readonly resetAt: number
}

/**
 * What a venue's `RateLimiter` can still admit: each window's budget, the requests waiting for it, and a
 * pause the venue imposed (a 429 or 418 with Retry-After).
 *
 * @example
 * health$('binance').subscribe(({ rateLimit }) => {
 *   if (rateLimit?.pausedUntil !== undefined) console.warn(`paused until ${new Date(rateLimit.pausedUntil).toISOString()}`)
 *   else if (rateLimit && rateLimit.queued > 0) console.warn(`${rateLimit.queued} requests waiting for budget`)
 * })
 */
export interface Headroom {
  /** Every window of the limiter, in the order they were configured. */
  readonly windows: readonly WindowHeadroom[]
  /** Requests waiting for budget. */
  readonly queued: number
  /** Venue time (epoch ms) until which the whole venue is paused; `undefined` when it is not. */
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
  /**
   * When each answered unit of a rolling window was spent, in scheduler time, oldest first; absent for
   * a fixed window.
   */
  readonly spent: number[] | undefined
  /** Units of a rolling window whose requests are still open. */
  open: number
  limit: number
  /** Venue time a fixed window began; scheduler time of a rolling window's oldest unit. */
  start: number | undefined
  used: number
}

interface Entry {
  readonly cost: Readonly<Record<string, number>>
  readonly queue: Entry[]
  /** Scheduler time by which it must be admitted. */
  readonly deadline: number | undefined
  /** The timer that fails it at its deadline. */
  expiry: Subscription | undefined
  readonly start: () => void
  readonly reject: (e: VenueError) => void
}

/**
 * A per-venue weighted rate limiter over several windows at once (e.g. 6 000 weight per minute, 50
 * orders per 10 s and 160 000 orders per day). Requests over budget are delayed, not failed (unless
 * they carry a deadline): they wait in two strict FIFO queues, `order` before `data`
 * ({@link RatePriority}). Order entry never waits behind market data, and within a queue requests are
 * admitted in the order they were subscribed, so a cancel can never overtake the order it cancels.
 * Budget is spent when a request is admitted; a request that leaves the queue before that has spent
 * nothing.
 *
 * Fed by the venue: {@link RateLimiter.observeUsage} raises local counters to the venue's figures (so
 * processes sharing an IP converge), {@link RateLimiter.pause} holds the whole venue after a 429/418.
 * A timer runs only while requests wait.
 *
 * ```
 * window 2 per 10 ms, three requests at 0:
 * subscribed: (abc)
 * admitted:   (ab)------c
 *
 * window 2 per 10 ms, data a, b, c, d at 0, order o at 1:
 * admitted:   (ab)------(oc)------d
 * ```
 *
 * Every timer it arms is shorter than {@link MAX_TIMER_MS}; a longer wait is re-armed in steps.
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
  private readonly orders: Entry[] = []
  private readonly data: Entry[] = []
  private timer: Subscription | undefined
  private draining = false
  /** Scheduler time until which nothing is admitted: a pause is a length of time, as a rolling span is. */
  private pausedUntil: number | undefined
  private closedWith: VenueError | undefined

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
        spent: w.rolling ? [] : undefined,
        open: 0,
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
        if (Number.isFinite(next))
          reset = this.scheduler.schedule(emit, Math.min(MAX_TIMER_MS, Math.max(0, next - now)))
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
    return this.orders.length + this.data.length
  }

  /**
   * Subscribes to `work$` once `cost` fits in every window, the venue is not paused and no request
   * queued before it in its priority (or in `order`, for a `data` request) is waiting. Cold: nothing
   * is queued until subscribed. Unsubscribing while queued leaves the queue without spending budget.
   * Fails with a non-retryable `rate-limit` error if `cost` exceeds a window's whole limit, and with a
   * retryable one if it cannot be admitted by its `deadline`.
   *
   * ```
   * window 2 per 10 ms:
   * schedule(1, a$), schedule(1, b$), schedule(1, c$) at 0
   * admitted:   (ab)------c
   *
   * window 1 per 1000 ms, a at 0; order o at 10 with deadline 510:
   * o:          510ms #       rate-limit, retryAfterMs 490; o$ is never subscribed
   * ```
   */
  schedule<T>(cost: RateCost, work$: Observable<T>, options: ScheduleOptions = {}): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.closedWith !== undefined) {
        subscriber.error(this.closedWith)
        return
      }
      let inner: Subscription | undefined
      let answer: (() => void) | undefined
      const entry: Entry = {
        cost: normalize(cost),
        queue: options.priority === 'order' ? this.orders : this.data,
        deadline: options.deadline,
        expiry: undefined,
        start: () => {
          answer = () => {
            answer = undefined
            this.answered(entry.cost)
          }
          inner = work$.subscribe({
            next: (value) => subscriber.next(value),
            error: (e: unknown) => {
              answer?.()
              subscriber.error(e)
            },
            complete: () => {
              answer?.()
              subscriber.complete()
            },
          })
        },
        reject: (e) => subscriber.error(e),
      }
      if (entry.deadline !== undefined && this.scheduler.now() > entry.deadline) {
        subscriber.error(this.lateError(entry, undefined, 'its deadline had passed when it was queued'))
        return
      }
      entry.queue.push(entry)
      this.drain()
      if (entry.deadline !== undefined && this.isQueued(entry) && !this.failIfPauseOutlasts(entry))
        this.armExpiry(entry)
      return () => {
        answer?.()
        inner?.unsubscribe()
        if (this.leave(entry)) this.drain()
      }
    })
  }

  /**
   * Fails every queued request with `error`, cancels the limiter's timer and refuses new requests, so a
   * closed venue leaves nothing waiting (a 10-minute pause would otherwise keep the process alive).
   *
   * @example
   * limiter.close(new VenueError({ kind: 'invalid-request', message: 'venue closed' }))
   */
  close(error: VenueError): void {
    this.closedWith = error
    this.timer?.unsubscribe()
    this.timer = undefined
    for (const entry of [...this.orders.splice(0), ...this.data.splice(0)]) {
      entry.expiry?.unsubscribe()
      entry.reject(error)
    }
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
    if (w.spent) {
      this.observeRolling(w, w.spent, report, now)
      this.drain()
      return
    }
    if (report.at !== undefined && report.at < (w.start ?? -Infinity)) return
    if (report.resetAt !== undefined && report.resetAt > now) w.start = report.resetAt - w.intervalMs
    if (report.limit !== undefined && report.limit > 0) w.limit = report.limit
    if (report.used > w.used) w.used = report.used
    this.drain()
  }

  /**
   * A rolling window learns the venue's figures by placing units: those the venue counts and we do not
   * are taken as spent when the request was sent, and a window the venue says is full until `resetAt`
   * frees nothing before then.
   */
  private observeRolling(w: WindowState, spent: number[], report: UsageReport, now: number): void {
    if (report.limit !== undefined && report.limit > 0) w.limit = report.limit
    // the venue's times are venue time; the window's are scheduler time
    const offset = now - this.scheduler.now()
    insertSpent(spent, report.used - w.used, report.sentOn ?? (report.at ?? now) - offset)
    if (report.resetAt !== undefined && report.resetAt > now) {
      const freedAt = report.resetAt - offset - w.intervalMs
      for (let i = 0; i < spent.length && (spent[i] as number) < freedAt; i++) spent[i] = freedAt
      insertSpent(spent, w.limit - spent.length - w.open, freedAt)
    }
    this.roll(w, now)
  }

  /** A request was answered (or abandoned) now: its units in rolling windows count from now. */
  private answered(cost: Readonly<Record<string, number>>): void {
    const now = this.clock()
    const steady = this.scheduler.now()
    let rolling = false
    for (const w of this.windows) {
      const n = cost[w.metric] ?? 0
      if (!w.spent || n === 0) continue
      w.open = Math.max(0, w.open - n)
      insertSpent(w.spent, n, steady)
      this.roll(w, now)
      rolling = true
    }
    // a request waiting for this answer can now be given a time
    if (rolling) this.drain()
  }

  /**
   * Admits nothing for `ms` (the venue's Retry-After, at most {@link MAX_RETRY_AFTER_MS}); an earlier
   * pause is only ever extended. Queued requests whose deadline comes before the pause ends fail now.
   */
  pause(ms: number): void {
    const until = this.scheduler.now() + Math.min(MAX_RETRY_AFTER_MS, ms > 0 ? ms : 0)
    if (this.pausedUntil === undefined || until > this.pausedUntil) this.pausedUntil = until
    for (const entry of [...this.orders, ...this.data])
      if (entry.deadline !== undefined) this.failIfPauseOutlasts(entry)
    this.drain()
  }

  /** Headroom now. */
  headroom(): Headroom {
    const now = this.clock()
    const offset = now - this.scheduler.now()
    return {
      windows: this.windows.map((w) => {
        this.roll(w, now)
        const start = w.start === undefined ? now : w.spent ? w.start + offset : w.start
        return {
          id: w.id,
          metric: w.metric,
          limit: w.limit,
          used: w.used,
          remaining: Math.max(0, w.limit - w.used),
          resetAt: start + w.intervalMs,
        }
      }),
      queued: this.queued,
      pausedUntil:
        this.pausedUntil !== undefined && this.pausedUntil > this.scheduler.now()
          ? this.pausedUntil + offset
          : undefined,
    }
  }

  private drain(): void {
    if (this.draining) return
    this.draining = true
    try {
      this.timer?.unsubscribe()
      this.timer = undefined
      for (let head = this.head(); head; head = this.head()) {
        const now = this.clock()
        const wait = this.waitFor(head.cost, now)
        if (wait === 'never') {
          this.leave(head)
          head.reject(
            new VenueError({
              kind: 'rate-limit',
              message: `request cost ${JSON.stringify(head.cost)} exceeds a whole rate window`,
              venue: this.venue,
              retryable: false,
            }),
          )
        } else if (wait === Infinity) {
          break // until an open request is answered
        } else if (wait > 0) {
          this.timer = this.scheduler.schedule(
            () => {
              this.timer = undefined
              this.drain()
            },
            Math.min(wait, MAX_TIMER_MS),
          )
          break
        } else {
          this.leave(head)
          for (const w of this.windows) {
            const spend = head.cost[w.metric] ?? 0
            w.used += spend
            if (w.spent) w.open += spend
          }
          head.start()
        }
      }
    } finally {
      this.draining = false
    }
    this.changes.next()
  }

  /** The request admitted next: the oldest order, else the oldest data request. */
  private head(): Entry | undefined {
    return this.orders[0] ?? this.data[0]
  }

  private isQueued(entry: Entry): boolean {
    return entry.queue.includes(entry)
  }

  /** Takes `entry` out of its queue; false when it was not queued. */
  private leave(entry: Entry): boolean {
    entry.expiry?.unsubscribe()
    entry.expiry = undefined
    const i = entry.queue.indexOf(entry)
    if (i < 0) return false
    entry.queue.splice(i, 1)
    return true
  }

  private armExpiry(entry: Entry): void {
    const deadline = entry.deadline as number
    entry.expiry = this.scheduler.schedule(
      () => {
        entry.expiry = undefined
        // whatever is due now goes first: the entry may be admitted at its deadline
        this.drain()
        if (!this.isQueued(entry)) return
        if (this.scheduler.now() < deadline) return this.armExpiry(entry)
        this.fail(entry, this.lateError(entry))
      },
      Math.min(MAX_TIMER_MS, Math.max(0, deadline - this.scheduler.now())),
    )
  }

  /** Fails a queued request with a deadline the venue's pause outlasts; true if it did. */
  private failIfPauseOutlasts(entry: Entry): boolean {
    const now = this.scheduler.now()
    if (this.pausedUntil === undefined || this.pausedUntil <= now) return false
    const pauseMs = this.pausedUntil - now
    if (this.pausedUntil <= (entry.deadline as number)) return false
    this.fail(entry, this.lateError(entry, pauseMs))
    return true
  }

  private fail(entry: Entry, error: VenueError): void {
    this.leave(entry)
    entry.reject(error)
    this.drain()
  }

  /** The error of a request that cannot be admitted by its deadline. */
  private lateError(entry: Entry, pauseMs?: number, reason?: string): VenueError {
    const wait = pauseMs ?? this.waitFor(entry.cost, this.clock())
    const retryAfterMs = typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? wait : undefined
    const why =
      pauseMs !== undefined
        ? `the venue is paused for ${pauseMs} ms`
        : (reason ??
          (retryAfterMs !== undefined
            ? `rate budget frees in ${retryAfterMs} ms`
            : 'rate budget is held by requests ahead of it'))
    return new VenueError({
      kind: 'rate-limit',
      message: `not sent within its deadline: ${why}`,
      venue: this.venue,
      retryAfterMs,
    })
  }

  /** ms until `cost` fits everywhere, 0 if it fits now. */
  private waitFor(cost: Readonly<Record<string, number>>, now: number): number | 'never' {
    // scheduler times (the pause, rolling units) are moved to venue time, as `now` is
    const offset = now - this.scheduler.now()
    const paused = this.pausedUntil !== undefined && this.pausedUntil + offset > now
    let until = paused ? (this.pausedUntil as number) + offset : now
    for (const w of this.windows) {
      const spend = cost[w.metric] ?? 0
      if (spend === 0) continue
      if (spend > w.limit) return 'never'
      this.roll(w, now)
      if (w.used + spend <= w.limit) continue
      // a rolling window has room once enough of its oldest answered units are free again
      const oldest = w.spent?.[w.used + spend - w.limit - 1]
      const freed = w.spent ? (oldest === undefined ? undefined : oldest + offset) : (w.start ?? now)
      until = Math.max(until, freed === undefined ? Infinity : freed + w.intervalMs)
    }
    if (!paused) this.pausedUntil = undefined
    return until - now
  }

  /** Brings a window up to `now` (venue time); a rolling window goes by the scheduler's time. */
  private roll(w: WindowState, now: number): void {
    if (w.spent) {
      const steady = this.scheduler.now()
      let free = 0
      while (free < w.spent.length && (w.spent[free] as number) <= steady - w.intervalMs) free++
      if (free > 0) w.spent.splice(0, free)
      w.used = w.spent.length + w.open
      w.start = w.spent[0] ?? steady
      return
    }
    if (w.start === undefined) {
      w.start = Math.floor(now / w.intervalMs) * w.intervalMs
    } else if (now < w.start - w.intervalMs) {
      // The venue clock moved back by more than a window (its offset was measured after the first
      // request): re-phase onto the venue's grid and keep what was spent (the conservative reading),
      // rather than wait for a window that lies far in the future.
      w.start = Math.floor(now / w.intervalMs) * w.intervalMs
    } else if (now >= w.start + w.intervalMs) {
      w.start += Math.floor((now - w.start) / w.intervalMs) * w.intervalMs
      w.used = 0
    }
  }
}

/** Adds `n` units spent at `at` to a rolling window's times, keeping them oldest first. */
function insertSpent(spent: number[], n: number, at: number): void {
  if (n <= 0) return
  let i = spent.length
  while (i > 0 && (spent[i - 1] as number) > at) i--
  spent.splice(i, 0, ...Array<number>(n).fill(at))
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
