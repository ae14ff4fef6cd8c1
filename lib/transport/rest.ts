// size: the one pipeline every REST call passes (sign, limit, breaker, send, check, decode, retry)
import {
  asyncScheduler,
  catchError,
  concat,
  concatMap,
  defer,
  EMPTY,
  finalize,
  from,
  ignoreElements,
  map,
  mergeMap,
  of,
  race,
  retry,
  Subject,
  switchMap,
  take,
  tap,
  throwError,
  timeout,
  timer,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
} from 'rxjs'
import type * as t from 'io-ts'
import { VenueError, type ErrorKind } from '../core/errors.js'
import { snippet } from '../core/redact.js'
import { decode } from '../codec/decode.js'
import { backoffDelay } from './backoff.js'
import type { CircuitBreaker } from './breaker.js'
import { MAX_RETRY_AFTER_MS } from './delay-bounds.js'
import { createDefaultTransport } from './http-default.js'
import {
  BodyLimitError,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
} from './http.js'
import type { RateCost, RateLimiter, RatePriority } from './rate-limit.js'

/**
 * Query parameters, sent in the order given (signatures cover that order); `undefined` values are left
 * out.
 *
 * @example
 * const query: RestQuery = { category: 'spot', symbol: 'BTCUSDT', limit: 200, cursor: undefined }
 */
export type RestQuery = Readonly<Record<string, string | number | boolean | undefined>>

/** One REST call: what to send and how to read the answer. */
export interface RestRequest<A> {
  /** Default `GET`. */
  readonly method?: HttpMethod
  /** Path below the base URL, starting with `/`. */
  readonly path: string
  /** See {@link RestQuery}. */
  readonly query?: RestQuery
  /** The exact body text; `content-type: application/json` is added unless a content type is given. */
  readonly body?: string
  readonly headers?: Readonly<Record<string, string>>
  /** Decodes the response body (JSON text) into the result. */
  readonly codec: t.Decoder<unknown, A>
  /** Names the payload in a `DecodeError`. Default `"<METHOD> <path>"`. */
  readonly context?: string
  /**
   * Whether sending the request twice is harmless. Default true for GET, HEAD and OPTIONS only: a
   * POST, PUT, PATCH or DELETE may place, amend or cancel an order, so it is never resent unless the
   * caller vouches for it (e.g. it carries a client order id the venue deduplicates).
   */
  readonly idempotent?: boolean
  /** What the request spends in the rate limiter. Default weight 1. */
  readonly cost?: RateCost
  /** Its queue in the rate limiter. Default {@link RestClientOptions.priority}. */
  readonly priority?: RatePriority
  /**
   * The request must go out within this many ms of its subscription (scheduler time). Still waiting
   * in the rate limiter then, it fails with `rate-limit` and is never sent; no retry starts after it.
   * Default: no deadline. Order commands use one, so a paused venue never gets a stale order.
   */
  readonly deadlineMs?: number
  /** Overrides {@link RestClientOptions.timeoutMs}. */
  readonly timeoutMs?: number
  /** Overrides {@link RestClientOptions.totalTimeoutMs}. */
  readonly totalTimeoutMs?: number
}

/** What the response hooks learn about a response besides its headers and body. */
export interface ResponseInfo {
  readonly method: HttpMethod
  /** Path without the query string (which may hold a signature). */
  readonly path: string
  readonly status: number
  /** Venue time the attempt was signed and sent (the clock's `now()`). */
  readonly sentAt: number
  /** Scheduler time of the same moment: `sentAt` less the clock offset then in force. */
  readonly sentOn: number
  /** The Retry-After header in ms, when present and valid. */
  readonly retryAfterMs: number | undefined
}

/**
 * REST traffic counters of one {@link RestClient} since it was made. An attempt counts once it went on
 * the wire: one that fails before (signing) or is abandoned by an unsubscribe before its answer does not.
 * Times are the scheduler's.
 */
