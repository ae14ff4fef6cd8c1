/**
 * The lifecycle every venue driver shares: its event stream, the things `close()` releases, the error
 * of a call made after close, and where its health counters are read from.
 */
import { Observable, Subject, type MonoTypeOperatorFunction, type SchedulerLike, type Subscriber } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { VenueId } from '../../core/model.js'
import type { CircuitBreaker } from '../../transport/breaker.js'
import type { RateLimiter } from '../../transport/rate-limit.js'
import type { RestStats } from '../../transport/rest.js'
import type { SocketEvent, SocketState, SocketStats } from '../../transport/socket.js'
import type {
  ConnectionHealth,
  ConnectivityError,
  RestHealth,
  VenueHealthSnapshot,
} from '../contract/health.js'
import type { VenueEvent } from '../contract/index.js'
import { createVenueEventLog } from './event-log.js'

/**
 * A {@link VenueEvent} before the driver stamps it with the venue and the time.
 *
 * @example
 * ctx.emit({ type: 'resync', symbol: 'BTC/USDT', reason: 'gap' })
 */
export type VenueEventBody = VenueEvent extends infer E
  ? E extends VenueEvent
    ? Omit<E, 'venue' | 'at'>
    : never
  : never

/** What a driver's `close()` does besides releasing what was registered with `onClose`. */
export interface CloseSteps {
  /** Runs right after the registered releases start, before anything is awaited. */
  readonly now?: () => void
  /** Runs once the registered releases have finished (close connection pools here). */
  readonly after?: () => Promise<void>
}

/** A socket as the health registry reads it (a `ManagedSocket` is one). */
export interface WatchedSocket {
  readonly state: SocketState
  stats(): SocketStats
  /** Its lifecycle: opens tell that the venue was reached, reconnects why it could not be. */
  readonly events$?: Observable<SocketEvent>
}

/** A REST client as the health registry reads it (a `RestClient` is one). */
export interface WatchedRest {
  stats(): RestStats
}

/**
 * Where a driver's health counters come from; {@link HealthRegistry.health} reads them all at once.
 * Reading never connects or sends anything.
 */
export interface HealthRegistry {
  /**
   * Reports `socket` under `channel` until the returned function is called. Sockets of one channel (a
   * pool, or an old and a new connection during a planned handover) are reported as one connection:
   * counters summed, and a removed socket's messages and reconnects kept in the sums, so a channel's
   * counters never go back.
   */
  watchSocket(channel: string, socket: WatchedSocket): () => void
  /** Adds a REST client's traffic to the venue's (public and signed clients are summed). */
  watchRest(client: WatchedRest): void
  /** The venue's rate limiter, for its headroom. */
  watchLimiter(limiter: Pick<RateLimiter, 'headroom'>): void
  /** The venue's circuit breaker, for its state. */
  watchBreaker(breaker: Pick<CircuitBreaker, 'state'>): void
  /** The venue answered on `channel` (a REST response of any status, a socket that opened). */
  reached(channel: string, host: string): void
  /**
   * An attempt to reach the venue on `channel` failed. Kept as the venue's `lastError`; the first
   * failure after the channel was up (or before it ever was) is logged at `warn`, later ones at `debug`,
   * so a venue that stays down logs one line, not one per attempt.
   */
  unreachable(channel: string, host: string, error: VenueError): void
  /**
   * An answer on `channel` could not be decoded (a `decode-error` event): kept as the venue's
   * `lastError`, with the channel's host, so `lastError` is the latest failure to reach or to read the
   * venue on any channel (a `circuit` event names the failure the breaker counted instead); not logged
   * here (the event is).
   */
  misread(channel: string, error: VenueError): void
  /** Every counter now, stamped with the scheduler's time. */
  health(): VenueHealthSnapshot
}

/** See {@link createVenueLifecycle}. */
export interface VenueLifecycle extends HealthRegistry {
  /** The venue's events; completed by `close`. */
  readonly events: Subject<VenueEvent>
  /** Stamps an event with the venue and the scheduler's time and sends it, unless closed. */
  emit(event: VenueEventBody): void
  /** Registers something `close` releases; released at once when already closed. */
  onClose(release: () => void | Promise<void>): void
  /** Ends a stream with the venue; a request fails instead (see {@link StreamCloser.untilClosed}). */
  untilClosed<T>(options?: { readonly request?: boolean | undefined }): MonoTypeOperatorFunction<T>
  readonly closed: boolean
  /** The error of a call made after close. */
  closedError(): VenueError
  /** Releases everything registered (last first), runs `steps`, completes `events`. Idempotent. */
  close(steps?: CloseSteps): Promise<void>
}

/**
 * Creates the lifecycle of one driver instance.
 *
 * @example
 * const life = createVenueLifecycle('bybit', asyncScheduler)
 * life.watchSocket('public', socket)
 * life.onClose(() => socket.close())
 * const venue = { ...driver, health: life.health }
 * await life.close({ after: () => rest.close() })
 */
