import { expect } from 'chai'
import { catchError, map, of, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { VenueError } from '../lib/core/errors.js'
import type { UnifiedSymbol } from '../lib/core/model.js'
import type { VenueHealthSnapshot } from '../lib/venues/contract/health.js'
import { createMockVenue, type MockBookStep } from '../lib/venues/mock/index.js'
import type { Venue, VenueEvent } from '../lib/venues/contract/index.js'
import { health$, type VenueHealth } from '../streams/health.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

/** Only what `health$` reads of a venue. */
function fakeVenue(events$: Observable<VenueEvent>, health?: () => VenueHealthSnapshot): Venue {
  return { id: 'bybit', events$, ...(health ? { health } : {}) } as unknown as Venue
}

const at = new Date(0)
const ev = {
  connected: (channel: string, reconnect: boolean): VenueEvent => ({
    type: 'connected',
    channel,
    reconnect,
    venue: 'bybit',
    at,
  }),
  disconnected: (channel: string): VenueEvent => ({
    type: 'disconnected',
    channel,
    reason: 'closed (code 1006)',
    venue: 'bybit',
    at,
  }),
  reconnecting: (channel: string): VenueEvent => ({
    type: 'reconnecting',
    channel,
    attempt: 1,
    delayMs: 5,
    venue: 'bybit',
    at,
  }),
  resync: (): VenueEvent => ({ type: 'resync', symbol: 'BTC/USDT', reason: 'gap', venue: 'bybit', at }),
  circuit: (state: 'open' | 'half-open' | 'closed'): VenueEvent => ({
    type: 'circuit',
    state,
    venue: 'bybit',
    at,
  }),
}

const NO_REST: VenueHealthSnapshot['rest'] = {
  requests: 0,
  failures: 0,
  lastLatencyMs: undefined,
  latencyMs: undefined,
}

describe('health$ (marbles)', () => {
  it("samples at subscription, every interval and after each burst of connection events; 'closed' last", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      // one socket: 2 frames per ms while up, down from 12 to 17, the venue closes at 25
      const up = (t: number) => (t > 0 && t <= 12) || (t > 17 && t <= 25)
      const messages = (t: number) => 2 * Math.min(t, 12) + 2 * Math.max(0, Math.min(t, 25) - 17)
      const lastFrame = (t: number) => (t <= 0 ? undefined : up(t) ? t : t <= 17 ? 12 : 25)
      const state = (t: number) => (t < 12 ? 'open' : t < 17 ? 'reconnecting' : t < 25 ? 'open' : 'closed')
      const snapshot = (): VenueHealthSnapshot => {
        const t = scheduler.now()
        return {
          at: t,
          connections: [
            {
              channel: 'public',
              state: state(t),
              messages: messages(t),
              lastMessageAt: lastFrame(t),
              reconnects: t >= 17 ? 1 : 0,
            },
          ],
          rest: NO_REST,
          rateLimit: undefined,
          breaker: 'closed',
        }
      }
      const events = hot<VenueEvent>('12ms (dr) 1ms c 7ms |', {
        d: ev.disconnected('public'),
        r: ev.reconnecting('public'),
        c: ev.connected('public', true),
      })
      const brief = (h: VenueHealth) => ({
        at: h.at.getTime(),
        status: h.status,
        perSecond: h.messagesPerSecond,
        publicPerSecond: h.connections[0]?.messagesPerSecond,
        ageMs: h.lastMessageAgeMs,
        reconnects: h.reconnects,
      })
      const sample = (t: number, status: string, perSecond: number, ageMs: number | undefined) => ({
        at: t,
        status,
        perSecond,
        publicPerSecond: perSecond,
        ageMs,
        reconnects: t >= 17 ? 1 : 0,
      })
      expectObservable(
        health$(fakeVenue(events, snapshot), { intervalMs: 10, scheduler }).pipe(map(brief)),
      ).toBe('a 9ms b 1ms c 4ms d 2ms e 4ms (f|)', {
        a: sample(0, 'connected', 0, undefined),
        b: sample(10, 'connected', 2000, 0),
        c: sample(12, 'reconnecting', 2000, 0),
        d: sample(17, 'connected', 0, 5),
        e: sample(20, 'connected', 2000, 0),
        f: sample(25, 'closed', 2000, 0),
      })
    })
  })

  it('builds samples from events alone for a driver without health()', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const events = hot<VenueEvent>('-c 3ms (dr) s 2ms C 9ms x 4ms |', {
        c: ev.connected('public', false),
        d: ev.disconnected('public'),
        r: ev.reconnecting('public'),
        s: ev.resync(),
        C: ev.connected('public', true),
        x: ev.circuit('open'),
      })
      const brief = (h: VenueHealth) => ({
        status: h.status,
        connections: h.connections.map((c) => `${c.channel} ${c.state} ${c.reconnects}`),
        reconnects: h.reconnects,
        breaker: h.breaker,
        counters: [h.messagesPerSecond, h.lastMessageAgeMs, h.restRequests, h.restLatencyMs],
        headroom: h.rateLimitHeadroom,
      })
      const none = [0, undefined, 0, undefined]
      expectObservable(health$(fakeVenue(events), { intervalMs: 1000, scheduler }).pipe(map(brief))).toBe(
        'a b 3ms c 6ms d 9ms e 4ms (f|)',
        {
          a: {
            status: 'idle',
            connections: [],
            reconnects: 0,
            breaker: undefined,
            counters: none,
            headroom: undefined,
          },
          b: {
            status: 'connected',
            connections: ['public open 0'],
            reconnects: 0,
            breaker: undefined,
            counters: none,
            headroom: undefined,
          },
          c: {
            status: 'reconnecting',
            connections: ['public reconnecting 0'],
            reconnects: 0,
            breaker: undefined,
            counters: none,
            headroom: undefined,
          },
          d: {
            status: 'connected',
            connections: ['public open 1'],
            reconnects: 1,
            breaker: undefined,
            counters: none,
            headroom: undefined,
          },
          e: {
            status: 'connected',
            connections: ['public open 1'],
            reconnects: 1,
            breaker: 'open',
            counters: none,
            headroom: undefined,
          },
          f: {
            status: 'closed',
            connections: ['public closed 1'],
            reconnects: 1,
            breaker: 'open',
            counters: none,
            headroom: undefined,
          },
        },
      )
    })
  })

  it('rates each connection, repeats the rates for a second sample of the same instant, reads the budget', () => {
    const scheduler = newScheduler()
    let calls = 0
    scheduler.run(({ hot, expectObservable }) => {
      const snapshot = (): VenueHealthSnapshot => {
        calls += 1
        const t = scheduler.now()
        return {
          at: t,
          connections: [
            { channel: 'public', state: 'open', messages: 3 * t, lastMessageAt: t, reconnects: 0 },
            { channel: 'private', state: 'connecting', messages: t, lastMessageAt: t - 4, reconnects: 2 },
          ],
          rest: { requests: 5, failures: 1, lastLatencyMs: 20, latencyMs: 12.5 },
          rateLimit: {
            windows: [
              { id: 'a', metric: 'weight', limit: 100, used: 70, remaining: 30, resetAt: 1000 },
              { id: 'b', metric: 'orders', limit: 10, used: 5, remaining: 5, resetAt: 1000 },
            ],
            queued: 0,
            pausedUntil: undefined,
          },
          breaker: 'half-open',
        }
      }
      // a circuit event at the same instant as the tick at 10, and one after unsubscribing
      const events = hot<VenueEvent>('10ms x 9ms y', { x: ev.circuit('half-open'), y: ev.circuit('closed') })
      const brief = (h: VenueHealth) => ({
        status: h.status,
        rates: h.connections.map((c) => c.messagesPerSecond),
        ages: h.connections.map((c) => c.lastMessageAgeMs),
        total: h.messagesPerSecond,
        ageMs: h.lastMessageAgeMs,
        reconnects: h.reconnects,
        rest: [h.restRequests, h.restFailures, h.restLatencyMs],
        headroom: h.rateLimitHeadroom,
        breaker: h.breaker,
      })
      const common = {
        status: 'connecting',
        ageMs: 0,
        reconnects: 2,
        rest: [5, 1, 12.5],
        headroom: 0.3,
        breaker: 'half-open',
      }
      expectObservable(
        health$(fakeVenue(events, snapshot), { intervalMs: 10, scheduler }).pipe(map(brief)),
        '^ 14ms !',
      ).toBe('a 9ms (bb)', {
        a: { ...common, rates: [0, 0], ages: [0, 4], total: 0 },
        b: { ...common, rates: [3000, 1000], ages: [0, 4], total: 4000 },
      })
    })
    expect(calls, 'no sample after unsubscribing').to.equal(3)
  })

  it('refuses a sampling period that is not above 0, naming the venue', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const venue = fakeVenue(cold<VenueEvent>(''))
      const failure = (intervalMs: number) =>
        health$(venue, { intervalMs, scheduler }).pipe(
          map(() => 'sample'),
          catchError((e: VenueError) => of(`${e.kind} ${e.venue}`)),
        )
      expectObservable(failure(0)).toBe('(e|)', { e: 'invalid-request bybit' })
      expectObservable(failure(-5)).toBe('(e|)', { e: 'invalid-request bybit' })
      expectObservable(failure(Number.NaN)).toBe('(e|)', { e: 'invalid-request bybit' })
    })
  })

  it('follows the mock venue: its connection, the values it delivered, its reconnects', () => {
    const scheduler = newScheduler()
    const T: UnifiedSymbol = 'TST/USD'
    const steps: MockBookStep[] = [{ snapshot: true, bids: [['100', '1']], asks: [['101', '1']] }]
    for (let i = 1; i <= 20; i++) steps.push({ bids: [['99', String(i)]] })
    scheduler.run(({ flush }) => {
      const mock = createMockVenue({
        scheduler,
        intervalMs: 10,
        instruments: [{ symbol: T, tickSize: '1', lotSize: '1' }],
        script: { [T]: steps },
      })
      const samples: VenueHealth[] = []
      const delivered: number[] = []
      health$(mock, { intervalMs: 20, scheduler }).subscribe((h) => samples.push(h))
      scheduler.schedule(() => mock.bookChanges$(T).subscribe(() => delivered.push(scheduler.now())), 5)
      scheduler.schedule(() => mock.faults.disconnect({ downMs: 30 }), 47)
      scheduler.schedule(() => void mock.close(), 101)
      flush()

      const got = samples.map((h) => [h.at.getTime(), h.status, h.reconnects])
      expect(got).to.deep.equal([
        [0, 'idle', 0],
        [5, 'connected', 0],
        [20, 'connected', 0],
        [40, 'connected', 0],
        [47, 'reconnecting', 0],
        [60, 'reconnecting', 0],
        [77, 'connected', 1],
        [80, 'connected', 1],
        [100, 'connected', 1],
        [101, 'closed', 1],
      ])
      // every rate is the values delivered since the previous sample over the time since it
      for (let i = 1; i < samples.length; i++) {
        const from = (samples[i - 1] as VenueHealth).at.getTime()
        const to = (samples[i] as VenueHealth).at.getTime()
        const n = delivered.filter((t) => t > from && t <= to).length
        expect((samples[i] as VenueHealth).messagesPerSecond, `rate at ${to}`).to.equal(
          (n * 1000) / (to - from),
        )
      }
      const last = samples.at(-1) as VenueHealth
      expect(last.connections).to.have.length(1)
      expect(last.connections[0]).to.include({
        channel: 'public',
        state: 'closed',
        messages: delivered.length,
        lastMessageAt: delivered.at(-1),
        reconnects: 1,
      })
      expect([last.restRequests, last.restLatencyMs, last.rateLimit, last.breaker]).to.deep.equal([
        0,
        undefined,
        undefined,
        undefined,
      ])
      expect(
        delivered.filter((t) => t > 47 && t < 77),
        'nothing while down',
      ).to.deep.equal([])
    })
  })
})
