/**
 * A venue's usage headers feeding its rate limiter: each reports how much of a window the venue has
 * counted, so processes sharing an IP or an account converge on the venue's own figure.
 */
import type { RateLimiter } from '../../transport/rate-limit.js'
import { headerInt } from './error-table.js'
import type { UsageHeader } from './spec.js'

/**
 * Raises each window of `usage` to the count its header reports (`at`: when the request was sent); a
 * header that is missing or not a plain integer is ignored.
 *
 * @example
 * onResponse: (headers, info, { limiter }) => observeUsageHeaders(limiter, BINANCE_SPEC.usage, headers, info.sentAt)
 */
export function observeUsageHeaders(
  limiter: Pick<RateLimiter, 'observeUsage'>,
  usage: readonly UsageHeader[],
  headers: Readonly<Record<string, string>>,
  at: number,
): void {
  for (const { header, window } of usage) {
    const used = headerInt(headers[header])
    if (used !== undefined) limiter.observeUsage({ window, used, at })
  }
}
