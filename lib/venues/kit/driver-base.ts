/**
 * The infrastructure every REST-backed venue driver builds the same way: the venue clock, one rate
 * limiter and circuit breaker, an unsigned and (with credentials) a signed REST client over one
 * transport, the lifecycle with its health registry, the instruments cache and `close()`. What differs
 * between venues (windows, error mapping, usage headers, signing, the instruments request) comes in as
 * options.
 */
import {
  asyncScheduler,
  catchError,
  defer,
  EMPTY,
  map,
  skip,
  Subject,
  throwError,
  timeout,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import type { VenueError } from '../../core/errors.js'
import { getLogger, withSecrets, type Logger } from '../../core/logging.js'
import { logRequests } from './request-log.js'
import type { Instrument, VenueId } from '../../core/model.js'
import type { SecretList } from '../../core/secret-list.js'
import type { SymbolMap } from '../../core/symbols.js'
import { circuitBreaker, isVenueOutage, type CircuitBreaker } from '../../transport/breaker.js'
import type { CircuitBreakerTuning } from './options.js'
import { ClockSync } from '../../transport/clock.js'
import type { HttpResponse, HttpTransport } from '../../transport/http.js'
import { createDefaultTransport } from '../../transport/http-default.js'
import { createInstrumentCache } from '../../transport/instrument-cache.js'
import { RateLimiter, type RateWindow } from '../../transport/rate-limit.js'
import { RestClient, type ResponseInfo, type RestClientOptions } from '../../transport/rest.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import { createVenueLifecycle, type VenueEventBody, type WatchedSocket } from './lifecycle.js'
import type { VenueEvent } from '../contract/index.js'

/**
 * The parts a venue's hooks work with; they exist before any hook runs.
 *
 * @example
 * const onResponse: DriverBaseOptions<'bybit', O>['onResponse'] = (headers, info, { limiter }) =>
 *   limiter.observeUsage({ window: 'orders-1s', used: 3, at: info.sentAt })
 */
export interface DriverCore {
  readonly clock: ClockSync
  readonly limiter: RateLimiter
  readonly logger: Logger
}

/**
 * What every driver's resolved options hold.
 *
 * @example
 * const resolved: ResolvedDriverOptions = { restUrl: 'https://api.bybit.com', maxBodyBytes: 8 * 1024 * 1024 }
 */
export interface ResolvedDriverOptions {
  /** Scheme, host and optional path prefix of the REST API. */
  readonly restUrl: string
  /** Largest REST response body read, in bytes (see `RestClientOptions.maxBodyBytes`). */
  readonly maxBodyBytes: number
}

/**
 * What a user may give any driver; a venue's options include these.
 *
 * @example
 * const common: DriverCommonOptions = { scheduler: testScheduler, transport: fakeTransport }
 */
export interface DriverCommonOptions {
  /** Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
  /**
   * Default: the loglevel logger `rxvenue:<venue>`. Either way the driver's credentials and the
   * signatures it made are scrubbed from every line before the logger sees it.
   */
  readonly logger?: Logger
  /** Default: an undici keep-alive transport owned (and closed) by the driver. */
  readonly transport?: HttpTransport
  /** The venue's circuit breaker. Default: open after 5 failures within 10 s, probe again after 30 s. */
  readonly circuitBreaker?: CircuitBreakerTuning | undefined
}

/**
 * What one venue tells {@link createDriverBase}.
 *
 * @example
 * const options: DriverBaseOptions<'bybit', ResolvedBybitOptions> = {
 *   venue: 'bybit', options: resolved, common: options, secrets, windows: BYBIT_RATE_WINDOWS,
 *   instrumentsTtlMs: 3_600_000, fetchServerTime, mapError, onResponse, signer, loadSymbols,
 * }
 */
export interface DriverBaseOptions<V extends VenueId, O extends ResolvedDriverOptions> {
  readonly venue: V
  /** The venue's resolved options, carried as `options` of the context. */
  readonly options: O
  /** Scheduler, logger and transport as the user gave them. */
  readonly common: DriverCommonOptions
  /**
   * The credentials, and the signatures the venue's signers add as they make them: scrubbed from
   * every error and log line.
   */
  readonly secrets: SecretList
  /** The limiter's windows before the venue reports its own figures. */
  readonly windows: readonly RateWindow[]
  /** How long the symbol map is trusted before the next use refreshes it. */
  readonly instrumentsTtlMs: number
  /**
   * The venue's time in epoch ms (the clock's samples), through an unsigned client of its own whose
   * requests wait in the `order` queue: the first signed request of a session waits for a sample.
   */
  readonly fetchServerTime: (rest: RestClient) => Observable<number>
  /**
   * The venue's error for a response, `undefined` when it is a success (or the HTTP status says it
   * all). A `rate-limit` error is also published as a `rate-limited` event and logged.
   */
  readonly mapError: (response: HttpResponse, info: ResponseInfo, core: DriverCore) => VenueError | undefined
  /** Sees the headers of every response (usage headers feed the limiter). */
  readonly onResponse: (
    headers: Readonly<Record<string, string>>,
    info: ResponseInfo,
    core: DriverCore,
  ) => void
  /** The request signer when credentials were given; without one there is no signed client. */
  readonly signer: () => RestClientOptions['sign']
  /** Fetches the listing (one request per subscription; the cache keeps one in flight). */
  readonly loadSymbols: (rest: RestClient, core: DriverCore) => Observable<SymbolMap>
}

/**
 * The shared state of one driver instance; a venue's context is this with venue-specific additions.
 *
 * @example
 * const ctx: DriverContext<'bybit', ResolvedBybitOptions> = createDriverBase(options)
 * ctx.symbols().subscribe((map) => map.toVenue('BTC/USDT'))
 */
export interface DriverContext<V extends VenueId, O extends ResolvedDriverOptions> {
  readonly venue: V
  readonly options: O
  readonly scheduler: SchedulerLike
  /** Scrubs {@link DriverContext.secrets} from every line. */
  readonly logger: Logger
  /** The credentials and recent signatures; whatever signs a request or message adds its signature. */
  readonly secrets: SecretList
  readonly transport: HttpTransport
  readonly limiter: RateLimiter
  readonly breaker: CircuitBreaker
  /** Venue time (synced while someone keeps `clock.sync$` subscribed). */
  readonly clock: ClockSync
  /**
   * Completes once the venue clock has been measured (see `ClockSync.measured`). When it cannot be, or
   * not within 5 s (the venue paused by a rate limit, a time endpoint that hangs), it logs it and
   * completes too, leaving the local clock for the next 30 s. Signed requests and the sockets that sign
   * their messages wait for it.
   */
  clockMeasured(): Observable<never>
  /** Unsigned requests (market data). */
  readonly rest: RestClient
  /**
   * Signed requests; present when the venue's signer factory gave a signer. They wait in the rate
   * limiter's `order` queue, ahead of market data, unless a request says otherwise.
   */
  readonly privateRest: RestClient | undefined
  /** The venue's events; `events$` of the venue. */
  readonly events: Subject<VenueEvent>
  /** Stamps and publishes an event. */
  emit(event: VenueEventBody): void
  /**
   * The symbol map, fetched on first use and trusted for the venue's TTL; concurrent callers share one
   * request. When a refresh fails the map in hand is kept; only without one does the error reach the
   * caller.
   */
  symbols(): Observable<SymbolMap>
  /**
   * Fetches the instruments now and refreshes the symbol map. One fetch is in flight at a time:
   * callers meanwhile join it, and it runs to its end even if they all unsubscribe, so its request
   * weight is never spent twice for one answer.
   */
  instruments(): Observable<readonly Instrument[]>
  /** The venue's clock, asked once a subscription (as `fetchServerTime`); fails like a request once closed. */
  serverTime(): Observable<Date>
  /** Reports a socket's health under `channel` until the returned function is called. */
  watchSocket(channel: string, socket: WatchedSocket): () => void
  /** The driver's health counters now: its sockets, both REST clients, the limiter and the breaker. */
  health(): VenueHealthSnapshot
  /** Registers something `close` releases (a socket, a subscription). */
  onClose(release: () => void | Promise<void>): void
  /** Completes a stream when the driver closes, fails a request (see `VenueLifecycle.untilClosed`). */
  untilClosed<T>(options?: { readonly request?: boolean | undefined }): MonoTypeOperatorFunction<T>
  /** True once closed. */
  readonly closed: boolean
  /** The error of a call made after close. */
  closedError(): VenueError
  /**
   * Releases what was registered with `onClose`, stops the circuit events, fails what waits in the
   * limiter, closes the REST clients (aborting their requests on the wire), then the transport when the
   * driver made it; completes `events`. Idempotent.
   */
  close(): Promise<void>
}

/** After a failed measurement of the venue clock, how long signatures use the local clock before asking again. */
const CLOCK_RETRY_MS = 30_000
/** How long a signature waits for the venue clock's first measurement before it goes on without it. */
const CLOCK_WAIT_MS = 5_000

/**
 * Builds the shared state of a driver. The breaker opens after 5 failures within 10 s and probes again
 * after 30 s unless `circuitBreaker` says otherwise; each change of its state after the first is
 * published as a `circuit` event, an `open` one with the latest failure the breaker counted (a REST
 * attempt: unreachable, timed out, or the venue said it is unwell), never a decode error.
 *
 * @example
 * const base = createDriverBase({
 *   venue: 'bybit', options: resolved, common: options, secrets, windows: BYBIT_RATE_WINDOWS,
 *   instrumentsTtlMs: 3_600_000, fetchServerTime, mapError, onResponse,
 *   signer: () => (request, now) => signBybitRequest(request, { apiKey, secret, recvWindowMs: 5000 }, now),
 *   loadSymbols: (rest, { logger }) => fetchInstruments(rest, logger).pipe(map((l) => new SymbolMap('bybit', l))),
 * })
 */
export function createDriverBase<V extends VenueId, O extends ResolvedDriverOptions>(
  given: DriverBaseOptions<V, O>,
): DriverContext<V, O> {
  const { venue, secrets } = given
  const { common } = given
  const scheduler = common.scheduler ?? asyncScheduler
  const logger =
    common.logger === undefined
      ? getLogger(`rxvenue:${venue}`, { secrets })
      : withSecrets(common.logger, secrets)
  const ownsTransport = common.transport === undefined
  const transport = logRequests(common.transport ?? createDefaultTransport(), logger.child('rest'))
  const life = createVenueLifecycle(venue, scheduler, logger)
  const restHost = hostOf(given.options.restUrl)
  const { events, emit, closedError } = life

  // The clock asks the venue through `clockRest`, made below; the closure reads it only when sampling.
  const clock: ClockSync = new ClockSync({
    fetchServerTime: () => given.fetchServerTime(clockRest),
    scheduler,
    venue,
  })
  const limiter = new RateLimiter({ windows: given.windows, scheduler, now: () => clock.now(), venue })
  const tuning = common.circuitBreaker
  // the latest failure the breaker counted (a REST attempt that failed): what the `circuit` event names
  // when it opens, not `lastError`, which holds a socket's misread frame too
  let lastCounted: VenueError | undefined
  const breaker = circuitBreaker({
    isFailure: (error) => {
      const counted = isVenueOutage(error)
      if (counted) lastCounted = error as VenueError
      return counted
    },
    failureThreshold: tuning?.failureThreshold ?? 5,
    windowMs: tuning?.windowMs ?? 10_000,
    openMs: tuning?.openMs ?? 30_000,
    scheduler,
    venue,
  })

  const circuit = breaker.state$
    .pipe(skip(1))
    .subscribe((state) => emit({ type: 'circuit', state, error: state === 'open' ? lastCounted : undefined }))
  life.watchLimiter(limiter)
  life.watchBreaker(breaker)
  const core: DriverCore = { clock, limiter, logger }

  const base: RestClientOptions = {
    baseUrl: given.options.restUrl,
    venue,
    transport,
    limiter,
    breaker,
    clock,
    scheduler,
    secrets,
    maxBodyBytes: given.options.maxBodyBytes,
    mapError: (response, info) => {
      const error = given.mapError(response, info, core)
      if (error?.kind === 'rate-limit') {
        emit({ type: 'rate-limited', retryAfterMs: error.retryAfterMs, error })
        logger.warn(`${venue} rate limit`, { path: info.path, retryAfterMs: error.retryAfterMs })
      }
      return error
    },
    onResponse: (headers, info) => {
      life.reached('rest', restHost)
      given.onResponse(headers, info, core)
    },
    onUnanswered: (error, host) => {
      life.unreachable('rest', host, error)
      emit({ type: 'request-failed', channel: 'rest', host, error })
    },
  }
  const rest = new RestClient(base)
  // Orders are signed with the venue clock: its samples go ahead of market data too, and a sample the
  // limiter cannot send soon (the venue paused) fails at once, leaving the local clock
  const clockRest = new RestClient({ ...base, priority: 'order', deadlineMs: CLOCK_WAIT_MS })
  // a signature made with an unmeasured clock may be refused (or expire) at once: the first one waits;
  // after a failed measurement the next ones sign with the local clock for a while, not each ask again
  let unmeasuredSince: number | undefined
  const clockMeasured = (): Observable<never> =>
    defer(() => {
      const failed = unmeasuredSince !== undefined && scheduler.now() - unmeasuredSince < CLOCK_RETRY_MS
      return failed || life.closed ? EMPTY : clock.measured()
    }).pipe(
      timeout({
        first: CLOCK_WAIT_MS,
        scheduler,
        with: () => throwError(() => new Error(`no measurement within ${CLOCK_WAIT_MS} ms`)),
      }),
      catchError((error: unknown) => {
        // a close ends the measurement: nothing went wrong with the clock
        if (life.closed) return EMPTY
        unmeasuredSince = scheduler.now()
        logger.warn(`${venue} clock sync failed; signing with the local clock`, { error })
        return EMPTY
      }),
    )
  const signingClock = { now: () => clock.now(), resync: () => clock.resync(), measured: clockMeasured }
  const sign = given.signer()
  const privateRest =
    sign === undefined ? undefined : new RestClient({ ...base, clock: signingClock, sign, priority: 'order' })
  life.watchRest(rest)
  life.watchRest(clockRest)
  if (privateRest !== undefined) life.watchRest(privateRest)

  const load = (): Observable<SymbolMap> => given.loadSymbols(rest, core)
  const cache = createInstrumentCache({
    load,
    ttlMs: given.instrumentsTtlMs,
    scheduler,
    logger,
    venue,
    closed: () => (life.closed ? closedError() : undefined),
  })
  const instruments = (): Observable<readonly Instrument[]> =>
    cache.fetch().pipe(map((symbolMap) => symbolMap.instruments()))

  return {
    venue,
    options: given.options,
    scheduler,
    logger,
    secrets,
    transport,
    limiter,
    breaker,
    clock,
    clockMeasured,
    rest,
    privateRest,
    events,
    emit,
    symbols: () => cache.symbols(),
    instruments,
    serverTime: () =>
      defer(() => (life.closed ? throwError(() => closedError()) : given.fetchServerTime(rest))).pipe(
        map((ms) => new Date(ms)),
      ),
    watchSocket: life.watchSocket,
    health: life.health,
    onClose: life.onClose,
    untilClosed: life.untilClosed,
    get closed() {
      return life.closed
    },
    closedError,
    close: () => {
      let closing: Promise<unknown> = Promise.resolve()
      return life.close({
        now: () => {
          circuit.unsubscribe()
          cache.close(closedError())
          limiter.close(closedError())
          // the attempts on the wire are aborted now (a client's close aborts them before it awaits): a
          // transport released after them (one the spec context wrapped, as FalconX's) waits for them
          // otherwise, for as long as a venue that never answers holds them
          closing = Promise.all([rest, clockRest, privateRest].map((client) => client?.close()))
        },
        after: async () => {
          await closing
          if (ownsTransport) await transport.close?.()
        },
      })
    },
  }
}

/** The host (and port) of a URL, or the text itself when it is not one. */
function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
