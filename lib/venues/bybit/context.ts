/**
 * What every part of the Bybit driver shares: resolved options, one REST client per signing mode over
 * one rate limiter, circuit breaker and transport, the venue clock, the instruments cache, the logger,
 * the scheduler and the venue's event stream.
 */
import { DEMO, MAINNET, TESTNET, type BybitUrls, BYBIT_MAX_BODY_BYTES } from './spec.js'
import { map, type Observable, type SchedulerLike } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import { SecretList } from '../../core/secret-list.js'
import { SymbolMap } from '../../core/symbols.js'
import type { BackoffOptions } from '../../transport/backoff.js'
import type { ClockSync } from '../../transport/clock.js'
import type { HttpResponse, HttpTransport } from '../../transport/http.js'
import type { RateCost, RateLimiter, RateWindow } from '../../transport/rate-limit.js'
import type { ResponseInfo, RestClient } from '../../transport/rest.js'
import type { WebSocketCtor } from '../../transport/socket.js'
import { createDriverBase, type DriverContext } from '../kit/driver-base.js'
import { DEFAULT_ORDER_DEADLINE_MS } from '../kit/options.js'
import type { VenueEventBody, WatchedSocket } from '../kit/lifecycle.js'
import { BybitEnvelopeHead } from './codecs.js'
import { bybitError, bybitHttpError } from './errors.js'
import { fetchInstruments, fetchServerTime } from './public.js'
import { bybitSigner } from './sign.js'

/**
 * Options of the Bybit driver. Everything is optional; the defaults talk to Bybit's mainnet, or with
 * `testnet: true` or `demo: true` to that network.
 *
 * @example
 * createBybitVenue({ apiKey, secret, testnet: true }) // REST and both sockets on Bybit's testnet
 */
export interface BybitOptions {
  /**
   * Bybit's testnet, for every connection: REST `https://api-testnet.bybit.com`, public stream
   * `wss://stream-testnet.bybit.com/v5/public/spot`, private stream `wss://stream-testnet.bybit.com/v5/private`.
   * It has its own accounts and keys. A URL given below still wins. Default false.
   */
  readonly testnet?: boolean
  /**
   * Bybit's demo trading (keys made under Demo Trading of a mainnet account): REST
   * `https://api-demo.bybit.com`, private stream `wss://stream-demo.bybit.com/v5/private`; market data
   * stays on the mainnet public stream, which is what the demo service trades against. A URL given
   * below still wins. Not together with `testnet`. Default false.
   */
  readonly demo?: boolean
  /** Default `https://api.bybit.com` (see `testnet` and `demo`). */
  readonly restUrl?: string
  /** The public spot stream. Default `wss://stream.bybit.com/v5/public/spot` (see `testnet` and `demo`). */
  readonly wsUrl?: string
  /** Default `wss://stream.bybit.com/v5/private` (see `testnet` and `demo`). */
  readonly privateWsUrl?: string
  /** With `secret`, enables trading. */
  readonly apiKey?: string
  readonly secret?: string
  /** `X-BAPI-RECV-WINDOW` of signed requests. Default 5 000 ms. */
  readonly recvWindowMs?: number
  /**
   * An order command (place, amend, cancel, cancel-all) not sent within this many ms of the call, as
   * it waits for the rate limiter, fails with `rate-limit` and is never sent later. Default
   * {@link DEFAULT_ORDER_DEADLINE_MS} (5 000).
   */
  readonly orderDeadlineMs?: number
  /** Largest REST response body read, in bytes. Default {@link BYBIT_MAX_BODY_BYTES} (8 MiB). */
  readonly maxBodyBytes?: number
  /** Default: the loglevel logger `rxvenue:bybit`. */
  readonly logger?: Logger
  /** Default: an undici keep-alive transport owned (and closed) by the driver. */
  readonly transport?: HttpTransport
  /** Default: isomorphic-ws. */
  readonly WebSocketCtor?: WebSocketCtor
  /** Timers and time. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
  /**
   * Socket reconnect delays. Default 1 s → 60 s with full jitter, from the first delay again once a
   * reopened socket delivers data.
   */
  readonly backoff?: Omit<BackoffOptions, 'resetAfterMs'>
  /**
   * A socket with no frame for this long is dropped and reconnected. Default 30 000 ms: the driver
   * pings every 20 s and Bybit answers each ping, so even a socket whose topics are quiet hears from
   * the venue at least every 20 s plus a round trip.
   */
  readonly staleAfterMs?: number
  /**
   * Largest WebSocket frame taken, in bytes (characters of a text frame). A larger one is refused: an
   * error, then a reconnect that resyncs the books. Default 1 MiB: Bybit's largest frames are a private
   * `order` push of 500 orders (about 440 KB) and an `orderbook.1000` snapshot (about 60 KB; 12 KB at
   * depth 200).
   */
  readonly maxFrameBytes?: number
}

