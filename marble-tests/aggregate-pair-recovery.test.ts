import { expect } from 'chai'
import { defer, map, NEVER, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../lib/core/errors.js'
import type { OrderBook } from '../lib/core/model.js'
import { bestBidAsk$, watchPair, type MarketPair, type PairState } from '../streams/aggregate/index.js'
import { BINANCE, BYBIT, book, newScheduler, quoteText } from './aggregate-pairs-support.js'

// A pair that failed for a reason not the caller's is subscribed again with backoff (1 s doubling to
// 30 s), and counts as failed only until it has a fresh state again.

const unreachable = new VenueError({ kind: 'network', venue: 'binance', message: 'cannot reach binance' })
const down = new VenueError({ kind: 'network', venue: 'bybit', message: 'cannot reach bybit' })

/** A pair whose book stream is the next of `attempts` on each subscription (as the client makes a new one). */
function retried(
  scheduler: TestScheduler,
  pair: MarketPair,
  attempts: readonly Observable<OrderBook>[],
): Observable<PairState> {
  let n = 0
  return defer(() =>
    watchPair(pair, attempts[Math.min(n++, attempts.length - 1)] as Observable<OrderBook>, NEVER, {
      staleAfterMs: 1_000_000,
      scheduler,
    }),
  )
}

describe('aggregates over a pair that fails and comes back', () => {
  it('subscribe the failed pair again with backoff and clear its error at its next fresh state', () => {
    const scheduler = newScheduler()
    const seen: string[] = []
    scheduler.run(({ cold, hot, expectSubscriptions }) => {
      const bybit = hot('-a', { a: book('bybit', '100') })
      const first = cold<OrderBook>('--x-#', { x: book('binance', '150') }, unreachable)
      const second = cold<OrderBook>('--#', undefined, unreachable)
      const third = cold<OrderBook>('5ms y', { y: book('binance', '160') })
      const sources = [
        watchPair(BYBIT, bybit, NEVER, { staleAfterMs: 1_000_000, scheduler }),
        retried(scheduler, BINANCE, [first, second, third]),
      ]
      const sub = bestBidAsk$(sources, { scheduler })
        .pipe(
          map(
            (q) =>
              `${scheduler.now()} ${q.bid?.venue ?? '-'} ${q.bid?.price.toString() ?? '-'} | ${q.venues.map(quoteText).join(' ')}`,
          ),
        )
        .subscribe((line) => seen.push(line))
      scheduler.schedule(() => sub.unsubscribe(), 10_000)
      // failed at 4, again 1 s later (at 1004, failing at 1006), then 2 s after that
      expectSubscriptions(first.subscriptions).toBe('^---!')
      expectSubscriptions(second.subscriptions).toBe('1004ms ^-!')
      expectSubscriptions(third.subscriptions).toBe('3006ms ^ 6993ms !')
    })
    expect(seen).to.deep.equal([
      '0 - - | bybit:connecting binance:connecting',
      '1 bybit 100 | bybit:fresh binance:connecting',
      '2 binance 150 | bybit:fresh binance:fresh',
      '4 bybit 100 | bybit:fresh binance:disconnected(network)',
      '3011 binance 160 | bybit:fresh binance:fresh',
    ])
  })

  it('a pair that came back is no longer failed: the aggregate outlives the other pair failing later', () => {
    const scheduler = newScheduler()
    const seen: string[] = []
    let error: unknown
    scheduler.run(({ cold, hot }) => {
      const bybit = hot<OrderBook>('-a 2000ms #', { a: book('bybit', '100') }, down)
      const first = cold<OrderBook>('--x-#', { x: book('binance', '150') }, unreachable)
      const second = cold<OrderBook>('5ms y', { y: book('binance', '160') })
      const sources = [
        defer(() => watchPair(BYBIT, bybit, NEVER, { staleAfterMs: 1_000_000, scheduler })),
        retried(scheduler, BINANCE, [first, second]),
      ]
      const sub = bestBidAsk$(sources, { scheduler })
        .pipe(map((q) => `${scheduler.now()} ${q.venues.map(quoteText).join(' ')}`))
        .subscribe({ next: (line) => seen.push(line), error: (e: unknown) => (error = e) })
      scheduler.schedule(() => sub.unsubscribe(), 2500)
    })
    expect(error).to.equal(undefined)
    expect(seen).to.deep.equal([
      '0 bybit:connecting binance:connecting',
      '1 bybit:fresh binance:connecting',
      '2 bybit:fresh binance:fresh',
      '4 bybit:fresh binance:disconnected(network)',
      '1009 bybit:fresh binance:fresh',
      '2002 bybit:disconnected(network) binance:fresh',
    ])
  })

  it('still fails when every pair is failed at the same moment', () => {
    const scheduler = newScheduler()
    let error: unknown
    scheduler.run(({ cold, hot }) => {
      const bybit = hot<OrderBook>('-a 2000ms #', { a: book('bybit', '100') }, down)
      // binance never comes back: failed again at every attempt
      const failing = cold<OrderBook>('--#', undefined, unreachable)
      const sources = [
        watchPair(BYBIT, bybit, NEVER, { staleAfterMs: 1_000_000, scheduler }),
        retried(scheduler, BINANCE, [failing]),
      ]
      bestBidAsk$(sources, { scheduler }).subscribe({ error: (e: unknown) => (error = [scheduler.now(), e]) })
    })
    expect(error).to.deep.equal([2002, down])
  })
})