export interface RestStats {
  /** Attempts that got a response or failed (retries count one each). */
  readonly requests: number
  /** Attempts that failed: network, timeout, an error status, or an error the venue mapped from the body. */
  readonly failures: number
  /** Attempts that got an HTTP response, whatever its status: the ones whose round trip was timed. */
  readonly answered: number
  /** Round-trip time of the last answered attempt, in ms. */
  readonly lastLatencyMs: number | undefined
  /** Exponentially weighted mean round-trip time (weight {@link REST_LATENCY_WEIGHT} on the newest), in ms. */
  readonly latencyMs: number | undefined
  /** Scheduler time of the last answer. */
  readonly lastAnsweredAt: number | undefined
}

/**
 * Weight of the newest round trip in {@link RestStats.latencyMs}: a slow venue shows within a few
 * requests, one slow answer does not swamp it.
 *
 * @example
 * next = REST_LATENCY_WEIGHT * sample + (1 - REST_LATENCY_WEIGHT) * previous
 */
export const REST_LATENCY_WEIGHT = 0.2

/** Retry policy of {@link RestClient}. */
export interface RestRetryOptions {
  /** Retries after the first attempt. Default 3. */
  readonly count?: number
  /** Backoff ceiling of the first retry. Default 250 ms. */
  readonly initialMs?: number
  /**
   * Largest backoff ceiling. Default 10 000 ms. A Retry-After longer than this fails the request
   * instead of holding it (the limiter still pauses the venue for the whole time).
   */
  readonly maxMs?: number
  /** Default `full`. */
  readonly jitter?: 'full' | 'none'
  /** Randomness for the jitter; inject a seeded one in tests. */
  readonly random?: () => number
}

/** The clock a {@link RestClient} signs with; `ClockSync` is one. */
export interface RestClock {
  /** Venue time in epoch ms. */
  now(): number
  /** Re-measures the offset; called before a `clock-skew` error is passed on. */
  resync?(): Observable<unknown>
  /**
   * Completes once the clock has been measured. A signed request waits for it before it queues in the
   * rate limiter (within its deadline), so even the first signature of a session is made at venue time.
   * Its samples must not be taken through the same client: they would wait for themselves.
   */
  measured?(): Observable<unknown>
}

