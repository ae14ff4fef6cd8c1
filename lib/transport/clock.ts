import {
  asyncScheduler,
  catchError,
  defer,
  EMPTY,
  exhaustMap,
  finalize,
  ignoreElements,
  map,
  share,
  take,
  throwIfEmpty,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import { toVenueError, VenueError } from '../core/errors.js'

/**
 * One measurement of the venue's clock against ours.
 *
 * @example
 * clock.sync$.subscribe((s: ClockSample) => log.debug('venue clock', { offsetMs: s.offsetMs, rttMs: s.rttMs }))
 */
export interface ClockSample {
  /** Venue time minus local time, in ms (may be fractional: the midpoint of an odd round trip). */
  readonly offsetMs: number
  /** Round-trip time of the measuring request, in ms: the bound on the offset's error. */
  readonly rttMs: number
  /** The venue time the server reported. */
  readonly serverTime: number
  /** Local (scheduler) time at which the answer arrived. */
  readonly at: number
}

/**
 * Options of {@link ClockSync}.
 *
 * @example
 * const options: ClockSyncOptions = { fetchServerTime: () => fetchServerTime(rest), refreshMs: 300_000, venue: 'bybit' }
 * new ClockSync(options)
 */
export interface ClockSyncOptions {
  /** Asks the venue for its current time in epoch ms (one value, then complete). */
  readonly fetchServerTime: () => Observable<number>
  /** Period of the refresh while {@link ClockSync.sync$} is subscribed. Default 60 000 ms. */
  readonly refreshMs?: number
  /** How many recent samples compete for the lowest round trip. Default 5. */
  readonly samples?: number
  /** Local time and timers. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
  /** Venue id carried by errors. */
  readonly venue?: string
}

/**
 * Estimates the offset of a venue's clock so signed requests carry a timestamp the venue accepts.
 *
 * Each sample is NTP-style: with `t0` the local time the request left and `t1` the time the answer
 * arrived, `offset = serverTime − (t0 + t1) / 2` and `rtt = t1 − t0`. The true offset lies within
 * `±rtt / 2` of that estimate, so among the last {@link ClockSyncOptions.samples} samples the one with
 * the lowest round trip is trusted; a slow, lopsided answer cannot drag the estimate away.
 *
 * Nothing runs until asked: {@link ClockSync.sync$} samples at once and then every `refreshMs` while
 * subscribed (and stops, timers included, on unsubscribe); {@link ClockSync.resync} takes one sample on
 * demand. Concurrent samples coalesce into one request.
 *
 * ```
 * resync():  ----(e|)                  the venue answers 10 000 after 4 ms: offset 9998, rtt 4
 * sync$:     10ms a 999ms b 999ms c    refreshMs 1000, each answer after 10 ms
 * ```
 *
 * @example
 * const clock = new ClockSync({ fetchServerTime: () => venueTime$ })
 * const keepSynced = clock.sync$.subscribe()
 * sign(request, clock.now())
 * // after the venue rejected a timestamp:
 * clock.resync().subscribe()
 */
export class ClockSync {
  /**
   * Samples now and then every `refreshMs`, emitting the current best sample after each one. A failed
   * sample is skipped (the previous estimate stays in force) so the refresh never dies on one bad answer.
   * Shared: any number of subscribers drive one refresh loop.
   */
  readonly sync$: Observable<ClockSample>

  private readonly fetchServerTime: () => Observable<number>
  private readonly scheduler: SchedulerLike
  private readonly keep: number
  private readonly venue: string | undefined
  private window: ClockSample[] = []
  private best: ClockSample | undefined
  private inflight: Observable<ClockSample> | undefined
  private discardOnArrival = false

  constructor(options: ClockSyncOptions) {
    this.fetchServerTime = options.fetchServerTime
    this.scheduler = options.scheduler ?? asyncScheduler
    this.keep = options.samples ?? 5
    this.venue = options.venue
    const refreshMs = options.refreshMs ?? 60_000
    if (!(this.keep >= 1 && refreshMs > 0))
      throw new RangeError('ClockSync needs samples >= 1 and refreshMs > 0')
    this.sync$ = timer(0, refreshMs, this.scheduler).pipe(
      exhaustMap(() => this.sample(false).pipe(catchError(() => EMPTY))),
      share(),
    )
  }

  /** Venue time now, in whole epoch ms: local time corrected by the best offset (0 before any sample). */
  now(): number {
    return Math.round(this.scheduler.now() + this.offsetMs)
  }

  /** The offset in force (venue − local), 0 before any sample. */
  get offsetMs(): number {
    return this.best?.offsetMs ?? 0
  }

  /** The sample the offset comes from, if any. */
  get estimate(): ClockSample | undefined {
    return this.best
  }

  /**
   * Takes a fresh sample on subscription and emits the resulting best sample. Earlier samples are
   * dropped when it arrives: a resync follows evidence that the estimate is wrong (a rejected
   * timestamp, a local clock step), so old round trips must not outvote the new measurement.
   * Joins a sample already in flight instead of sending another request.
   *
   * ```
   * the venue answers after 10 ms
   * resync() at 0:   ----------(e|)
   * resync() at 2:   --------(e|)      joins the request in flight: one request, the same sample
   * ```
   */
  resync(): Observable<ClockSample> {
    return this.sample(true)
  }

  /**
   * Completes once the clock has been measured: at once when it has a sample, else when the sample it
   * takes (or joins, one in flight) arrives. Fails as that sample does. What signs at venue time waits
   * for it, so the first signature of a session is not made with the local clock.
   */
  measured(): Observable<never> {
    return defer(() => (this.best !== undefined ? EMPTY : this.sample(false).pipe(ignoreElements())))
  }

  private sample(discard: boolean): Observable<ClockSample> {
    return defer(() => {
      if (discard) this.discardOnArrival = true
      this.inflight ??= this.measure().pipe(
        finalize(() => (this.inflight = undefined)),
        share(),
      )
      return this.inflight
    })
  }

  private measure(): Observable<ClockSample> {
    return defer(() => {
      const t0 = this.scheduler.now()
      return this.fetchServerTime().pipe(
        take(1),
        throwIfEmpty(() => this.error('the venue sent no server time')),
        map((serverTime) => {
          if (!Number.isFinite(serverTime)) throw this.error(`the venue sent a server time of ${serverTime}`)
          const t1 = this.scheduler.now()
          return this.add({ offsetMs: serverTime - (t0 + t1) / 2, rttMs: t1 - t0, serverTime, at: t1 })
        }),
        catchError((e: unknown) => {
          throw toVenueError(e, { venue: this.venue })
        }),
      )
    })
  }

  private add(sample: ClockSample): ClockSample {
    if (this.discardOnArrival) this.window = []
    this.discardOnArrival = false
    this.window.push(sample)
    if (this.window.length > this.keep) this.window.shift()
    let best = sample
    for (const s of this.window) if (s.rttMs < best.rttMs) best = s
    this.best = best
    return best
  }

  private error(message: string): VenueError {
    return new VenueError({ kind: 'temporary', message, venue: this.venue })
  }
}
