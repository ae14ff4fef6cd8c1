import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../../../lib/core/errors.js'
import { createLogger } from '../../../lib/core/logging.js'
import { circuitBreaker } from '../../../lib/transport/breaker.js'
import { RateLimiter } from '../../../lib/transport/rate-limit.js'
import type { RestStats } from '../../../lib/transport/rest.js'
import type { SocketState, SocketStats } from '../../../lib/transport/socket.js'
import { createVenueLifecycle, type WatchedSocket } from '../../../lib/venues/kit/lifecycle.js'

/** A socket whose state and counters the test sets. */
class FakeSocket implements WatchedSocket {
  constructor(
    public state: SocketState,
    public counters: SocketStats = { messages: 0, lastMessageAt: undefined, reconnects: 0 },
  ) {}

  stats(): SocketStats {
    return this.counters
  }
}

const restStats = (s: Partial<RestStats>): { stats(): RestStats } => ({
  stats: () => ({
    requests: 0,
    failures: 0,
    answered: 0,
    lastLatencyMs: undefined,
    latencyMs: undefined,
    lastAnsweredAt: undefined,
    ...s,
  }),
})

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

describe('createVenueLifecycle health registry', () => {
  it('reports nothing but the time before anything is registered', () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const life = createVenueLifecycle('bybit', scheduler)
      scheduler.schedule(() => undefined, 42)
      flush()
      expect(life.health()).to.deep.equal({
        at: 42,
        connections: [],
        rest: { requests: 0, failures: 0, lastLatencyMs: undefined, latencyMs: undefined },
        rateLimit: undefined,
        breaker: undefined,
        reachedAt: undefined,
        lastError: undefined,
      })
    })
  })

  it('keeps when the venue was first reached and the latest failure, logging one warn line per change', () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const lines: string[] = []
      const log = (level: string) => (message: string, fields?: unknown) =>
        lines.push(`${level} ${message} ${JSON.stringify(fields)}`)
      const logger = createLogger({
        sink: {
          trace: log('trace'),
          debug: log('debug'),
          info: log('info'),
          warn: log('warn'),
          error: log('error'),
        },
        level: 'trace',
      })
      const life = createVenueLifecycle('bybit', scheduler, logger)
      const refused = (n: number) =>
        new VenueError({ kind: 'network', message: `connect ECONNREFUSED #${n}` })
      scheduler.schedule(() => life.unreachable('rest', 'api.bybit.com', refused(1)), 10)
      scheduler.schedule(() => life.unreachable('rest', 'api.bybit.com', refused(2)), 20)
      scheduler.schedule(() => life.unreachable('public', 'stream.bybit.com', refused(3)), 25)
      scheduler.schedule(() => life.reached('rest', 'api.bybit.com'), 30)
      scheduler.schedule(() => life.reached('rest', 'api.bybit.com'), 35)
      scheduler.schedule(() => life.unreachable('rest', 'api.bybit.com', refused(4)), 40)
      scheduler.schedule(() => undefined, 50)
      flush()
      const health = life.health()
      expect(health.reachedAt).to.equal(30)
      expect(health.lastError?.at).to.equal(40)
      expect(health.lastError?.host).to.equal('api.bybit.com')
      expect(health.lastError?.error.message).to.equal('connect ECONNREFUSED #4')
      const fields = (channel: string) => JSON.stringify({ logger: 'rxvenue', venue: 'bybit', channel })
      expect(lines).to.deep.equal([
        `warn cannot reach api.bybit.com: connect ECONNREFUSED #1 ${fields('rest')}`,
        `debug cannot reach api.bybit.com: connect ECONNREFUSED #2 ${fields('rest')}`,
        `warn cannot reach stream.bybit.com: connect ECONNREFUSED #3 ${fields('public')}`,
        `warn reached api.bybit.com again ${fields('rest')}`,
        `warn cannot reach api.bybit.com: connect ECONNREFUSED #4 ${fields('rest')}`,
      ])
    })
  })

  it('reports one connection per channel, in the order channels were first registered', () => {
    const life = createVenueLifecycle('bybit', newScheduler())
    life.watchSocket('public', new FakeSocket('open', { messages: 7, lastMessageAt: 100, reconnects: 2 }))
    life.watchSocket('private', new FakeSocket('connecting'))
    expect(life.health().connections).to.deep.equal([
      { channel: 'public', state: 'open', messages: 7, lastMessageAt: 100, reconnects: 2 },
      { channel: 'private', state: 'connecting', messages: 0, lastMessageAt: undefined, reconnects: 0 },
    ])
  })

  it('sums the sockets of one channel, and keeps what a removed socket counted', () => {
    const life = createVenueLifecycle('binance', newScheduler())
    const old = new FakeSocket('open', { messages: 100, lastMessageAt: 900, reconnects: 1 })
    const next = new FakeSocket('connecting')
    const forgetOld = life.watchSocket('public', old)
    life.watchSocket('public', next)
    // a handover: the channel is open while the new socket connects
    expect(life.health().connections).to.deep.equal([
      { channel: 'public', state: 'open', messages: 100, lastMessageAt: 900, reconnects: 1 },
    ])
    next.state = 'open'
    next.counters = { messages: 5, lastMessageAt: 950, reconnects: 0 }
    old.counters = { messages: 102, lastMessageAt: 940, reconnects: 1 }
    forgetOld()
    forgetOld()
    old.counters = { messages: 1_000, lastMessageAt: 2_000, reconnects: 9 }
    expect(life.health().connections).to.deep.equal([
      { channel: 'public', state: 'open', messages: 107, lastMessageAt: 950, reconnects: 1 },
    ])
  })

  it('gives a channel the most telling state of its sockets: reconnecting, open, connecting, idle, closed', () => {
    const life = createVenueLifecycle('binance', newScheduler())
    const a = new FakeSocket('closed')
    const b = new FakeSocket('idle')
    life.watchSocket('public', a)
    life.watchSocket('public', b)
    const state = () => life.health().connections[0]?.state
    expect(state()).to.equal('idle')
    b.state = 'connecting'
    expect(state()).to.equal('connecting')
    a.state = 'open'
    expect(state()).to.equal('open')
    b.state = 'reconnecting'
    expect(state()).to.equal('reconnecting')
  })

  it('reads a channel whose sockets were all removed as idle, and as closed once the venue closed', async () => {
    const life = createVenueLifecycle('binance', newScheduler())
    const forget = life.watchSocket(
      'public',
      new FakeSocket('open', { messages: 3, lastMessageAt: 5, reconnects: 0 }),
    )
    forget()
    expect(life.health().connections).to.deep.equal([
      { channel: 'public', state: 'idle', messages: 3, lastMessageAt: 5, reconnects: 0 },
    ])
    await life.close()
    expect(life.health().connections[0]?.state).to.equal('closed')
  })

  it('sums REST clients: latency weighted by the answers each timed, the last latency of the latest answer', () => {
    const life = createVenueLifecycle('bybit', newScheduler())
    life.watchRest(
      restStats({
        requests: 4,
        failures: 1,
        answered: 3,
        lastLatencyMs: 40,
        latencyMs: 30,
        lastAnsweredAt: 500,
      }),
    )
    life.watchRest(
      restStats({
        requests: 2,
        failures: 1,
        answered: 1,
        lastLatencyMs: 90,
        latencyMs: 90,
        lastAnsweredAt: 400,
      }),
    )
    // a client that only ever failed has no round trip to weigh in
    life.watchRest(restStats({ requests: 1, failures: 1 }))
    expect(life.health().rest).to.deep.equal({
      requests: 7,
      failures: 3,
      lastLatencyMs: 40,
      latencyMs: (30 * 3 + 90 * 1) / 4,
    })
  })

  it("reads the limiter's headroom and the breaker's state at the moment of the sample", () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const life = createVenueLifecycle('bybit', scheduler)
      const limiter = new RateLimiter({ windows: [{ id: 'w', limit: 10, intervalMs: 1000 }], scheduler })
      const breaker = circuitBreaker({ failureThreshold: 1, windowMs: 1000, openMs: 100, scheduler })
      life.watchLimiter(limiter)
      life.watchBreaker(breaker)
      limiter.schedule(3, scheduler.createColdObservable('|')).subscribe()
      const down = new VenueError({ kind: 'network', message: 'down' })
      scheduler
        .createColdObservable('#', undefined, down)
        .pipe(breaker.protect())
        .subscribe({
          error: () => undefined,
        })
      flush()
      const now = life.health()
      expect(now.rateLimit?.windows.map((w) => [w.id, w.used, w.remaining, w.limit])).to.deep.equal([
        ['w', 3, 7, 10],
      ])
      expect(now.breaker).to.equal('open')
    })
  })
})
