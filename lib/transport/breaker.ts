import {
  asyncScheduler,
  Observable,
  Subject,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import { VenueError, type ErrorKind } from '../core/errors.js'

/**
 * The states of a venue's circuit breaker: `closed` lets requests through, `open` fails them at once
 * with `circuit-open` while the venue is down, `half-open` lets a probe through to see if it is back.
 *
 * @example
 * venue.events$.subscribe((e) => {
 *   if (e.type === 'circuit') console.warn(`${e.venue} circuit ${e.state}`)
 * })
 */
export type CircuitState = 'closed' | 'open' | 'half-open'

/**
 * Options of {@link circuitBreaker}.
 *
 * @example
 * const options: CircuitBreakerOptions = { failureThreshold: 5, windowMs: 10_000, openMs: 30_000, venue: 'bybit' }
 */
export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  readonly failureThreshold: number
  /** Length of the sliding window failures are counted in, in ms. */
  readonly windowMs: number
  /** How long the circuit stays open before it lets a probe through, in ms. */
  readonly openMs: number
  /** Probes allowed at once while half-open; that many successes close the circuit. Default 1. */
  readonly halfOpenMax?: number
  /**
   * Which errors count against the venue. Default: {@link VenueError}s of kind `network`, `timeout` or
   * `temporary`. Other errors (a rejected order, a bad request) mean the venue answered, so they count
   * as a success.
   */
  readonly isFailure?: (error: unknown) => boolean
  /** Time and timers. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
  /** Venue id carried by `circuit-open` errors. */
  readonly venue?: string
}

/**
 * A circuit breaker made by {@link circuitBreaker}.
 *
 * @example
 * const breaker: CircuitBreaker = circuitBreaker({ failureThreshold: 5, windowMs: 10_000, openMs: 30_000 })
 * if (breaker.state() === 'open') log.warn('venue is failing fast')
 */
export interface CircuitBreaker {
  /** The current state, then every change. Moves from `open` to `half-open` on time while subscribed. */
  readonly state$: Observable<CircuitState>
  /** The state right now. */
  state(): CircuitState
  /**
   * Passes subscriptions through while closed and fails them at once with a `circuit-open`
   * {@link VenueError} while open. A subscription's outcome is its first event: a value or completion
   * is a success, an error a failure when `isFailure` says so.
   */
  protect<T>(): MonoTypeOperatorFunction<T>
}

const COUNTED: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'timeout', 'temporary'])

/**
 * The default `isFailure`: the venue was unreachable, slow or said it is unwell.
 *
 * @example
 * circuitBreaker({ failureThreshold: 5, windowMs: 10_000, openMs: 30_000, isFailure: (e) => isVenueOutage(e) || isErrorKind(e, 'auth') })
 */
export function isVenueOutage(error: unknown): boolean {
  return error instanceof VenueError && COUNTED.has(error.kind)
}

/**
 * A circuit breaker: after `failureThreshold` failures within `windowMs` it opens and fails every
 * subscription fast for `openMs`; then it lets `halfOpenMax` probes through (others still fail fast). A
 * probe failure reopens it for another `openMs`; `halfOpenMax` probe successes close it.
 *
 * ```
 * failureThreshold 2, windowMs 100, openMs 50; the venue answers after 1 ms (f fails, s succeeds)
 * requests:  f-f--s 48ms s---s
 * results:   -F-F-O 49ms S---S     F failed, O failed fast (circuit-open), S succeeded (the probe at 54)
 * state$:    a--b 49ms c-a         a closed, b open, c half-open
 * ```
 *
 * @example
 * const breaker = circuitBreaker({ failureThreshold: 5, windowMs: 10_000, openMs: 30_000 })
 * request$.pipe(breaker.protect())
 * breaker.state$.subscribe((s) => log.info('venue circuit', s))
 */
export function circuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  return new Breaker(options)
}

class Breaker implements CircuitBreaker {
  readonly state$: Observable<CircuitState>
  private readonly threshold: number
  private readonly windowMs: number
  private readonly openMs: number
  private readonly halfOpenMax: number
  private readonly isFailure: (error: unknown) => boolean
  private readonly scheduler: SchedulerLike
  private readonly venue: string | undefined
  private readonly changes = new Subject<CircuitState>()
  private current: CircuitState = 'closed'
  /** Bumped on every transition so late outcomes from an earlier state are not misread. */
  private generation = 0
  private failures: number[] = []
  private openUntil = 0
  private probes = 0
  private probeSuccesses = 0