/** Options of {@link RestClient}. */
export interface RestClientOptions {
  /** Scheme, host and optional path prefix, e.g. `https://api.example.com/api/v3`. */
  readonly baseUrl: string
  /** Venue id carried by errors and `DecodeError`s. */
  readonly venue?: string
  /** Default: an undici keep-alive transport owned (and closed) by the client. */
  readonly transport?: HttpTransport
  /** Per-attempt limit from sending to the last body byte, in ms; time queued in the limiter is not counted. Default 10 000. */
  readonly timeoutMs?: number
  /**
   * Limit on the whole request, retries and their backoff included, from the first attempt going on
   * the wire (time queued in the limiter before it is not counted), in ms. Past it the request fails
   * with `timeout` and nothing more is sent. Default 20 000: a venue that does not answer fails a
   * request after two attempts, not four.
   */
  readonly totalTimeoutMs?: number
  /**
   * Largest response body read, in bytes: the transport stops reading past it and drops the
   * connection. A 2xx answer past it fails with `decode`, never retried; an error status keeps its kind
   * (a huge 503 is still `temporary`). Default {@link DEFAULT_MAX_BODY_BYTES}; each venue driver sets
   * its own.
   */
  readonly maxBodyBytes?: number
  /** Queue of the rate limiter its requests wait in, unless a request says otherwise. Default `data`. */
  readonly priority?: RatePriority
  /** {@link RestRequest.deadlineMs} of its requests that give none. Default none. */
  readonly deadlineMs?: number
  readonly retry?: RestRetryOptions
  /** Every attempt waits for budget here; a 429/418 with Retry-After pauses it. */
  readonly limiter?: Pick<RateLimiter, 'schedule' | 'pause'>
  /** Every attempt passes this breaker. */
  readonly breaker?: Pick<CircuitBreaker, 'protect'>
  /** Venue time for signing and Retry-After dates. Default the scheduler's clock. */
  readonly clock?: RestClock
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * Signs a request. Called on every attempt, after the limiter admitted it, so a retry or a long wait
   * in the queue still carries a fresh timestamp.
   */
  readonly sign?: (request: HttpRequest, now: number) => HttpRequest | Promise<HttpRequest>
  /**
   * Maps a response to an error, e.g. a JSON error code in a 200 body. `undefined` falls back to the
   * HTTP status ({@link httpStatusKind}).
   */
  readonly mapError?: (response: HttpResponse, info: ResponseInfo) => VenueError | undefined
  /** Sees the headers of every response, errors included (rate-limit usage headers). */
  readonly onResponse?: (headers: Readonly<Record<string, string>>, info: ResponseInfo) => void
  /**
   * Told of every attempt that went on the wire and got no answer (refused, reset, DNS, timeout), with
   * the host it was sent to: how a driver learns that its venue cannot be reached, and why.
   */
  readonly onUnanswered?: (error: VenueError, host: string) => void
  /** Exact secret values (keys, signatures) scrubbed from every error and `DecodeError`. */
  readonly secrets?: Iterable<string>
  /** Timers for timeouts and backoff. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike
}

/**
 * The response body limit of a {@link RestClient} given none: 16 MiB.
 *
 * @example
 * new RestClient({ baseUrl, maxBodyBytes: DEFAULT_MAX_BODY_BYTES * 2 })
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'HEAD', 'OPTIONS'])

/**
 * The error kind an HTTP status means when the venue says nothing more specific: 400 (and other 4xx)
 * `invalid-request`, 401/403 `auth`, 404 `not-found`, 408 `timeout`, 418/429 `rate-limit`, 5xx
 * `temporary`, 3xx `invalid-request` (redirects are not followed); `undefined` for 2xx.
 *
 * @example
 * httpStatusKind(429) // 'rate-limit'
 */
export function httpStatusKind(status: number): ErrorKind | undefined {
  if (status >= 200 && status < 300) return undefined
  if (status >= 500) return 'temporary'
  switch (status) {
    case 401:
    case 403:
      return 'auth'
    case 404:
      return 'not-found'
    case 408:
      return 'timeout'
    case 418:
    case 429:
      return 'rate-limit'
    default:
      return 'invalid-request'
  }
}

/**
 * Reads a Retry-After header, in delay-seconds (`"120"`) or HTTP-date (`"Wed, 21 Oct 2015 07:28:00 GMT"`)
 * form, as ms from `now` (venue time: the date is the venue's), at most {@link MAX_RETRY_AFTER_MS}
 * (3 days, the longest ban a venue documents). Unreadable values give `undefined`.
 *
 * @example
 * parseRetryAfter('2', Date.now()) // 2000
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(text) * 1000))
  if (!/[a-z]/i.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now))
}

/**
 * A venue's REST endpoint as cold Observables: each subscription sends one request (signed, rate
 * limited, behind the breaker, with a timeout), retries what is worth retrying, and emits the decoded
 * body. Unsubscribing aborts the HTTP request.
 *
 * Retried: errors whose `retryable` is true (`network`, `timeout`, `temporary` 5xx, `rate-limit` after
 * its Retry-After, `clock-skew` after a clock resync), and only for idempotent requests; backoff is
 * exponential with jitter (see {@link backoffDelay}). Each attempt has `timeoutMs` (10 s), the whole
 * request `totalTimeoutMs` (20 s) from its first attempt on.
 *
 * ```
 * GET, retry { initialMs: 1000, jitter: 'none' }; the venue answers 503, 503, 200, each after 10 ms
 * attempts at:  0, 1010, 3020          (backoff 1000 after the first 503, 2000 after the second)
 * request$:     3030ms (a|)
 * ```
 *
 * @example
 * const api = new RestClient({ baseUrl: 'https://api.example.com', venue: 'example', limiter, breaker })
 * api.request$({ path: '/time', codec: ServerTime }).subscribe((t) => console.log(t))
 */
export class RestClient {
  private readonly baseUrl: string
  /** Host (and port) of the base URL, for messages. */
  private readonly host: string
  private readonly venue: string | undefined
  private readonly transport: HttpTransport
  private readonly ownsTransport: boolean
  private readonly timeoutMs: number
  private readonly totalTimeoutMs: number
  private readonly maxBodyBytes: number
  private readonly retryCount: number
  private readonly retryMaxMs: number
  private readonly backoff: (error: unknown, retryCount: number) => Observable<0>
  private readonly clock: RestClock
  private readonly scheduler: SchedulerLike
  private readonly options: RestClientOptions
  private requests = 0
  private failures = 0
  private answered = 0
  private lastLatencyMs: number | undefined
  private latencyMs: number | undefined
  private lastAnsweredAt: number | undefined
  private closed = false
  /**
   * Fires on close: every call in progress then fails with the closed error wherever it waits (limiter,
   * backoff, on the wire), so none fails as a retryable `network` error into a closed client.
   */
  private readonly closing = new Subject<void>()

