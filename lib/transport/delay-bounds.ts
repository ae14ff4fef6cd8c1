/**
 * Upper bounds on waits: what a timer can hold, and how long a venue may pause us.
 */

/**
 * The longest delay a timer takes: Node fires a `setTimeout` / `setInterval` of more than 2³¹−1 ms
 * after 1 ms instead (with a `TimeoutOverflowWarning`), so a longer wait is armed in steps of this.
 *
 * @example
 * scheduler.schedule(recheck, Math.min(waitMs, MAX_TIMER_MS))
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * The longest pause a venue's Retry-After (or ban) can impose: 3 days, Binance's longest IP ban
 * ("from 2 minutes to 3 days",
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits). A longer or absurd
 * value is read as this.
 *
 * @example
 * parseRetryAfter('99999999999999999999', now) === MAX_RETRY_AFTER_MS // true
 */
export const MAX_RETRY_AFTER_MS = 3 * 86_400_000