  constructor(options: CircuitBreakerOptions) {
    this.threshold = options.failureThreshold
    this.windowMs = options.windowMs
    this.openMs = options.openMs
    this.halfOpenMax = options.halfOpenMax ?? 1
    this.isFailure = options.isFailure ?? isVenueOutage
    this.scheduler = options.scheduler ?? asyncScheduler
    this.venue = options.venue
    if (!(this.threshold >= 1 && this.windowMs > 0 && this.openMs >= 0 && this.halfOpenMax >= 1)) {
      throw new RangeError(
        'circuitBreaker needs failureThreshold >= 1, windowMs > 0, openMs >= 0, halfOpenMax >= 1',
      )
    }
    this.state$ = new Observable<CircuitState>((subscriber) => {
      let timer: Subscription | undefined
      // The open → half-open move happens lazily on use; the timer only makes it visible on time.
      const arm = (): void => {
        timer?.unsubscribe()
        timer =
          this.current === 'open'
            ? this.scheduler.schedule(
                () => this.advance(),
                Math.max(0, this.openUntil - this.scheduler.now()),
              )
            : undefined
      }
      subscriber.next(this.state())
      const changes = this.changes.subscribe((s) => {
        subscriber.next(s)
        arm()
      })
      arm()
      return () => {
        changes.unsubscribe()
        timer?.unsubscribe()
      }
    })
  }

  state(): CircuitState {
    this.advance()
    return this.current
  }

  protect<T>(): MonoTypeOperatorFunction<T> {
    return (source) =>
      new Observable<T>((subscriber) => {
        const state = this.state()
        const now = this.scheduler.now()
        if (state === 'open') {
          subscriber.error(this.openError(`failing fast until the venue recovers`, this.openUntil - now))
          return
        }
        const probe = state === 'half-open'
        if (probe) {
          if (this.probes >= this.halfOpenMax) {
            subscriber.error(this.openError('a probe request is testing the venue', undefined))
            return
          }
          this.probes += 1
        }
        const generation = this.generation
        let settled = false
        const settle = (failed: boolean): void => {
          if (settled) return
          settled = true
          if (probe) this.probeDone(generation, failed)
          else if (failed) this.failed(generation)
        }
        const inner = source.subscribe({
          next: (value) => {
            settle(false)
            subscriber.next(value)
          },
          error: (e: unknown) => {
            settle(this.isFailure(e))
            subscriber.error(e)
          },
          complete: () => {
            settle(false)
            subscriber.complete()
          },
        })
        return () => {
          // An abandoned probe proves nothing: give its slot back.
          if (!settled && probe && generation === this.generation) this.probes -= 1
          settled = true
          inner.unsubscribe()
        }
      })
  }

  private advance(): void {
    if (this.current === 'open' && this.scheduler.now() >= this.openUntil) this.move('half-open')
  }

  private failed(generation: number): void {
    if (generation !== this.generation || this.current !== 'closed') return
    const now = this.scheduler.now()
    this.failures = this.failures.filter((t) => now - t < this.windowMs)
    this.failures.push(now)
    if (this.failures.length >= this.threshold) this.open(now)
  }

  private probeDone(generation: number, failed: boolean): void {
    if (generation !== this.generation) return
    this.probes -= 1
    if (failed) return this.open(this.scheduler.now())
    this.probeSuccesses += 1
    if (this.probeSuccesses >= this.halfOpenMax) this.move('closed')
  }

  private open(now: number): void {
    this.openUntil = now + this.openMs
    this.move('open')
  }

  private move(state: CircuitState): void {
    this.current = state
    this.generation += 1
    this.failures = []
    this.probes = 0
    this.probeSuccesses = 0
    this.changes.next(state)
  }

  private openError(reason: string, retryAfterMs: number | undefined): VenueError {
    return new VenueError({
      kind: 'circuit-open',
      message: `circuit open: ${reason}`,
      venue: this.venue,
      retryable: false,
      retryAfterMs,
    })
  }
}