  constructor(options: RestClientOptions) {
    this.options = options
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.host = hostOf(this.baseUrl)
    this.venue = options.venue
    this.ownsTransport = options.transport === undefined
    this.transport = options.transport ?? createDefaultTransport()
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.totalTimeoutMs = options.totalTimeoutMs ?? 20_000
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    this.scheduler = options.scheduler ?? asyncScheduler
    this.clock = options.clock ?? { now: () => this.scheduler.now() }
    const r = options.retry ?? {}
    this.retryCount = r.count ?? 3
    this.retryMaxMs = r.maxMs ?? 10_000
    this.backoff = backoffDelay({
      initialMs: r.initialMs ?? 250,
      maxMs: this.retryMaxMs,
      jitter: r.jitter ?? 'full',
      ...(r.random ? { random: r.random } : {}),
      scheduler: this.scheduler,
    })
  }

  /**
   * One request as a cold Observable: emits the decoded body once and completes, or fails with a
   * {@link VenueError} (a `DecodeError` when the body does not match the codec; never retried).
   */
  request$<A>(request: RestRequest<A>): Observable<A> {
    return defer(() => {
      const method = request.method ?? 'GET'
      const context = request.context ?? `${method} ${request.path}`
      const deadlineMs = request.deadlineMs ?? this.options.deadlineMs
      const deadline = deadlineMs === undefined ? undefined : this.scheduler.now() + deadlineMs
      const sent = new Subject<void>()
      const calledAt = this.scheduler.now()
      // when the venue clock was measured: a signed request waits for it before its first attempt
      let clockReadyAt = calledAt
      let attempts = 0
      let lastError: unknown
      let attempt$ = this.attempt(method, request, () => {
        attempts += 1
        if (attempts === 1) sent.next()
      })
      if (this.options.limiter) {
        attempt$ = this.options.limiter.schedule(request.cost ?? 1, attempt$, {
          priority: request.priority ?? this.options.priority,
          deadline,
        })
      }
      if (this.options.breaker) attempt$ = attempt$.pipe(this.options.breaker.protect())
      const idempotent = request.idempotent ?? IDEMPOTENT.has(method)
      const totalMs = request.totalTimeoutMs ?? this.totalTimeoutMs
      const tried$ = attempt$.pipe(
        retry({
          count: idempotent ? this.retryCount : 0,
          delay: (e: unknown, n: number) => {
            lastError = e
            if (deadline !== undefined && this.scheduler.now() >= deadline) return throwError(() => e)
            return this.retryDelay(e, n)
          },
        }),
        map((response) => decode(request.codec, response.body, context, this.venue, this.options.secrets)),
      )
      const answer$ =
        this.options.sign === undefined
          ? tried$
          : concat(
              this.clockFirst(context, deadline).pipe(finalize(() => (clockReadyAt = this.scheduler.now()))),
              tried$,
            )
      // subscribed before the others, so a close during their subscription is heard
      const closed$ = this.closing.pipe(
        mergeMap(() =>
          throwError(() =>
            attempts === 0
              ? this.closedError(method, request.path)
              : this.cutOffError(method, request.path, attempts),
          ),
        ),
      )
      // subscribed before answer$, so it hears the first attempt go out
      const overall$ = sent.pipe(
        take(1),
        switchMap(() => timer(totalMs, this.scheduler)),
        mergeMap(() =>
          throwError(
            () =>
              new VenueError({
                kind: 'timeout',
                message: `${method} ${request.path}: no answer within ${totalMs} ms in all (${attempts} attempt${attempts === 1 ? '' : 's'}${this.clockWait(calledAt, clockReadyAt)})`,
                venue: this.venue,
                cause: lastError,
              }),
          ),
        ),
      )
      return race(closed$, overall$, answer$)
    })
  }

