import { asyncScheduler, distinctUntilChanged, map, type Observable } from 'rxjs'
import { crossSpread } from './cross-spread.js'
import { combinePairs } from './combine-pairs.js'
import type { PairState } from './pair-state.js'
import { sameCrossSpread } from './same.js'
import type { AggregateStreamOptions, CrossSpread } from './types.js'

/**
 * Two pairs' prices against each other (see {@link crossSpread}), each time either pair's state changes
 * them: a result equal to the previous one in prices, sizes and stale flags is not emitted. Emits once
 * both have emitted; while either is stale, every difference is `undefined` and `stale` is true.
 * A pair whose state stream fails stays in, `disconnected` with its `error`, and the other goes on; it
 * is subscribed again with backoff (1 s doubling to 30 s) and its error clears at its next fresh state.
 * The result fails once both are failed at the same moment, or at once on an `invalid-request` or `auth`
 * error.
 *
 * ```
 * a (bybit) books:   -a-----c---    a, c: bid 99, ask 101 (c only changes deeper levels)
 * b (binance) books: --b-----d--    b: bid 102, ask 103;  d: bid 100.5, ask 101.5
 * events:            -----r-----    r: resync of binance BTC/USDT
 * spread:            nab--r--d--    n, a: stale (connecting); b: buyASellB 1, buyBSellA -4, midDiff 2.5;
 *                                   r: stale (resync); d: buyASellB -0.5, buyBSellA -2.5, midDiff 1
 * ```
 *
 * @example
 * spread$(bybit$, binance$)
 *   .pipe(filter((s) => s.buyASellB?.gt(fees) === true))
 *   .subscribe((s) => buyThenSell(s.a, s.b))
 */
export function spread$(
  a: Observable<PairState>,
  b: Observable<PairState>,
  options: AggregateStreamOptions = {},
): Observable<CrossSpread> {
  const scheduler = options.scheduler ?? asyncScheduler
  return combinePairs([a, b], scheduler).pipe(
    map(([sa, sb]) => crossSpread(sa as PairState, sb as PairState, scheduler.now())),
    distinctUntilChanged(sameCrossSpread),
  )
}
