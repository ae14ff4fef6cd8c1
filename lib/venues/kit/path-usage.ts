/**
 * Rate windows kept per REST path (the spec's `pathWindows`): what a request to a path spends, and the
 * venue's own count of a path's window, read from its answer, fed into the limiter.
 */
import type { RateCost, RateLimiter } from '../../transport/rate-limit.js'
import type { VenueSpec } from './spec.js'

/**
 * What a request to `path` spends: one unit of its window, when the spec names one.
 *
 * @example
 * pathCost(BYBIT_SPEC, '/v5/order/realtime') // { 'open-orders': 1 }
 */
export function pathCost(
  spec: Pick<VenueSpec, 'rateWindows' | 'pathWindows'>,
  path: string,
): RateCost | undefined {
  const id = spec.pathWindows?.[path]
  const window = id === undefined ? undefined : spec.rateWindows.find((w) => w.id === id)
  return window === undefined ? undefined : { [window.metric ?? 'weight']: 1 }
}

/**
 * What a venue's answer says of its path's window: requests left, the limit, and (once exhausted) when
 * the window ends, epoch ms.
 *
 * @example
 * const usage: PathUsage = { remaining: 0, limit: 20, resetAt: 1_700_000_001_000 }
 */
export interface PathUsage {
  readonly remaining: number | undefined
  readonly limit: number | undefined
  readonly resetAt: number | undefined
}

/**
 * Feeds a path's usage into the limiter's window for that path (none: nothing); an answer without a
 * positive limit and a remaining count says nothing. `resetAt` counts only once the window is
 * exhausted and after `sentAt`.
 *
 * @example
 * observePathUsage(limiter, BYBIT_SPEC, '/v5/order/create', { remaining: 19, limit: 20, resetAt: undefined }, sentAt)
 */
export function observePathUsage(
  limiter: Pick<RateLimiter, 'observeUsage'>,
  spec: Pick<VenueSpec, 'pathWindows'>,
  path: string,
  usage: PathUsage,
  sentAt: number,
  sentOn?: number,
): void {
  const window = spec.pathWindows?.[path]
  const { remaining, limit, resetAt } = usage
  if (window === undefined || remaining === undefined || limit === undefined || limit <= 0) return
  limiter.observeUsage({
    window,
    used: Math.max(0, limit - remaining),
    limit,
    resetAt: remaining === 0 && resetAt !== undefined && resetAt > sentAt ? resetAt : undefined,
    at: sentAt,
    ...(sentOn === undefined ? {} : { sentOn }),
  })
}

/**
 * A response body parsed as JSON when it passes `is`, else `undefined` (not JSON, another shape).
 *
 * @example
 * jsonBody(response.body, BybitEnvelopeHead.is)?.retCode
 */
export function jsonBody<T>(body: string, is: (value: unknown) => value is T): T | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return is(value) ? value : undefined
  } catch {
    return undefined
  }
}
