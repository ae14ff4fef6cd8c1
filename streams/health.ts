/**
 * `health$`: a venue's health as a stream of samples, built from the driver's counters
 * (`venue.health()`) and its connection events.
 */
import { asyncScheduler, interval, Observable, type SchedulerLike, type Subscription } from 'rxjs'
import { VenueError } from '../lib/core/errors.js'
import type { VenueId } from '../lib/core/model.js'
import type {
  CircuitState,
  ConnectionHealth,
  ConnectivityError,
  Headroom,
  SocketState,
  Venue,
  VenueEvent,
  VenueHealthSnapshot,
} from '../lib/venues/contract/index.js'

/**
 * Where a venue's connections stand, all taken together (see {@link VenueHealth.status}); `closed`
 * once the venue was closed.
 *
 * @example
 * const canQuote = (status: ConnectionStatus) => status === 'connected'
 * health$('bybit').subscribe((h) => (canQuote(h.status) ? resumeQuoting() : pauseQuoting()))
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed'

/**
 * One connection in a {@link VenueHealth} sample: the driver's counters, plus the age and rate of its
 * frames as of the sample.
 *
 * @example
 * health$('binance').subscribe((h) => {
 *   const quiet = h.connections.filter((c: ConnectionHealthSample) => (c.lastMessageAgeMs ?? 0) > 10_000)
 *   for (const c of quiet) console.warn(`${c.channel}: ${c.state}, no frame for ${c.lastMessageAgeMs} ms`)
 * })
 */
export type ConnectionHealthSample = ConnectionHealth & {
  /** ms from the connection's last frame to the sample; `undefined` before its first frame. */
  readonly lastMessageAgeMs: number | undefined
  /** Frames per second since the previous sample; 0 in the first sample. */
  readonly messagesPerSecond: number
}

/**
 * A venue's health at one instant, as {@link health$} samples it.
 *
 * @example
 * health$('bybit', { intervalMs: 5000 }).subscribe((h: VenueHealth) => {
 *   if (h.status !== 'connected' || (h.rateLimitHeadroom ?? 1) < 0.1 || h.breaker === 'open')
 *     console.warn(`${h.venue} ${h.status}: ${h.reconnects} reconnects, REST ${h.restLatencyMs ?? '-'} ms`)
 * })
 */
export interface VenueHealth {
  readonly venue: VenueId
  /** When the sample was taken (the scheduler's time). */
  readonly at: Date
  /**
   * `closed` once the venue was closed, else `reconnecting` if any connection is, else `connecting` if
   * any is, else `connected` if any is open, else `idle`. The start of a connection attempt is no
   * event, so `connecting` shows only in a sample taken while an attempt is under way (a periodic one,
   * during a slow first connect); a connection made quickly goes from `idle` to `connected` between
   * two samples, and a failed attempt is reported as `reconnecting`.
   */
  readonly status: ConnectionStatus
  readonly connections: readonly ConnectionHealthSample[]
  /** Reconnects of all connections: the driver's count, or the reconnects seen on `events$` since subscription. */
  readonly reconnects: number
  /** ms since the last frame on any connection; `undefined` before the first. */
  readonly lastMessageAgeMs: number | undefined
  /** Frames per second on all connections since the previous sample; 0 in the first sample. */
  readonly messagesPerSecond: number
  /** Weighted mean REST round trip, in ms; `undefined` before the first answer. */
  readonly restLatencyMs: number | undefined
  /** REST attempts since the driver was made (retries count one each). */
  readonly restRequests: number
  /** REST attempts that failed since the driver was made. */
  readonly restFailures: number
  /** 0..1: the smallest remaining / limit across the limiter's windows; `undefined` without windows. */
  readonly rateLimitHeadroom: number | undefined
  /** The limiter's windows in full; `undefined` for a venue without a limiter. */
  readonly rateLimit: Headroom | undefined
  /** The REST circuit breaker's state; `undefined` for a venue without one. */
  readonly breaker: CircuitState | undefined
  /** When the venue first answered; `undefined` while it never has (or the driver does not tell). */
  readonly reachedAt: Date | undefined
  /** The latest failure to reach the venue (host, cause, time); `undefined` before the first. */
  readonly lastError: ConnectivityError | undefined
}

