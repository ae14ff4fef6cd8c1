import { expect } from 'chai'
import * as t from 'io-ts'
import { catchError, NEVER, of, throwError, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../../lib/core/errors.js'
import type { HttpRequest, HttpResponse, HttpTransport } from '../../lib/transport/http.js'
import { RateLimiter } from '../../lib/transport/rate-limit.js'
import { RestClient, type RestClientOptions, type RestStats } from '../../lib/transport/rest.js'

const Counter = t.type({ n: t.number })
const res = (status: number, body = '{"n":1}'): HttpResponse => ({ status, headers: {}, body })

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

function client(
  scheduler: TestScheduler,
  answer: (request: HttpRequest, n: number) => Observable<HttpResponse>,
  options: Partial<RestClientOptions> = {},
): RestClient {
  let n = 0
  const transport: HttpTransport = { request: (request) => answer(request, n++) }
  return new RestClient({
    baseUrl: 'https://venue.test',
    venue: 'test',
    transport,
    scheduler,
    timeoutMs: 1000,
    retry: { count: 0, jitter: 'none' },
    ...options,
  })
}

/** Subscribes at `at` and swallows the outcome: these tests look at the counters only. */
function requestAt(scheduler: TestScheduler, api: RestClient, at: number, path = '/n'): void {
  scheduler.schedule(
    () =>
      api
        .request$({ path, codec: Counter })
        .pipe(catchError(() => of(undefined)))
        .subscribe(),
    at,
  )
}

const fresh: RestStats = {
  requests: 0,
  failures: 0,
  answered: 0,
  lastLatencyMs: undefined,
  latencyMs: undefined,
  lastAnsweredAt: undefined,
}

describe('RestClient.stats', () => {
  it('starts empty', () => {
    const scheduler = newScheduler()
    scheduler.run(() => {
      const api = client(scheduler, () => NEVER)
      expect(api.stats()).to.deep.equal(fresh)
    })
  })

  it('times every answer with the scheduler clock: the last and a mean weighting the newest by 0.2', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, flush }) => {
      const delays = [100, 50, 200]
      const api = client(scheduler, (_, n) => cold(`${delays[n] ?? 0}ms (r|)`, { r: res(200) }))
      requestAt(scheduler, api, 0)
      requestAt(scheduler, api, 1000)
      requestAt(scheduler, api, 2000)
      flush()
      const mean = [100, 50, 200].reduce((m: number | undefined, ms) =>
        m === undefined ? ms : 0.8 * m + 0.2 * ms,
      )
      expect(api.stats()).to.deep.equal({
        requests: 3,
        failures: 0,
        answered: 3,
        lastLatencyMs: 200,
        latencyMs: mean,
        lastAnsweredAt: 2200,
      })
    })
  })

  it('counts each retry as an attempt and each error status as a failure, still timed', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, flush }) => {
      const api = client(scheduler, (_, n) => cold('10ms (r|)', { r: n < 2 ? res(503, 'busy') : res(200) }), {
        retry: { count: 3, initialMs: 100, jitter: 'none' },
      })
      requestAt(scheduler, api, 0)
      flush()
      const stats = api.stats()
      expect([stats.requests, stats.failures, stats.answered]).to.deep.equal([3, 2, 3])
      expect([stats.lastLatencyMs, stats.latencyMs]).to.deep.equal([10, 10])
    })
  })

  it('counts a timeout and a network failure as failed attempts without a round trip', () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const api = client(scheduler, (_, n) =>
        n === 0
          ? NEVER
          : throwError(() => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      )
      requestAt(scheduler, api, 0)
      requestAt(scheduler, api, 5000)
      flush()
      expect(api.stats()).to.deep.equal({ ...fresh, requests: 2, failures: 2 })
    })
  })

  it('counts an error the venue reads from a 200 body as a failure of an answered attempt', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, flush }) => {
      const api = client(scheduler, () => cold('30ms (r|)', { r: res(200, '{"code":-1}') }), {
        mapError: (response) =>
          response.body.includes('"code"')
            ? new VenueError({ kind: 'invalid-request', message: 'refused' })
            : undefined,
      })
      requestAt(scheduler, api, 0)
      flush()
      expect(api.stats()).to.deep.equal({
        requests: 1,
        failures: 1,
        answered: 1,
        lastLatencyMs: 30,
        latencyMs: 30,
        lastAnsweredAt: 30,
      })
    })
  })

  it('leaves out what never went on the wire or was abandoned, and time spent in the limiter', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, flush }) => {
      const limiter = new RateLimiter({ windows: [{ id: 'w', limit: 1, intervalMs: 1000 }], scheduler })
      const api = client(scheduler, () => cold('20ms (r|)', { r: res(200) }), {
        limiter,
        sign: (request) => {
          if (request.url.endsWith('/unsignable')) throw new Error('no key')
          return request
        },
      })
      // the first request spends the window at 0; the second waits until 1000, then takes 20 ms
      requestAt(scheduler, api, 0)
      requestAt(scheduler, api, 0)
      // signing fails before anything is sent
      requestAt(scheduler, api, 3000, '/unsignable')
      // unsubscribed 5 ms into a 20 ms round trip
      scheduler.schedule(() => {
        const sub = api.request$({ path: '/n', codec: Counter }).subscribe()
        scheduler.schedule(() => sub.unsubscribe(), 5)
      }, 5000)
      flush()
      expect(api.stats()).to.deep.equal({
        requests: 2,
        failures: 0,
        answered: 2,
        lastLatencyMs: 20,
        latencyMs: 20,
        lastAnsweredAt: 1020,
      })
    })
  })
})
