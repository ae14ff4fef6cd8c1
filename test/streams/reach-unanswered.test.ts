import { expect } from 'chai'
import { defer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { DecodeError, VenueError } from '../../lib/core/errors.js'
import type {
  ConnectionHealth,
  ConnectivityError,
  VenueHealthSnapshot,
} from '../../lib/venues/contract/health.js'
import type { Venue } from '../../lib/venues/contract/index.js'
import { reachWithin } from '../../streams/reach.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

interface FakeHealth {
  reachedAt?: number
  lastError?: ConnectivityError
  connections?: ConnectionHealth[]
}

/** A driver whose health says what the test sets (changed as the test goes). */
function fakeVenue(state: FakeHealth): Venue {
  const health = (): VenueHealthSnapshot => ({
    at: 0,
    connections: state.connections ?? [],
    rest: { requests: 0, failures: 0, lastLatencyMs: undefined, latencyMs: undefined },
    rateLimit: undefined,
    breaker: undefined,
    reachedAt: state.reachedAt,
    lastError: state.lastError,
  })
  return { id: 'bybit', health } as unknown as Venue
}

const connection = (state: ConnectionHealth['state'], messages: number): ConnectionHealth => ({
  channel: 'public',
  state,
  messages,
  lastMessageAt: messages > 0 ? 1 : undefined,
  reconnects: 0,
})

const garbled = new DecodeError({
  context: 'GET /v5/market/instruments-info',
  paths: ['(root): invalid JSON'],
  raw: '<html>oops</html>',
  venue: 'bybit',
})

describe('reachWithin: answers that say nothing', () => {
  it('a garbled answer (decode) is retried with backoff like a 5xx, not the end of a live stream', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      // the venue answered (reachedAt), but its first answer could not be decoded
      const venue = fakeVenue({ reachedAt: 0 })
      let attempt = 0
      const first = cold('5ms #', undefined, garbled)
      const then = cold('5ms a', { a: 1 })
      const source = defer(() => (attempt++ === 0 ? first : then))
      const stream = source.pipe(reachWithin(venue, { connectTimeoutMs: 20_000, live: true, scheduler }))
      expectObservable(stream, '^ 2000ms !').toBe('510ms a', { a: 1 })
      expectSubscriptions(first.subscriptions).toBe(['^----!'])
      expectSubscriptions(then.subscriptions).toBe(['505ms ^ 1495ms !'])
    })
  })

  it('a request retries a garbled answer while the venue was never reached, then fails at the deadline', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({})
      const stream = cold('5ms #', undefined, garbled).pipe(
        reachWithin(venue, { connectTimeoutMs: 3000, live: false, scheduler }),
      )
      expectObservable(stream).toBe(
        '3000ms #',
        undefined,
        new VenueError({
          kind: 'network',
          venue: 'bybit',
          message: 'cannot reach bybit: no answer within 3000 ms',
        }),
      )
    })
  })

  it('a stream whose socket opened but never sent a readable frame fails at connectTimeoutMs, though REST answered', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      // the instruments came by REST (reachedAt set); the socket is subscribed only once they did
      const state: FakeHealth = { reachedAt: 0, connections: [connection('idle', 0)] }
      const venue = fakeVenue(state)
      // seen in use at the stream's next look (once a second); the window runs from then
      scheduler.schedule(() => (state.connections = [connection('open', 0)]), 100)
      const stream = cold('-').pipe(reachWithin(venue, { connectTimeoutMs: 20_000, live: true, scheduler }))
      expectObservable(stream).toBe(
        '21000ms #',
        undefined,
        new VenueError({
          kind: 'network',
          venue: 'bybit',
          message: 'cannot reach bybit: its public connection sent nothing readable within 20000 ms',
        }),
      )
    })
  })

  it('names the host and cause of the silent connection when it failed before the deadline', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const stale = new VenueError({
        kind: 'timeout',
        venue: 'bybit',
        message: 'no frame for 15000 ms: stale feed',
      })
      const venue = fakeVenue({
        reachedAt: 0,
        connections: [connection('reconnecting', 0)],
        lastError: { at: 15_000, channel: 'public', host: '127.0.0.1:47003', error: stale },
      })
      const stream = cold('-').pipe(reachWithin(venue, { connectTimeoutMs: 20_000, live: true, scheduler }))
      expectObservable(stream).toBe(
        '20000ms #',
        undefined,
        new VenueError({
          kind: 'network',
          venue: 'bybit',
          message: 'cannot reach 127.0.0.1:47003: no frame for 15000 ms: stale feed',
          cause: stale,
        }),
      )
    })
  })

  it('a connection that delivered once keeps the reconnect behaviour: no deadline', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({ reachedAt: 0, connections: [connection('reconnecting', 3)] })
      const stream = cold('-').pipe(reachWithin(venue, { connectTimeoutMs: 100, live: true, scheduler }))
      expectObservable(stream, '^ 1000ms !').toBe('-')
    })
  })

  it("only the stream's own connection counts: a silent private one fails no market stream, a silent public one no request", () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const privateOnly = fakeVenue({
        reachedAt: 0,
        connections: [{ ...connection('open', 0), channel: 'private' }],
      })
      const market = cold('-').pipe(
        reachWithin(privateOnly, { connectTimeoutMs: 100, live: true, scheduler }),
      )
      expectObservable(market, '^ 1000ms !').toBe('-')
      const publicSilent = fakeVenue({ reachedAt: 0, connections: [connection('open', 0)] })
      const request = cold('-').pipe(
        reachWithin(publicSilent, { connectTimeoutMs: 100, live: false, scheduler }),
      )
      expectObservable(request, '^ 1000ms !').toBe('-')
      const told = cold('-').pipe(
        reachWithin(privateOnly, { connectTimeoutMs: 100, live: true, channel: 'private', scheduler }),
      )
      expectObservable(told).toBe(
        '100ms #',
        undefined,
        new VenueError({
          kind: 'network',
          venue: 'bybit',
          message: 'cannot reach bybit: its private connection sent nothing readable within 100 ms',
        }),
      )
    })
  })

  it('a stream that emitted is reached whatever its connections say', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({ reachedAt: 0, connections: [connection('open', 0)] })
      const stream = cold('a-', { a: 1 }).pipe(
        reachWithin(venue, { connectTimeoutMs: 100, live: true, scheduler }),
      )
      expectObservable(stream, '^ 1000ms !').toBe('a', { a: 1 })
    })
  })
})