  /**
   * Traffic counters since the client was made; reading them sends nothing.
   *
   * @example
   * const { requests, failures, latencyMs } = api.stats()
   */
  stats(): RestStats {
    return {
      requests: this.requests,
      failures: this.failures,
      answered: this.answered,
      lastLatencyMs: this.lastLatencyMs,
      latencyMs: this.latencyMs,
      lastAnsweredAt: this.lastAnsweredAt,
    }
  }

  /**
   * Ends every call in progress, wherever it is (waiting in the limiter, in backoff between retries, or
   * on the wire, where its request is aborted), and every later call, with a non-retryable error; then
   * closes the connections of a transport the client created itself. A call that never went out (and
   * every later call) fails `invalid-request` saying the client is closed: nothing was sent. A call that
   * was sent at least once fails `timeout` saying its outcome is unknown: the venue may have carried it
   * out (an order placed), so it must be looked up rather than taken as refused.
   *
   * @example
   * await api.close()
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true
      this.closing.next()
    }
    if (this.ownsTransport) await this.transport.close?.()
  }

  private closedError(method: HttpMethod, path: string): VenueError {
    return new VenueError({
      kind: 'invalid-request',
      message: `${method} ${path}: the client is closed`,
      venue: this.venue,
    })
  }

  /** A call cut off by close after it went out: the venue may have its request, answered or not. */
  private cutOffError(method: HttpMethod, path: string, attempts: number): VenueError {
    return new VenueError({
      kind: 'timeout',
      retryable: false,
      message: `${method} ${path}: the client was closed after the request was sent (${attempts} attempt${attempts === 1 ? '' : 's'}); its outcome is unknown: the venue may have carried it out`,
      venue: this.venue,
    })
  }

  private retryDelay(error: unknown, retryCount: number): ObservableInput<unknown> {
    if (!(error instanceof VenueError && error.retryable)) return throwError(() => error)
    if ((error.retryAfterMs ?? 0) > this.retryMaxMs) return throwError(() => error)
    return this.backoff(error, retryCount)
  }

