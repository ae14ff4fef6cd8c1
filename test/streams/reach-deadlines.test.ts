import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { DecodeError, VenueError } from '../../lib/core/errors.js'
import type { ConnectionHealth, VenueHealthSnapshot } from '../../lib/venues/contract/health.js'
import type { Venue } from '../../lib/venues/contract/index.js'
import { reachWithin } from '../../streams/reach.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

interface FakeHealth {
  reachedAt?: number
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
    lastError: undefined,
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
  paths: ['result.list: expected array'],
  raw: '{"result":{}}',
  venue: 'bybit',
})

const silentPublic = (ms: number) =>
  new VenueError({
    kind: 'network',
    venue: 'bybit',
    message: `cannot reach bybit: its public connection sent nothing readable within ${ms} ms`,
  })

describe('reachWithin: deadlines that end', () => {
  it('a live stream whose answers never decode fails with the decode error at connectTimeoutMs', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      // the listing is answered (reachedAt) but never decodes, so the market connection is never used
      const venue = fakeVenue({ reachedAt: 0, connections: [connection('idle', 0)] })
      const stream = cold('5ms #', undefined, garbled).pipe(
        reachWithin(venue, { connectTimeoutMs: 3000, live: true, scheduler }),
      )
      expectObservable(stream, '^ 30000ms !').toBe('3000ms #', undefined, garbled)
    })
  })

  it('a decode error after connectTimeoutMs fails the stream at once, and so does one after a value', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({ reachedAt: 0, connections: [connection('idle', 0)] })
      const late = cold('3500ms #', undefined, garbled).pipe(
        reachWithin(venue, { connectTimeoutMs: 3000, live: true, scheduler }),
      )
      expectObservable(late, '^ 30000ms !').toBe('3500ms #', undefined, garbled)
      const afterValue = cold('5ms a 5ms #', { a: 1 }, garbled).pipe(
        reachWithin(venue, { connectTimeoutMs: 3000, live: true, scheduler }),
      )
      expectObservable(afterValue, '^ 30000ms !').toBe('5ms a 5ms #', { a: 1 }, garbled)
    })
  })

  it('other recoverable failures of a reached venue are still retried for as long as the stream is watched', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue({ reachedAt: 0, connections: [connection('idle', 0)] })
      const refused = new VenueError({ kind: 'network', venue: 'bybit', message: 'connect ECONNREFUSED' })
      const stream = cold('5ms #', undefined, refused).pipe(
        reachWithin(venue, { connectTimeoutMs: 3000, live: true, scheduler }),
      )
      expectObservable(stream, '^ 60000ms !').toBe('-')
    })
  })

  it('the no-readable-frame window runs from when the connection came into use, not from subscription', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      // the listing took 18.5 s; the socket opens then (seen at the look at 19 s) and stays silent
      const state: FakeHealth = { reachedAt: 0, connections: [connection('idle', 0)] }
      scheduler.schedule(() => (state.connections = [connection('open', 0)]), 18_500)
      const stream = cold('-').pipe(
        reachWithin(fakeVenue(state), { connectTimeoutMs: 20_000, live: true, scheduler }),
      )
      expectObservable(stream).toBe('39000ms #', undefined, silentPublic(20_000))
    })
  })

  it('a connection that comes into use after connectTimeoutMs and stays silent still fails the stream', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const state: FakeHealth = { reachedAt: 0, connections: [connection('idle', 0)] }
      scheduler.schedule(() => (state.connections = [connection('connecting', 0)]), 24_500)
      const stream = cold('-').pipe(
        reachWithin(fakeVenue(state), { connectTimeoutMs: 20_000, live: true, scheduler }),
      )
      expectObservable(stream).toBe('45000ms #', undefined, silentPublic(20_000))
    })
  })

  it('a connection in use that answers before its window ends is left alone', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const state: FakeHealth = { reachedAt: 0, connections: [connection('open', 0)] }
      scheduler.schedule(() => (state.connections = [connection('open', 4)]), 19_000)
      const stream = cold('-').pipe(
        reachWithin(fakeVenue(state), { connectTimeoutMs: 20_000, live: true, scheduler }),
      )
      expectObservable(stream, '^ 100000ms !').toBe('-')
    })
  })
})
