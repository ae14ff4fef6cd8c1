/**
 * What every part of the Binance driver shares: resolved options, one REST client per signing mode over
 * one rate limiter, circuit breaker and transport, the venue clock, the instruments cache, the logger,
 * the scheduler and the venue's event stream.
 */
import { MAINNET, TESTNET, BINANCE_MAX_BODY_BYTES } from './spec.js'
import { map, type Observable, type SchedulerLike } from 'rxjs'
import type { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import { SecretList } from '../../core/secret-list.js'
import { SymbolMap } from '../../core/symbols.js'
import type { BackoffOptions } from '../../transport/backoff.js'
import type { ClockSync } from '../../transport/clock.js'
import type { HttpResponse, HttpTransport } from '../../transport/http.js'
import type { RateLimiter, RateWindow } from '../../transport/rate-limit.js'
import type { ResponseInfo, RestClient } from '../../transport/rest.js'
import type { WebSocketCtor } from '../../transport/socket.js'
import { createDriverBase, type DriverContext } from '../kit/driver-base.js'
import { DEFAULT_ORDER_DEADLINE_MS } from '../kit/options.js'
import type { VenueEventBody, WatchedSocket } from '../kit/lifecycle.js'
import { BinanceErrorBody, type BinanceRateLimit } from './codecs.js'
import { binanceError } from './errors.js'
import { fetchExchangeInfo, fetchServerTime } from './public.js'
import { binanceSigner } from './sign.js'

/**
 * Options of the Binance driver. Everything is optional; the defaults talk to Binance's spot mainnet,
 * or with `testnet: true` to the Spot Test Network.
 *
 * @example
 * createBinanceVenue({ apiKey, secret, testnet: true }) // REST, market streams and WebSocket API on the testnet
 */
export interface BinanceOptions {
  /**
   * The Spot Test Network, for every connection: REST `https://testnet.binance.vision`, market streams
   * `wss://stream.testnet.binance.vision`, WebSocket API `wss://ws-api.testnet.binance.vision/ws-api/v3`.
   * It has its own keys (made at testnet.binance.vision) and its own books. A URL given below still
   * wins. Default false.
   */
  readonly testnet?: boolean
  /** Default `https://api.binance.com` (see `testnet`). */
  readonly restUrl?: string
  /**
   * Market streams, without a path (the driver adds `/stream?streams=`). Default
   * `wss://stream.binance.com:9443` (see `testnet`).
   */
  readonly wsUrl?: string
  /** The WebSocket API (user data). Default `wss://ws-api.binance.com:443/ws-api/v3` (see `testnet`). */
  readonly wsApiUrl?: string
  /** With `secret` or `privateKey`, enables trading. */
  readonly apiKey?: string
  /** HMAC secret. */
  readonly secret?: string
  /** Ed25519 private key (PEM), instead of an HMAC secret. */
  readonly privateKey?: string
  /** `recvWindow` of signed requests. Default 5 000 ms. */
  readonly recvWindowMs?: number
  /**
   * An order command (place, cancel, cancel-all) not sent within this many ms of the call, as it
   * waits for the rate limiter, fails with `rate-limit` and is never sent later. Default
   * {@link DEFAULT_ORDER_DEADLINE_MS} (5 000).
   */
  readonly orderDeadlineMs?: number
  /** Largest REST response body read, in bytes. Default {@link BINANCE_MAX_BODY_BYTES} (32 MiB). */
  readonly maxBodyBytes?: number
  /** Default: the loglevel logger `rxvenue:binance`. */
  readonly logger?: Logger
  /** Default: an undici keep-alive transport owned (and closed) by the driver. */
  readonly transport?: HttpTransport
  /** Default: isomorphic-ws. */
  readonly WebSocketCtor?: WebSocketCtor
  /** Timers and time. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
  /**
   * Socket reconnect delays. Default 1 s → 60 s with full jitter, from the first delay again once a
   * reopened socket delivers data. Also the delays between depth snapshots that could not be read,
   * there with defaults of 250 ms → 10 s.
   */
  readonly backoff?: Omit<BackoffOptions, 'resetAfterMs'>
  /**
   * A socket with no frame for this long is dropped and reconnected. Default 60 000 ms: the venue pings
   * every 20 s (a ping frame is not a message, though), and quiet streams may send nothing for longer.
   */
  readonly staleAfterMs?: number
  /** Update speed of the diff depth stream. Default `100ms`. */
  readonly depthUpdateSpeed?: '100ms' | '1000ms'
  /**
   * A market stream connection is replaced (a new one opened, the old closed once the new one
   * delivers) this long after it opened, ahead of the venue's 24 h cut-off. Default 23 h.
   */
  readonly plannedReconnectMs?: number
  /** Most streams on one connection. Default (and the venue's maximum) 1024. */
  readonly maxStreamsPerConnection?: number
  /**
   * Largest WebSocket frame taken, in bytes (characters of a text frame). A larger one is refused: an
   * error, then a reconnect that resyncs the books. Default 1 MiB: a combined-stream diff-depth frame
   * with 1 000 changed levels a side is about 64 KB, and even the all-market `!ticker@arr` frame is
   * about 0.5 MB.
   */
  readonly maxFrameBytes?: number
}

/**
 * {@link BinanceOptions} with the defaults filled in.
 *
 * @example
 * ctx.options.staleAfterMs // 60 000 unless given
 */
export interface ResolvedBinanceOptions {
  readonly restUrl: string
  readonly wsUrl: string
  readonly wsApiUrl: string
  readonly apiKey: string | undefined
  readonly secret: string | undefined
  readonly privateKey: string | undefined
  readonly recvWindowMs: number
  readonly orderDeadlineMs: number
  readonly maxBodyBytes: number
  readonly WebSocketCtor: WebSocketCtor | undefined
  readonly backoff: Omit<BackoffOptions, 'resetAfterMs'> | undefined
  readonly staleAfterMs: number
  readonly depthUpdateSpeed: '100ms' | '1000ms'
  readonly plannedReconnectMs: number
  readonly maxStreamsPerConnection: number
  readonly maxFrameBytes: number
}

export type { VenueEventBody }

/**
 * Binance's REST limits as rate windows, before `exchangeInfo.rateLimits` replaces the limits with the
 * venue's live figures: request weight per minute, raw requests per 5 minutes, orders per 10 s and per
 * day (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits). Window ids are
 * {@link binanceWindowId}s, so the venue's limits and `X-MBX-*` headers find their window by name.
 *
 * @example
 * ctx.privateRest?.request$({ method: 'POST', path: '/api/v3/order', codec, cost: { weight: 1, orders: 1 } })
 */
export const BINANCE_RATE_WINDOWS: readonly RateWindow[] = Object.freeze([
  { id: 'weight-1m', metric: 'weight', limit: 6000, intervalMs: 60_000 },
  { id: 'raw-5m', metric: 'requests', limit: 61_000, intervalMs: 300_000 },
  { id: 'orders-10s', metric: 'orders', limit: 50, intervalMs: 10_000 },
  { id: 'orders-1d', metric: 'orders', limit: 160_000, intervalMs: 86_400_000 },
])

const LIMIT_PREFIX: ReadonlyMap<string, string> = new Map([
  ['REQUEST_WEIGHT', 'weight'],
  ['ORDERS', 'orders'],
  ['RAW_REQUESTS', 'raw'],
])

const INTERVAL_LETTER: Readonly<Record<BinanceRateLimit['interval'], string>> = {
  SECOND: 's',
  MINUTE: 'm',
  HOUR: 'h',
  DAY: 'd',
}

/**
 * The limiter window of one `exchangeInfo.rateLimits` entry, or `undefined` for a type the driver does
 * not count.
 *
 * @example
 * binanceWindowId({ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 }) // 'orders-10s'
 */
export function binanceWindowId(limit: BinanceRateLimit): string | undefined {
  const prefix = LIMIT_PREFIX.get(limit.rateLimitType)
  return prefix === undefined ? undefined : `${prefix}-${limit.intervalNum}${INTERVAL_LETTER[limit.interval]}`
}

/**
 * The limiter window a usage header reports on: `x-mbx-used-weight-1m` → `weight-1m`,
 * `x-mbx-order-count-10s` → `orders-10s`; `undefined` for any other header.
 *
 * @example
 * binanceUsageWindow('X-MBX-ORDER-COUNT-1D') // 'orders-1d'
 */
export function binanceUsageWindow(header: string): string | undefined {
  const name = header.toLowerCase()
  if (name.startsWith('x-mbx-used-weight-')) return `weight-${name.slice(18)}`
  if (name.startsWith('x-mbx-order-count-')) return `orders-${name.slice(18)}`
  return undefined
}

/**
 * How long the instruments (and so the symbol map) are trusted before the next use refreshes them.
 *
 * @example
 * ctx.symbols() // a request at most once an hour
 */
export const BINANCE_INSTRUMENTS_TTL_MS = 3_600_000

/**
 * The shared state of one Binance driver instance.
 *
 * @example
 * const ctx = createBinanceContext({ restUrl: sim.restUrl })
 * ctx.symbols().subscribe((map) => map.toVenue('BTC/USDT')) // 'BTCUSDT'
 */
export interface BinanceContext extends DriverContext<'binance', ResolvedBinanceOptions> {
  /** Venue time (synced from `/api/v3/time` while someone keeps `clock.sync$` subscribed). */
  readonly clock: ClockSync
  /** Signed requests; present when an API key and a secret or private key were given. */
  readonly privateRest: RestClient | undefined
  /**
   * The symbol map, fetched with `exchangeInfo` on first use and trusted for
   * {@link BINANCE_INSTRUMENTS_TTL_MS}; concurrent callers share one request; a failed refresh keeps
   * the map in hand. Each fetch also brings the limiter's limits up to `exchangeInfo.rateLimits`.
   */
  symbols(): Observable<SymbolMap>
  /** Adopts the venue's `rateLimits` as the limiter's limits. */
  applyRateLimits(limits: readonly BinanceRateLimit[]): void
  /**
   * Reports a socket's health under `channel` (`public`, `user-data`) until the returned function is
   * called; the sockets of the public pool all report under `public`.
   */
  watchSocket(channel: string, socket: WatchedSocket): () => void
}

/**
 * Builds the shared state of a Binance driver from its options.
 *
 * @example
 * const ctx = createBinanceContext({ apiKey, secret })
 * ctx.rest.request$({ path: '/api/v3/time', codec: BinanceServerTime })
 */
export function createBinanceContext(options: BinanceOptions = {}): BinanceContext {
  const network = options.testnet === true ? TESTNET : MAINNET
  const resolved: ResolvedBinanceOptions = {
    restUrl: options.restUrl ?? network.restUrl,
    wsUrl: (options.wsUrl ?? network.wsUrl).replace(/\/+$/, ''),
    wsApiUrl: options.wsApiUrl ?? network.wsApiUrl,
    apiKey: options.apiKey,
    secret: options.secret,
    privateKey: options.privateKey,
    recvWindowMs: options.recvWindowMs ?? 5000,
    orderDeadlineMs: options.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS,
    maxBodyBytes: options.maxBodyBytes ?? BINANCE_MAX_BODY_BYTES,
    WebSocketCtor: options.WebSocketCtor,
    backoff: options.backoff,
    staleAfterMs: options.staleAfterMs ?? 60_000,
    depthUpdateSpeed: options.depthUpdateSpeed ?? '100ms',
    plannedReconnectMs: options.plannedReconnectMs ?? 23 * 3_600_000,
    maxStreamsPerConnection: Math.min(options.maxStreamsPerConnection ?? 1024, 1024),
    maxFrameBytes: options.maxFrameBytes ?? 1_048_576,
  }
  const { apiKey, secret, privateKey, recvWindowMs } = resolved
  const secrets = new SecretList([apiKey, secret, privateKey])
  const base = createDriverBase({
    venue: 'binance',
    options: resolved,
    common: options,
    secrets,
    windows: BINANCE_RATE_WINDOWS,
    instrumentsTtlMs: BINANCE_INSTRUMENTS_TTL_MS,
    fetchServerTime,
    mapError: (response, info) => binanceResponseError(response, info, secrets),
    onResponse: (headers, info, { limiter }) => observeBinanceUsage(limiter, headers, info),
    signer: () => {
      if (!apiKey || !(secret || privateKey)) return undefined
      const sign = binanceSigner({ apiKey, secret, privateKey, recvWindowMs })
      return (request, now) => {
        const signed = sign(request, now)
        const signature = SIGNATURE_PARAM.exec(signed.url)?.[1]
        if (signature !== undefined) secrets.add(decodeURIComponent(signature))
        return signed
      }
    },
    loadSymbols: (rest, { limiter, logger }) =>
      fetchExchangeInfo(rest, logger).pipe(
        map((info) => {
          applyBinanceRateLimits(limiter, logger, info.rateLimits)
          return new SymbolMap('binance', info.instruments)
        }),
      ),
  })
  return Object.assign(base, {
    applyRateLimits: (limits: readonly BinanceRateLimit[]) =>
      applyBinanceRateLimits(base.limiter, base.logger, limits),
  })
}

/** The error of a Binance response with a failed HTTP status; `undefined` on success. */
function binanceResponseError(
  response: HttpResponse,
  info: ResponseInfo,
  secrets: Iterable<string>,
): VenueError | undefined {
  if (response.status >= 200 && response.status < 300) return undefined
  const body = errorBody(response.body)
  return binanceError({
    status: response.status,
    code: body?.code,
    msg: body?.msg ?? response.body,
    headers: response.headers,
    context: `${info.method} ${info.path}`,
    secrets,
  })
}

/** Feeds every `X-MBX-USED-WEIGHT-*` and `X-MBX-ORDER-COUNT-*` header into its limiter window. */
function observeBinanceUsage(
  limiter: RateLimiter,
  headers: Readonly<Record<string, string>>,
  info: ResponseInfo,
): void {
  for (const name in headers) {
    const window = binanceUsageWindow(name)
    if (window === undefined) continue
    const used = headerInt(headers[name])
    if (used !== undefined) limiter.observeUsage({ window, used, at: info.sentAt })
  }
}

/** Adopts the venue's `rateLimits` as the limiter's limits; a limit without a window is only logged. */
function applyBinanceRateLimits(
  limiter: RateLimiter,
  logger: Logger,
  limits: readonly BinanceRateLimit[],
): void {
  for (const limit of limits) {
    const window = binanceWindowId(limit)
    if (window === undefined || !BINANCE_RATE_WINDOWS.some((w) => w.id === window)) {
      logger.debug('binance rate limit not counted', { limit })
      continue
    }
    limiter.observeUsage({ window, used: 0, limit: limit.limit })
  }
}

const SIGNATURE_PARAM = /[?&]signature=([^&#]*)/

/** `code` and `msg` of a body that is a Binance error body, else `undefined`. */
function errorBody(body: string): BinanceErrorBody | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return BinanceErrorBody.is(value) ? value : undefined
  } catch {
    return undefined
  }
}

function headerInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const trimmed = text.trim()
  return /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : undefined
}