  private attempt(
    method: HttpMethod,
    request: RestRequest<unknown>,
    onSent: () => void,
  ): Observable<HttpResponse> {
    return defer(() => {
      if (this.closed) return throwError(() => this.closedError(method, request.path))
      const controller = new AbortController()
      let answered = false
      // scheduler time the request went on the wire, after the limiter and signing
      let startedAt: number | undefined
      const sentAt = this.clock.now()
      const sentOn = this.scheduler.now()
      const unsigned: HttpRequest = {
        method,
        url: this.url(request.path, request.query),
        headers: this.headers(request),
        body: request.body,
      }
      const timeoutMs = request.timeoutMs ?? this.timeoutMs
      return this.signed(unsigned, sentAt).pipe(
        concatMap((signed) =>
          defer(() => {
            startedAt = this.scheduler.now()
            onSent()
            return this.transport.request({ ...signed, maxBodyBytes: this.maxBodyBytes }, controller.signal)
          }).pipe(catchError((e: unknown) => throwError(() => this.networkError(e, method, request.path)))),
        ),
        take(1),
        timeout({
          first: timeoutMs,
          scheduler: this.scheduler,
          with: () =>
            throwError(
              () =>
                new VenueError({
                  kind: 'timeout',
                  message: `${method} ${request.path}: no answer within ${timeoutMs} ms`,
                  venue: this.venue,
                }),
            ),
        }),
        tap(() => {
          answered = true
          this.countAnswer(startedAt)
        }),
        map((response) => this.check(response, method, request.path, sentAt, sentOn)),
        tap({
          error: (e: unknown) => {
            if (startedAt === undefined) return
            this.countFailure(answered)
            if (!answered && e instanceof VenueError) this.options.onUnanswered?.(e, this.host)
          },
        }),
        catchError((e: unknown) => this.afterError(e)),
        // Aborting is how an unsubscribe or a timeout really cancels the request on the wire.
        finalize(() => {
          if (!answered) controller.abort()
        }),
      )
    })
  }

  private countAnswer(startedAt: number | undefined): void {
    const now = this.scheduler.now()
    const ms = Math.max(0, now - (startedAt ?? now))
    this.requests += 1
    this.answered += 1
    this.lastLatencyMs = ms
    this.latencyMs =
      this.latencyMs === undefined
        ? ms
        : REST_LATENCY_WEIGHT * ms + (1 - REST_LATENCY_WEIGHT) * this.latencyMs
    this.lastAnsweredAt = now
  }

  /** An attempt that went out failed; an answered one was counted as a request already. */
  private countFailure(answered: boolean): void {
    if (!answered) this.requests += 1
    this.failures += 1
  }

  private signed(request: HttpRequest, now: number): Observable<HttpRequest> {
    return defer(() => {
      const signed = this.options.sign ? this.options.sign(request, now) : request
      return signed instanceof Promise ? from(signed) : of(signed)
    }).pipe(
      catchError((e: unknown) => {
        throw e instanceof VenueError
          ? e
          : new VenueError({
              kind: 'auth',
              message: `cannot sign ${request.method} request: ${e instanceof Error ? e.message : String(e)}`,
              venue: this.venue,
              secrets: this.options.secrets,
              cause: e,
            })
      }),
    )
  }

  private check(
    response: HttpResponse,
    method: HttpMethod,
    path: string,
    sentAt: number,
    sentOn: number,
  ): HttpResponse {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.clock.now())
    const info: ResponseInfo = { method, path, status: response.status, sentAt, sentOn, retryAfterMs }
    let error: VenueError | undefined
    try {
      this.options.onResponse?.(response.headers, info)
      // a transport that does not apply the limit itself still gets the same answer
      if (overLimit(response.body, this.maxBodyBytes))
        throw this.bodyLimitError(method, path, response.status)
      error = this.options.mapError?.(response, info) ?? this.statusError(response, info)
    } catch (e) {
      if (e instanceof VenueError) throw e
      throw new VenueError({
        kind: 'decode',
        message: `${method} ${path}: cannot read the HTTP ${response.status} response: ${e instanceof Error ? e.message : String(e)}`,
        venue: this.venue,
        status: response.status,
        secrets: this.options.secrets,
        cause: e,
      })
    }
    if (!error) return response
    if (error.kind === 'rate-limit' && error.retryAfterMs !== undefined)
      this.options.limiter?.pause(error.retryAfterMs)
    throw error
  }