export function createVenueLifecycle(
  venue: VenueId,
  scheduler: SchedulerLike,
  logger?: Logger,
): VenueLifecycle {
  const events = new Subject<VenueEvent>()
  const releases: (() => void | Promise<void>)[] = []
  let closed = false
  const registry = createHealthRegistry(scheduler, () => closed, logger, venue)
  const closedError = () =>
    new VenueError({ kind: 'invalid-request', venue, message: `${venue} venue is closed` })
  const streams = createStreamCloser(closedError)
  const log = logger === undefined ? undefined : createVenueEventLog(logger, scheduler)
  return {
    ...registry,
    events,
    emit: (body) => {
      if (events.closed) return
      const event = { ...body, venue, at: new Date(scheduler.now()) } as VenueEvent
      if (body.type === 'decode-error') registry.misread(body.channel, body.error)
      log?.log(event)
      events.next(event)
    },
    onClose: (release) => {
      if (closed) void release()
      else releases.push(release)
    },
    untilClosed: streams.untilClosed,
    get closed() {
      return closed
    },
    closedError,
    close: async (steps = {}) => {
      if (closed) return
      closed = true
      streams.close()
      // the decode errors counted since the last warning are written now; their timers stop
      log?.close()
      const pending: Promise<void>[] = []
      for (const release of releases.splice(0).reverse()) {
        const done = release()
        if (done instanceof Promise) pending.push(done)
      }
      steps.now?.()
      await Promise.all(pending)
      await steps.after?.()
      events.complete()
    },
  }
}

/**
 * Streams that end with their owner (a driver, a client): see {@link createStreamCloser}.
 *
 * @example
 * const streams = createStreamCloser(() => new VenueError({ kind: 'invalid-request', message: 'closed' }))
 * const trades$ = venueTrades$.pipe(streams.untilClosed())
 * streams.close() // trades$ completes
 */
export interface StreamCloser {
  /**
   * Ends a stream with its owner: `close` completes it, and a failure that arrives once closing has
   * begun (it fails because its owner closed) completes it too. Subscribed after `close`, it fails with
   * the owner's closed error. A request (`{ request: true }`: paged history, a listing) cut off by
   * `close` fails with that error instead, so that its caller cannot take it for a whole answer.
   *
   * ```
   * source:  --a--b-------      close at 8
   * result:  --a--b--|          (a request: --a--b--#)
   * ```
   */
  untilClosed<T>(options?: { readonly request?: boolean | undefined }): MonoTypeOperatorFunction<T>
  /** Completes every stream made with `untilClosed`. Idempotent. */
  close(): void
  readonly closed: boolean
}

/**
 * A registry of the streams an owner hands out, so that closing the owner completes each of them
 * instead of leaving them open or failing them with "closed". Call `close` before releasing what the
 * streams hold, so nothing they hold can fail first.
 *
 * @example
 * const streams = createStreamCloser(closedError)
 * const book$ = feed$.pipe(streams.untilClosed())
 * async function close() {
 *   streams.close()   // every stream completes
 *   await releaseSockets()
 * }
 */
export function createStreamCloser(closedError: () => VenueError): StreamCloser {
  const open = new Set<Subscriber<unknown>>()
  const requests = new Set<Subscriber<unknown>>()
  let closed = false
  return {
    untilClosed:
      <T>(options: { readonly request?: boolean | undefined } = {}): MonoTypeOperatorFunction<T> =>
      (source) =>
        new Observable<T>((subscriber) => {
          if (closed) return subscriber.error(closedError())
          const held = subscriber as Subscriber<unknown>
          open.add(held)
          if (options.request === true) requests.add(held)
          // The subscriber is handed on as it is, so a value costs no step here. `close` completes it
          // before anything is released, and a completed subscriber drops a failure that follows.
          source.subscribe(subscriber)
          return () => {
            open.delete(held)
            requests.delete(held)
          }
        }),
    close: () => {
      if (closed) return
      closed = true
      for (const subscriber of [...open]) {
        if (requests.has(subscriber)) subscriber.error(closedError())
        else subscriber.complete()
      }
    },
    get closed() {
      return closed
    },
  }
}

interface Channel {
  readonly name: string
  readonly sockets: Set<WatchedSocket>
  /** Messages and reconnects of the channel's sockets that were removed. */
  retiredMessages: number
  retiredReconnects: number
  retiredLastMessageAt: number | undefined
}

/** How much a socket's state says about its channel: the most telling state of its sockets wins. */
const STATE_RANK: Readonly<Record<SocketState, number>> = {
  reconnecting: 4,
  open: 3,
  connecting: 2,
  idle: 1,
  closed: 0,
}