/**
 * {@link BybitOptions} with the defaults filled in.
 *
 * @example
 * ctx.options.staleAfterMs // 30 000 unless given
 */
export interface ResolvedBybitOptions {
  readonly restUrl: string
  readonly wsUrl: string
  readonly privateWsUrl: string
  readonly apiKey: string | undefined
  readonly secret: string | undefined
  readonly recvWindowMs: number
  readonly orderDeadlineMs: number
  readonly maxBodyBytes: number
  readonly WebSocketCtor: WebSocketCtor | undefined
  readonly backoff: Omit<BackoffOptions, 'resetAfterMs'> | undefined
  readonly staleAfterMs: number
  readonly maxFrameBytes: number
}

export type { VenueEventBody }

/**
 * Bybit's REST limits as rate windows: the per-IP limit of 600 requests per 5 s
 * (https://bybit-exchange.github.io/docs/v5/rate-limit), the spot order-entry defaults of 20 per
 * second for creates and cancels, and 50 per second for each signed query endpoint (open orders, order
 * history, executions, wallet). The venue's `X-Bapi-Limit*` headers replace the per-endpoint figures
 * with the account's real ones. A request spends `orders`, `cancels`, ... by naming the metric in its
 * cost ({@link bybitRequestCost}). Bybit counts every limit over a rolling span, so every window here is
 * `rolling`: fixed windows back to back would let twice the limit into one second.
 *
 * @example
 * ctx.privateRest?.request$({ method: 'POST', path: '/v5/order/create', body, codec, cost: { orders: 1 } })
 */
export const BYBIT_RATE_WINDOWS: readonly RateWindow[] = Object.freeze([
  { id: 'ip-5s', metric: 'requests', limit: 600, intervalMs: 5000, rolling: true },
  { id: 'orders-1s', metric: 'orders', limit: 20, intervalMs: 1000, rolling: true },
  { id: 'cancels-1s', metric: 'cancels', limit: 20, intervalMs: 1000, rolling: true },
  { id: 'open-orders-1s', metric: 'open-orders', limit: 50, intervalMs: 1000, rolling: true },
  { id: 'order-history-1s', metric: 'order-history', limit: 50, intervalMs: 1000, rolling: true },
  { id: 'executions-1s', metric: 'executions', limit: 50, intervalMs: 1000, rolling: true },
  { id: 'wallet-1s', metric: 'wallet', limit: 50, intervalMs: 1000, rolling: true },
])

const USAGE_WINDOWS: ReadonlyMap<string, string> = new Map([
  ['/v5/order/create', 'orders-1s'],
  ['/v5/order/cancel', 'cancels-1s'],
  ['/v5/order/realtime', 'open-orders-1s'],
  ['/v5/order/history', 'order-history-1s'],
  ['/v5/execution/list', 'executions-1s'],
  ['/v5/account/wallet-balance', 'wallet-1s'],
])

/**
 * What a request to `path` spends: one unit of its endpoint's window, when the limiter keeps one.
 *
 * @example
 * bybitRequestCost('/v5/order/realtime') // { 'open-orders': 1 }
 */
export function bybitRequestCost(path: string): RateCost | undefined {
  const id = USAGE_WINDOWS.get(path)
  const window = BYBIT_RATE_WINDOWS.find((w) => w.id === id)
  return window?.metric === undefined ? undefined : { [window.metric]: 1 }
}

/**
 * The rate window a path's `X-Bapi-Limit*` headers describe, if the limiter keeps one for it.
 *
 * @example
 * bybitUsageWindow('/v5/order/create') // 'orders-1s'
 */
export function bybitUsageWindow(path: string): string | undefined {
  return USAGE_WINDOWS.get(path)
}

/**
 * How long the instruments (and so the symbol map) are trusted before the next use refreshes them.
 *
 * @example
 * ctx.symbols() // a request at most once an hour
 */
export const BYBIT_INSTRUMENTS_TTL_MS = 3_600_000

/**
 * The shared state of one Bybit driver instance.
 *
 * @example
 * const ctx = createBybitContext({ restUrl: sim.restUrl })
 * ctx.symbols().subscribe((map) => map.toVenue('BTC/USDT')) // 'BTCUSDT'
 */
export interface BybitContext extends DriverContext<'bybit', ResolvedBybitOptions> {
  /** Venue time (synced from `/v5/market/time` while someone keeps `clock.sync$` subscribed). */
  readonly clock: ClockSync
  /** Signed requests; present when an API key and secret were given. */
  readonly privateRest: RestClient | undefined
  /**
   * The symbol map of the spot instruments, fetched on first use and trusted for
   * {@link BYBIT_INSTRUMENTS_TTL_MS}; concurrent callers share one request. When a refresh fails the
   * map in hand is kept (a listing rarely changes); only without one does the error reach the caller.
   */
  symbols(): Observable<SymbolMap>
  /** Reports a socket's health under `channel` (`public`, `private`) until the returned function is called. */
  watchSocket(channel: string, socket: WatchedSocket): () => void
}

