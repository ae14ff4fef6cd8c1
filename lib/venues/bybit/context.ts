/**
 * What every part of the Bybit driver shares: the kit's driver base made from {@link BYBIT_SPEC}, with
 * what is Bybit's own: the error envelope, the per-path `X-Bapi-Limit*` usage headers and the signer.
 */
import type { VenueError } from '../../core/errors.js'
import type { HttpResponse } from '../../transport/http.js'
import type { RateCost, RateLimiter } from '../../transport/rate-limit.js'
import type { ResponseInfo } from '../../transport/rest.js'
import type { DriverContext } from '../kit/driver-base.js'
import { headerInt, venueError } from '../kit/error-table.js'
import { createSpecContext } from '../kit/spec-context.js'
import { BybitEnvelopeHead } from './codecs.js'
import type { BybitOptions, ResolvedBybitOptions } from './options.js'
import { fetchInstruments, fetchServerTime } from './listing.js'
import { bybitSigner } from './sign.js'
import { BYBIT_SPEC } from './spec.js'

/**
 * The shared state of one Bybit driver instance.
 *
 * @example
 * const ctx = createBybitContext({ restUrl: sim.restUrl })
 * ctx.symbols().subscribe((map) => map.toVenue('BTC/USDT')) // 'BTCUSDT'
 */
export type BybitContext = DriverContext<'bybit', ResolvedBybitOptions>

const PATH_WINDOWS: Readonly<Record<string, string | undefined>> = BYBIT_SPEC.pathWindows

/**
 * Builds the shared state of a Bybit driver from its options.
 *
 * @throws VenueError `invalid-request` when both `testnet` and `demo` are set.
 * @example
 * const ctx = createBybitContext({ apiKey, secret })
 * ctx.rest.request$({ path: '/v5/market/time', codec: bybitEnvelope(BybitServerTime) })
 */
export function createBybitContext(options: BybitOptions = {}): BybitContext {
  // every Bybit network has a private stream
  return createSpecContext(BYBIT_SPEC, options, {
    fetchServerTime,
    mapError: (response, info, { clock }, secrets) =>
      bybitResponseError(response, info, clock.now(), secrets),
    onResponse: (headers, info, { limiter }) => observeUsage(limiter, headers, info),
    signer: bybitSigner,
    signatureHeader: 'x-bapi-sign',
    listing: fetchInstruments,
  }) as BybitContext
}

/**
 * What a request to `path` spends: one unit of its endpoint's window, when the limiter keeps one.
 *
 * @example
 * bybitRequestCost('/v5/order/realtime') // { 'open-orders': 1 }
 */
export function bybitRequestCost(path: string): RateCost | undefined {
  const window = BYBIT_SPEC.rateWindows.find((w) => w.id === PATH_WINDOWS[path])
  return window === undefined ? undefined : { [window.metric]: 1 }
}

const OK_HEAD = /^\s*\{\s*"retCode"\s*:\s*0\s*,/

/**
 * The error of a Bybit answer, `undefined` on success: a non-zero `retCode` by the table of
 * {@link BYBIT_SPEC} (a rate limit waits until `X-Bapi-Limit-Reset-Timestamp`), else a failed HTTP
 * status. The message never holds the signed pre-hash string Bybit echoes on a bad signature (it
 * contains the API key).
 *
 * @example
 * bybitResponseError({ status: 200, headers: {}, body: '{"retCode":10002,"retMsg":"…"}' }, info, now)?.kind // 'clock-skew'
 */
export function bybitResponseError(
  response: HttpResponse,
  info: Pick<ResponseInfo, 'method' | 'path' | 'retryAfterMs'>,
  now: number,
  secrets?: Iterable<string>,
): VenueError | undefined {
  const ok = response.status >= 200 && response.status < 300
  if (ok && OK_HEAD.test(response.body)) return undefined
  const head = envelopeHead(response.body)
  if (ok && (head === undefined || head.retCode === 0)) return undefined
  const failed = head !== undefined && head.retCode !== 0
  const reset = failed ? headerInt(response.headers['x-bapi-limit-reset-timestamp']) : undefined
  return venueError('bybit', BYBIT_SPEC.errors, {
    status: response.status,
    code: failed ? head.retCode : undefined,
    // https://bybit-exchange.github.io/docs/v5/error: a bad signature echoes `origin_string[...]`
    message: (failed ? head.retMsg : response.body).replace(
      /origin_string[\s\S]*/i,
      'origin_string [redacted]',
    ),
    context: `${info.method} ${info.path}`,
    retryAfterMs: reset !== undefined ? Math.max(0, reset - now) : failed ? undefined : info.retryAfterMs,
    secrets,
  })
}

/** Feeds the `X-Bapi-Limit*` headers of an endpoint the limiter keeps a window for into that window. */
function observeUsage(
  limiter: RateLimiter,
  headers: Readonly<Record<string, string>>,
  info: ResponseInfo,
): void {
  const window = PATH_WINDOWS[info.path]
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
