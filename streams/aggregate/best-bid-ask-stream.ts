import { asyncScheduler, distinctUntilChanged, map, type Observable } from 'rxjs'
import { bestBidAsk } from './best-bid-ask.js'
import { combinePairs } from './combine-pairs.js'
import type { PairState } from './pair-state.js'
import { sameBestBidAsk } from './same.js'
import type { AggregateStreamOptions, BestBidAsk } from './types.js'

/**
 * The best bid and ask across pairs (see {@link bestBidAsk}), each time a pair's state changes them:
 * a result equal to the previous one in prices, sizes and stale flags is not emitted. Emits once every
 * source has emitted (no sources: completes at once); a stale pair's levels are never used, but it
 * stays in `venues`, flagged.
 * A pair whose state stream fails stays in, `disconnected` with its `error`, and the others go on; it
 * is subscribed again with backoff (1 s doubling to 30 s) and its error clears at its next fresh state.
 * The result fails once every pair is failed at the same moment, or at once on an `invalid-request` or
 * `auth` error.
 *
 * ```
 * bybit books:   -a---c----     a, c: bid 100, ask 102 (c only changes deeper levels)
 * binance books: --b-----d-     b: bid 101, ask 103;  d: bid 99, ask 101.5
 * events:        ------x---     x: binance public channel disconnected
 * best:          nab---x-d-     n: none (both connecting); a: bybit/bybit; b: binance/bybit;
 *                               x: bybit/bybit (binance stale); d: bybit/binance
 * ```
 *
 * @example
 * const pairs = [['bybit', 'BTC/USDT'], ['binance', 'BTC/USDT']] as const
 * bestBidAsk$(pairs.map(([v, s]) => watchPair([v, s], client.orderBook$(v, s), client.venue(v).events$)))
 *   .pipe(filter((best) => best.spread?.isNegative() === true))
 *   .subscribe((best) => arb(best.bid, best.ask))
 */
export function bestBidAsk$(
  sources: readonly Observable<PairState>[],
  options: AggregateStreamOptions = {},
): Observable<BestBidAsk> {
  const scheduler = options.scheduler ?? asyncScheduler
  return combinePairs(sources, scheduler).pipe(
    map((states) => bestBidAsk(states, scheduler.now())),
    distinctUntilChanged(sameBestBidAsk),
  )
}
