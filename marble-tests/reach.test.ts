import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../lib/core/errors.js'
import type { ConnectivityError, VenueHealthSnapshot } from '../lib/venues/contract/health.js'
import type { Venue } from '../lib/venues/contract/index.js'
import { reachWithin } from '../streams/reach.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

const refused = new VenueError({
  kind: 'network',
  venue: 'bybit',
  message: 'connect ECONNREFUSED 127.0.0.1:9',
})

/** A driver whose health says what the test sets. */
function fakeVenue(state: { reachedAt?: number; lastError?: ConnectivityError; tells?: boolean }): Venue {
  const health = (): VenueHealthSnapshot => ({
    at: 0,
    connections: [],
    rest: { requests: 0, failures: 0, lastLatencyMs: undefined, latencyMs: undefined },
    rateLimit: undefined,
    breaker: undefined,
    ...(state.tells === false ? {} : { reachedAt: state.reachedAt, lastError: state.lastError }),
  })
  return { id: 'bybit', health } as unknown as Venue
}

const unreachable = (message: string, cause?: VenueError) =>
  new VenueError({ kind: 'network', venue: 'bybit', message, ...(cause ? { cause } : {}) })

describe('reachWithin (virtual time)', () => {
  it('a venue never reached fails the stream at connectTimeoutMs, naming the host and the last cause', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({ lastError: { at: 0, channel: 'rest', host: '127.0.0.1:9', error: refused } })
      const stream = cold('-').pipe(reachWithin(venue, { connectTimeoutMs: 20_000, live: true, scheduler }))
      expectObservable(stream).toBe(
        '20000ms #',
        undefined,
        unreachable('cannot reach 127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9', refused),
      )
    })
  })

  it('retries failures the venue may recover from until then, instead of failing at the first one', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const venue = fakeVenue({})
      const source = cold('5ms #', undefined, refused)
      const stream = source.pipe(reachWithin(venue, { connectTimeoutMs: 3000, live: false, scheduler }))
      expectObservable(stream).toBe(
        '3000ms #',
        undefined,
        unreachable('cannot reach bybit: no answer within 3000 ms'),
      )
      // attempts at 0, then after 500 and 1000 ms of backoff; the next would come after the deadline
      expectSubscriptions(source.subscriptions).toBe(['^----!', '505ms ^----!', '1510ms ^----!'])
    })
  })

  it('a venue reached before gets no deadline; a live stream retries, a request passes its failure on', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({ reachedAt: 0 })
      const quiet = cold('-').pipe(reachWithin(venue, { connectTimeoutMs: 100, live: true, scheduler }))
      expectObservable(quiet, '^ 1000ms !').toBe('-')
      const failing = cold('5ms #', undefined, refused)
      const request = failing.pipe(reachWithin(venue, { connectTimeoutMs: 100, live: false, scheduler }))
      expectObservable(request).toBe('5ms #', undefined, refused)
      const live = cold('5ms a 5ms #', { a: 1 }, refused).pipe(
        reachWithin(venue, { connectTimeoutMs: 100, live: true, scheduler }),
      )
      expectObservable(live, '^ 1000ms !').toBe('5ms a 510ms a', { a: 1 })
    })
  })

  it('a stream that emitted has reached its venue; a bad request is never retried', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({})
      const emitting = cold('a-', { a: 1 }).pipe(
        reachWithin(venue, { connectTimeoutMs: 100, live: true, scheduler }),
      )
      expectObservable(emitting, '^ 1000ms !').toBe('a', { a: 1 })
      const bad = new VenueError({
        kind: 'invalid-request',
        venue: 'bybit',
        message: 'bybit has no symbol X',
      })
      const refusedRequest = cold('#', undefined, bad).pipe(
        reachWithin(venue, { connectTimeoutMs: 100, live: true, scheduler }),
      )
      expectObservable(refusedRequest).toBe('#', undefined, bad)
    })
  })

  it('a driver that does not report reachedAt gets no deadline', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({ tells: false })
      const stream = cold('-').pipe(reachWithin(venue, { connectTimeoutMs: 100, live: true, scheduler }))
      expectObservable(stream, '^ 1000ms !').toBe('-')
    })
  })
})