  private statusError(response: HttpResponse, info: ResponseInfo): VenueError | undefined {
    const kind = httpStatusKind(response.status)
    if (!kind) return undefined
    const shown = snippet(response.body, this.options.secrets)
    return new VenueError({
      kind,
      message: `${info.method} ${info.path}: HTTP ${response.status}${shown ? ` ${shown}` : ''}`,
      venue: this.venue,
      status: response.status,
      retryAfterMs: kind === 'rate-limit' ? info.retryAfterMs : undefined,
      secrets: this.options.secrets,
    })
  }

  private bodyLimitError(method: HttpMethod, path: string, status: number): VenueError {
    return new VenueError({
      kind: httpStatusKind(status) ?? 'decode',
      message: `${method} ${path}: HTTP ${status} body larger than ${this.maxBodyBytes} bytes (maxBodyBytes); not read`,
      venue: this.venue,
      status,
    })
  }

  private networkError(e: unknown, method: HttpMethod, path: string): VenueError {
    if (e instanceof VenueError) return e
    if (e instanceof BodyLimitError) return this.bodyLimitError(method, path, e.status)
    const code = (e as { code?: unknown } | null)?.code
    const detail = e instanceof Error ? e.message : String(e)
    return new VenueError({
      kind: typeof code === 'string' && /TIMEOUT/i.test(code) ? 'timeout' : 'network',
      message: `${method} ${path}: ${detail}${typeof code === 'string' ? ` (${code})` : ''}`,
      venue: this.venue,
      secrets: this.options.secrets,
      cause: e,
    })
  }

  /**
   * What a call that waited for the venue clock before its first attempt says of that wait in its total
   * timeout: the caller waited that much longer than the total (the total starts with the first attempt).
   */
  private clockWait(calledAt: number, clockReadyAt: number): string {
    const clockMs = clockReadyAt - calledAt
    if (clockMs <= 0) return ''
    return `; ${this.scheduler.now() - calledAt} ms since the call, ${clockMs} ms of it waiting for the venue clock`
  }

  /** Waits for the clock to be measured, before `deadline` (scheduler time) when there is one. */
  private clockFirst(context: string, deadline: number | undefined): Observable<never> {
    const measured = this.clock.measured
    // a closed client fails the call at once (in its attempt), measuring nothing
    if (measured === undefined || this.closed) return EMPTY
    const wait$ = defer(() => measured.call(this.clock)).pipe(ignoreElements())
    if (deadline === undefined) return wait$
    return wait$.pipe(
      timeout({
        first: Math.max(0, deadline - this.scheduler.now()),
        scheduler: this.scheduler,
        with: () =>
          throwError(
            () =>
              new VenueError({
                kind: 'rate-limit',
                venue: this.venue,
                message: `${context}: not sent within its deadline: still waiting for the venue clock`,
              }),
          ),
      }),
    )
  }

  /** A rejected timestamp: re-measure the clock before the error goes on, so whoever retries signs right. */
  private afterError(e: unknown): Observable<never> {
    const resync = this.clock.resync
    if (!(e instanceof VenueError && e.kind === 'clock-skew' && resync)) return throwError(() => e)
    return concat(
      resync.call(this.clock).pipe(
        ignoreElements(),
        catchError(() => EMPTY),
      ),
      throwError(() => e),
    )
  }

  private url(path: string, query: RestRequest<unknown>['query']): string {
    const params = Object.entries(query ?? {})
      .filter((kv): kv is [string, string | number | boolean] => kv[1] !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&')
    return `${this.baseUrl}${path}${params ? `?${params}` : ''}`
  }

  private headers(request: RestRequest<unknown>): Record<string, string> {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries({ ...this.options.headers, ...request.headers }))
      headers[k.toLowerCase()] = v
    if (request.body !== undefined) headers['content-type'] ??= 'application/json'
    return headers
  }
}

/** The host (and port, when given) of a URL, or the text itself when it is not one. */
function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** True when `body` holds more than `max` UTF-8 bytes; counts them only when the length leaves it open. */
function overLimit(body: string, max: number): boolean {
  if (body.length > max) return true
  return body.length * 3 > max && new TextEncoder().encode(body).length > max
}