/**
 * Options of {@link health$}.
 *
 * @example
 * // under TestScheduler.run: a sample at once, then one every 10 virtual ms
 * const options: VenueHealthOptions = { intervalMs: 10, scheduler }
 * const mock = createMockVenue({ scheduler })
 * expectObservable(health$(mock, options).pipe(take(2), map((h) => h.status))).toBe('a 9ms (b|)', { a: 'idle', b: 'idle' })
 */
export interface VenueHealthOptions {
  /**
   * Sampling period, > 0. Default 1 000 ms; connection and breaker events also trigger a sample.
   * Anything else fails the stream with `invalid-request`.
   */
  readonly intervalMs?: number | undefined
  /** Timers and, for a driver without `health()`, the sample time. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined
}

/**
 * Samples a venue's health: at subscription, every `intervalMs`, and after every `connected`,
 * `disconnected`, `reconnecting` and `circuit` event (events of one instant give one sample). Message
 * rates are the frame-count change over the time since the previous sample. A driver without
 * `health()` still gets samples, built from its events alone (connection states, reconnects, breaker;
 * no counters). When the venue closes (`events$` completes) a last sample says `closed` and the stream
 * completes. Watching connects nothing and sends nothing.
 *
 * As pinned in `marble-tests/health.test.ts`: `intervalMs` 10; the venue's one socket gets 2 frames
 * per ms, is down from 12 to 17, and the venue closes at 25.
 *
 * ```
 * events$:  12ms (dr) 1ms c 7ms |            d disconnected, r reconnecting, c connected (a reconnect)
 * health$:  a 9ms b 1ms c 4ms d 2ms e 4ms (f|)
 *           a connected, 0/s (no previous sample)   b connected 2000/s   c reconnecting 2000/s
 *           d connected 0/s, 1 reconnect, last frame 5 ms ago   e connected 2000/s   f closed
 * ```
 *
 * @example
 * health$(createBybitVenue(), { intervalMs: 5000 }).subscribe((h) =>
 *   console.log(h.status, h.messagesPerSecond, h.restLatencyMs, h.rateLimitHeadroom),
 * )
 */
export function health$(venue: Venue, options: VenueHealthOptions = {}): Observable<VenueHealth> {
  const intervalMs = options.intervalMs ?? 1000
  const scheduler = options.scheduler ?? asyncScheduler
  return new Observable<VenueHealth>((subscriber) => {
    if (!(intervalMs > 0 && Number.isFinite(intervalMs))) {
      subscriber.error(
        new VenueError({
          kind: 'invalid-request',
          venue: venue.id,
          message: `health$: intervalMs must be a number of ms > 0, got ${intervalMs}`,
        }),
      )
      return undefined
    }
    const sampler = new HealthSampler(venue, scheduler)
    const emit = (): void => subscriber.next(sampler.sample(false))
    let pending: Subscription | undefined
    const ticks = interval(intervalMs, scheduler).subscribe(emit)
    const stop = (): void => {
      ticks.unsubscribe()
      pending?.unsubscribe()
      pending = undefined
    }
    emit()
    const events = venue.events$.subscribe({
      next: (event) => {
        if (!sampler.observe(event) || pending !== undefined) return
        // the events of one instant (disconnected, then reconnecting) make one sample after them
        let ran = false
        const task = scheduler.schedule(() => {
          ran = true
          pending = undefined
          emit()
        })
        if (!ran) pending = task
      },
      error: (e: unknown) => {
        stop()
        subscriber.error(e)
      },
      complete: () => {
        stop()
        subscriber.next(sampler.sample(true))
        subscriber.complete()
      },
    })
    return () => {
      stop()
      events.unsubscribe()
    }
  })
}

const NO_REST: VenueHealthSnapshot['rest'] = {
  requests: 0,
  failures: 0,
  lastLatencyMs: undefined,
  latencyMs: undefined,
}

/** Message counts at the last sample with time elapsed, to rate the next one against. */
interface Baseline {
  readonly at: number
  readonly counts: ReadonlyMap<string, number>
  readonly rates: ReadonlyMap<string, number>
}

/** The state of one subscription of {@link health$}. */
class HealthSampler {
  private baseline: Baseline | undefined
  /** Connection states as events tell them, for a driver without `health()`. */
  private readonly channels = new Map<string, { state: SocketState; reconnects: number }>()
  private breaker: CircuitState | undefined