/**
 * A health registry on its own; {@link createVenueLifecycle} includes one. `closed` tells whether the
 * venue is closed, so a channel whose sockets were all removed reads `closed` rather than `idle` then.
 *
 * A channel's state is the first of `reconnecting`, `open`, `connecting`, `idle`, `closed` that one of
 * its sockets is in: during a planned handover the channel is open while the new socket connects,
 * and when one socket of a pool is down, part of the channel's streams are, so it is reconnecting.
 * REST latency is the clients' mean latencies weighted by how many answers each timed, and the last
 * latency is that of the latest answer of any client.
 *
 * @example
 * const health = createHealthRegistry(scheduler, () => false)
 * const forget = health.watchSocket('public', socket)
 * health.watchRest(rest)
 * health.health().connections[0]?.messages
 */
export function createHealthRegistry(
  scheduler: SchedulerLike,
  closed: () => boolean,
  logger?: Logger,
  venue?: VenueId,
): HealthRegistry {
  const channels = new Map<string, Channel>()
  const rests: WatchedRest[] = []
  let limiter: Pick<RateLimiter, 'headroom'> | undefined
  let breaker: Pick<CircuitBreaker, 'state'> | undefined
  let reachedAt: number | undefined
  let lastError: ConnectivityError | undefined
  /** Channels that failed since they last answered. */
  const down = new Set<string>()
  /** The host each channel last went to. */
  const hosts = new Map<string, string>()

  const reached = (channel: string, host: string): void => {
    reachedAt ??= scheduler.now()
    hosts.set(channel, host)
    if (down.delete(channel)) logger?.warn(`reached ${host} again`, { venue, channel })
  }
  const unreachable = (channel: string, host: string, error: VenueError): void => {
    hosts.set(channel, host)
    lastError = { at: scheduler.now(), channel, host, error }
    const line = `cannot reach ${host}: ${error.message}`
    if (down.has(channel)) logger?.debug(line, { venue, channel })
    else {
      down.add(channel)
      logger?.warn(line, { venue, channel })
    }
  }

  const connection = (channel: Channel): ConnectionHealth => {
    let state: SocketState | undefined
    let messages = channel.retiredMessages
    let reconnects = channel.retiredReconnects
    let lastMessageAt = channel.retiredLastMessageAt
    for (const socket of channel.sockets) {
      const stats = socket.stats()
      messages += stats.messages
      reconnects += stats.reconnects
      lastMessageAt = latest(lastMessageAt, stats.lastMessageAt)
      const s = socket.state
      if (state === undefined || STATE_RANK[s] > STATE_RANK[state]) state = s
    }
    return {
      channel: channel.name,
      state: state ?? (closed() ? 'closed' : 'idle'),
      messages,
      lastMessageAt,
      reconnects,
    }
  }

  const rest = (): RestHealth => {
    let requests = 0
    let failures = 0
    let answered = 0
    let weighted = 0
    let lastLatencyMs: number | undefined
    let lastAnsweredAt: number | undefined
    for (const client of rests) {
      const stats = client.stats()
      requests += stats.requests
      failures += stats.failures
      if (stats.latencyMs === undefined || stats.answered === 0) continue
      answered += stats.answered
      weighted += stats.latencyMs * stats.answered
      if (lastAnsweredAt === undefined || (stats.lastAnsweredAt ?? -Infinity) >= lastAnsweredAt) {
        lastAnsweredAt = stats.lastAnsweredAt
        lastLatencyMs = stats.lastLatencyMs
      }
    }
    return { requests, failures, lastLatencyMs, latencyMs: answered > 0 ? weighted / answered : undefined }
  }

  return {
    watchSocket: (name, socket) => {
      let channel = channels.get(name)
      if (channel === undefined) {
        channel = {
          name,
          sockets: new Set(),
          retiredMessages: 0,
          retiredReconnects: 0,
          retiredLastMessageAt: undefined,
        }
        channels.set(name, channel)
      }
      const owner = channel
      owner.sockets.add(socket)
      let host = ''
      const watched = socket.events$?.subscribe((e) => {
        if (e.type === 'connecting') hosts.set(name, (host = hostOf(e.url)))
        else if (e.type === 'open') reached(name, host)
        else if (e.type === 'reconnecting') unreachable(name, host, e.cause)
      })
      return () => {
        watched?.unsubscribe()
        if (!owner.sockets.delete(socket)) return
        const stats = socket.stats()
        owner.retiredMessages += stats.messages
        owner.retiredReconnects += stats.reconnects
        owner.retiredLastMessageAt = latest(owner.retiredLastMessageAt, stats.lastMessageAt)
      }
    },
    watchRest: (client) => void rests.push(client),
    reached,
    unreachable,
    misread: (channel, error) => {
      lastError = { at: scheduler.now(), channel, host: hosts.get(channel) ?? channel, error }
    },
    watchLimiter: (given) => void (limiter = given),
    watchBreaker: (given) => void (breaker = given),
    health: () => ({
      at: scheduler.now(),
      connections: [...channels.values()].map(connection),
      rest: rest(),
      rateLimit: limiter?.headroom(),
      breaker: breaker?.state(),
      reachedAt,
      lastError,
    }),
  }
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return Math.max(a, b)
}

/** The host (and port) of a URL, or the text itself when it is not one. */
function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
