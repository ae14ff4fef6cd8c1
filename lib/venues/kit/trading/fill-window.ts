/**
 * `trading.fillHistory` on a venue whose fill query spans a limited time: the range cut to that span.
 */
import { defer, type Observable } from 'rxjs'
import type { Fill, UnifiedSymbol } from '../../../core/model.js'
import type { FillHistoryQuery } from '../../contract/index.js'

// How far past the venue clock's estimate a range with no end reaches: the estimate is off by up to half
// a sync's round trip (more on a busy machine), and a fill the venue stamped within that error is the
// newest one, the one a reconciliation after a reconnect is looking for.
const CLOCK_SLACK_MS = 60_000

/**
 * The contract's `fillHistory` over a venue's fill query that spans at most `maxSpanMs`: `to` defaults
 * to a minute past the venue clock's now (so a fill made a moment ago is in it, whatever the clock
 * estimate's error), `from` is moved up to the span's start when it lies before it, and the venue's page
 * of 1 000 fills is asked for.
 *
 * @example
 * // Bybit's executions span at most 7 days
 * fillHistory: fillHistoryWithin(7 * 86_400_000, () => ctx.clock.now(), queries.fills)
 */
export function fillHistoryWithin(
  maxSpanMs: number,
  now: () => number,
  fills: (query: {
    symbol: UnifiedSymbol
    from: Date
    to: Date
    limit: number
  }) => Observable<readonly Fill[]>,
): (query: FillHistoryQuery) => Observable<readonly Fill[]> {
  return (q) =>
    defer(() => {
      const to = q.to ?? new Date(now() + CLOCK_SLACK_MS)
      const from = new Date(Math.max(q.from.getTime(), to.getTime() - maxSpanMs + 1))
      return fills({ symbol: q.symbol, from, to, limit: 1000 })
    })
}