const OK_HEAD = /^\s*\{\s*"retCode"\s*:\s*0\s*,/

/** The network the options choose. */
function networkOf(options: BybitOptions): BybitUrls {
  if (options.testnet === true && options.demo === true) {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'bybit',
      message: 'bybit testnet and demo trading are separate networks: choose one',
    })
  }
  return options.demo === true ? DEMO : options.testnet === true ? TESTNET : MAINNET
}

/**
 * Builds the shared state of a Bybit driver from its options.
 *
 * @throws VenueError `invalid-request` when both `testnet` and `demo` are set.
 * @example
 * const ctx = createBybitContext({ apiKey, secret })
 * ctx.rest.request$({ path: '/v5/market/time', codec: bybitEnvelope(BybitServerTime) })
 */
export function createBybitContext(options: BybitOptions = {}): BybitContext {
  const network = networkOf(options)
  const resolved: ResolvedBybitOptions = {
    restUrl: options.restUrl ?? network.restUrl,
    wsUrl: options.wsUrl ?? network.wsUrl,
    privateWsUrl: options.privateWsUrl ?? network.privateWsUrl,
    apiKey: options.apiKey,
    secret: options.secret,
    recvWindowMs: options.recvWindowMs ?? 5000,
    orderDeadlineMs: options.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS,
    maxBodyBytes: options.maxBodyBytes ?? BYBIT_MAX_BODY_BYTES,
    WebSocketCtor: options.WebSocketCtor,
    backoff: options.backoff,
    staleAfterMs: options.staleAfterMs ?? 30_000,
    maxFrameBytes: options.maxFrameBytes ?? 1_048_576,
  }
  const { apiKey, secret, recvWindowMs } = resolved
  const secrets = new SecretList([apiKey, secret])
  return createDriverBase({
    venue: 'bybit',
    options: resolved,
    common: options,
    secrets,
    windows: BYBIT_RATE_WINDOWS,
    instrumentsTtlMs: BYBIT_INSTRUMENTS_TTL_MS,
    fetchServerTime,
    mapError: (response, info, { clock }) => bybitResponseError(response, info, clock.now(), secrets),
    onResponse: (headers, info, { limiter }) => observeBybitUsage(limiter, headers, info),
    signer: () => {
      if (!apiKey || !secret) return undefined
      const sign = bybitSigner({ apiKey, secret, recvWindowMs })
      return (request, now) => {
        const signed = sign(request, now)
        const signature = signed.headers['x-bapi-sign']
        if (signature !== undefined) secrets.add(signature)
        return signed
      }
    },
    loadSymbols: (rest, { logger }) =>
      fetchInstruments(rest, logger).pipe(map((list) => new SymbolMap('bybit', list))),
  })
}

/** The error of a Bybit response: a non-zero `retCode`, else a failed HTTP status; `undefined` on success. */
function bybitResponseError(
  response: HttpResponse,
  info: ResponseInfo,
  now: number,
  secrets: Iterable<string>,
): VenueError | undefined {
  const ok = response.status >= 200 && response.status < 300
  if (ok && OK_HEAD.test(response.body)) return undefined
  const context = `${info.method} ${info.path}`
  const head = envelopeHead(response.body)
  if (head !== undefined && head.retCode !== 0) {
    return bybitError({
      retCode: head.retCode,
      retMsg: head.retMsg,
      status: response.status,
      headers: response.headers,
      now,
      context,
      secrets,
    })
  }
  if (ok) return undefined
  return bybitHttpError({
    status: response.status,
    body: response.body,
    context,
    retryAfterMs: info.retryAfterMs,
    secrets,
  })
}

/** Feeds the `X-Bapi-Limit*` headers of an endpoint the limiter keeps a window for into that window. */
function observeBybitUsage(
  limiter: RateLimiter,
  headers: Readonly<Record<string, string>>,
  info: ResponseInfo,
): void {
  const window = bybitUsageWindow(info.path)
  if (window === undefined) return
  const remaining = headerInt(headers['x-bapi-limit-status'])
  const limit = headerInt(headers['x-bapi-limit'])
  if (remaining === undefined || limit === undefined || limit <= 0) return
  // the reset timestamp is the window's end only once it is exhausted; before, it is the current time
  const reset = headerInt(headers['x-bapi-limit-reset-timestamp'])
  limiter.observeUsage({
    window,
    used: Math.max(0, limit - remaining),
    limit,
    resetAt: remaining === 0 && reset !== undefined && reset > info.sentAt ? reset : undefined,
    at: info.sentAt,
  })
}

/** `retCode` and `retMsg` of a body that is a Bybit envelope, else `undefined`. */
function envelopeHead(body: string): BybitEnvelopeHead | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return BybitEnvelopeHead.is(value) ? value : undefined
  } catch {
    return undefined
  }
}

function headerInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const trimmed = text.trim()
  return /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : undefined
}