  constructor(
    private readonly venue: Venue,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** Takes in an event; true when it should trigger a sample. */
  observe(event: VenueEvent): boolean {
    switch (event.type) {
      case 'connected': {
        const channel = this.channel(event.channel)
        channel.state = 'open'
        if (event.reconnect) channel.reconnects += 1
        return true
      }
      case 'disconnected':
        this.channel(event.channel).state = 'idle'
        return true
      case 'reconnecting':
        this.channel(event.channel).state = 'reconnecting'
        return true
      case 'circuit':
        this.breaker = event.state
        return true
      default:
        return false
    }
  }

  sample(closed: boolean): VenueHealth {
    // without a driver's word, a closed venue's connections are closed
    if (closed) for (const channel of this.channels.values()) channel.state = 'closed'
    const snapshot = this.venue.health?.() ?? this.fromEvents()
    const at = snapshot.at
    const base = this.baseline
    const elapsed = base === undefined ? 0 : at - base.at
    const counts = new Map<string, number>()
    const rates = new Map<string, number>()
    const seen = new Map<string, number>()
    let lastMessageAt: number | undefined
    const connections = snapshot.connections.map((c): ConnectionHealthSample => {
      // a driver may name two connections alike: tell them apart by their order
      const n = seen.get(c.channel) ?? 0
      seen.set(c.channel, n + 1)
      const key = `${c.channel}#${n}`
      let rate = 0
      if (base !== undefined) {
        rate =
          elapsed > 0
            ? (Math.max(0, c.messages - (base.counts.get(key) ?? 0)) * 1000) / elapsed
            : (base.rates.get(key) ?? 0)
      }
      counts.set(key, c.messages)
      rates.set(key, rate)
      if (c.lastMessageAt !== undefined && (lastMessageAt === undefined || c.lastMessageAt > lastMessageAt))
        lastMessageAt = c.lastMessageAt
      return { ...c, lastMessageAgeMs: age(at, c.lastMessageAt), messagesPerSecond: rate }
    })
    // samples of one instant share the rates of the last sample that had time behind it
    if (base === undefined || elapsed > 0) this.baseline = { at, counts, rates }
    const windows = snapshot.rateLimit?.windows ?? []
    return {
      venue: this.venue.id,
      at: new Date(at),
      status: closed ? 'closed' : statusOf(connections),
      connections,
      reconnects: connections.reduce((sum, c) => sum + c.reconnects, 0),
      lastMessageAgeMs: age(at, lastMessageAt),
      messagesPerSecond: connections.reduce((sum, c) => sum + c.messagesPerSecond, 0),
      restLatencyMs: snapshot.rest.latencyMs,
      restRequests: snapshot.rest.requests,
      restFailures: snapshot.rest.failures,
      rateLimitHeadroom:
        windows.length === 0 ? undefined : Math.min(...windows.map((w) => w.remaining / w.limit)),
      rateLimit: snapshot.rateLimit,
      breaker: snapshot.breaker,
      reachedAt: snapshot.reachedAt === undefined ? undefined : new Date(snapshot.reachedAt),
      lastError: snapshot.lastError,
    }
  }

  private fromEvents(): VenueHealthSnapshot {
    return {
      at: this.scheduler.now(),
      connections: [...this.channels].map(([channel, c]) => ({
        channel,
        state: c.state,
        messages: 0,
        lastMessageAt: undefined,
        reconnects: c.reconnects,
      })),
      rest: NO_REST,
      rateLimit: undefined,
      breaker: this.breaker,
    }
  }

  private channel(name: string): { state: SocketState; reconnects: number } {
    let channel = this.channels.get(name)
    if (channel === undefined) this.channels.set(name, (channel = { state: 'idle', reconnects: 0 }))
    return channel
  }
}

function statusOf(connections: readonly ConnectionHealth[]): ConnectionStatus {
  const has = (state: SocketState) => connections.some((c) => c.state === state)
  if (has('reconnecting')) return 'reconnecting'
  if (has('connecting')) return 'connecting'
  if (has('open')) return 'connected'
  return 'idle'
}

function age(at: number, last: number | undefined): number | undefined {
  return last === undefined ? undefined : Math.max(0, at - last)
}
