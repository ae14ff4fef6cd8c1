import { expect } from 'chai'
import * as t from 'io-ts'
import { catchError, defer, mergeMap, NEVER, of, tap, timer, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../lib/core/errors.js'
import { circuitBreaker } from '../lib/transport/breaker.js'
import type { HttpRequest, HttpResponse, HttpTransport } from '../lib/transport/http.js'
import { RateLimiter } from '../lib/transport/rate-limit.js'
import { RestClient, type RestClientOptions } from '../lib/transport/rest.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

function pendingAt(scheduler: TestScheduler, frame: number): { count: number | undefined } {
  const seen: { count: number | undefined } = { count: undefined }
  scheduler.schedule(() => {
    seen.count = scheduler.actions.length
    for (const action of [...scheduler.actions]) action.unsubscribe()
  }, frame)
  return seen
}

interface Call {
  readonly at: number
  readonly request: HttpRequest
  readonly signal: AbortSignal
}

/** A transport answering in virtual time: `answer(request, n)` gives the n-th call's response stream. */
function fakeTransport(
  scheduler: TestScheduler,
  answer: (request: HttpRequest, n: number) => Observable<HttpResponse>,
): { transport: HttpTransport; calls: Call[] } {
  const calls: Call[] = []
  const transport: HttpTransport = {
    request: (request, signal) => {
      calls.push({ at: scheduler.now(), request, signal })
      return answer(request, calls.length - 1)
    },
  }
  return { transport, calls }
}

const Counter = t.type({ n: t.number })
const res = (status: number, body = '{"n":1}', headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body,
})

/** Errors as plain data, so marbles compare what matters. */
const outcome = (e: unknown): Observable<Record<string, unknown>> =>
  of(
    e instanceof VenueError
      ? { name: e.name, kind: e.kind, status: e.status, venue: e.venue, retryable: e.retryable }
      : { unexpected: String(e) },
  )

function client(
  scheduler: TestScheduler,
  transport: HttpTransport,
  options: Partial<RestClientOptions> = {},
): RestClient {
  return new RestClient({
    baseUrl: 'https://venue.test',
    venue: 'test',
    transport,
    scheduler,
    timeoutMs: 5000,
    retry: { count: 3, initialMs: 1000, maxMs: 60_000, jitter: 'none' },
    ...options,
  })
}

describe('RestClient retry (marble)', () => {
  it('retries 5xx with exponential backoff, re-signing every attempt, then emits the decoded body', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const { transport, calls } = fakeTransport(scheduler, (_, n) =>
        cold('10ms (r|)', { r: n < 2 ? res(503, 'busy') : res(200, '{"n":7}') }),
      )
      const api = client(scheduler, transport, {
        sign: (req, now) => ({ ...req, headers: { ...req.headers, 'x-ts': String(now) } }),
      })
      // 0 → 503 at 10, wait 1000; 1010 → 503 at 1020, wait 2000; 3020 → 200 at 3030
      expectObservable(api.request$({ path: '/n', codec: Counter })).toBe('3030ms (a|)', { a: { n: 7 } })
      scheduler.flush()
      expect(calls.map((c) => c.at)).to.deep.equal([0, 1010, 3020])
      expect(calls.map((c) => c.request.headers['x-ts'])).to.deep.equal(['0', '1010', '3020'])
    })
  })

  it("waits out a 429's Retry-After and pauses the venue: another request waits too", () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = new RateLimiter({ windows: [{ id: 'w', limit: 100, intervalMs: 1000 }], scheduler })
      const { transport, calls } = fakeTransport(scheduler, (req, n) =>
        cold('10ms (r|)', {
          r:
            n === 0
              ? res(429, '', { 'retry-after': '3' })
              : res(200, req.url.endsWith('/b') ? '{"n":2}' : '{"n":1}'),
        }),
      )
      const api = client(scheduler, transport, { limiter })
      // a: 429 at 10 → the venue pauses until 3010, a retries at 3010 (3 s > the 1 s backoff)
      expectObservable(api.request$({ path: '/a', codec: Counter })).toBe('3020ms (a|)', { a: { n: 1 } })
      // b asks at 100 and is held until the pause ends
      expectObservable(
        cold('100ms x').pipe(mergeMap(() => api.request$({ path: '/b', codec: Counter }))),
      ).toBe('3020ms b', { b: { n: 2 } })
      scheduler.flush()
      expect(calls.map((c) => [c.request.url.slice(-2), c.at])).to.deep.equal([
        ['/a', 0],
        ['/b', 3010],
        ['/a', 3010],
      ])
    })
  })

  it('gives up at once on a Retry-After longer than the backoff cap', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const { transport, calls } = fakeTransport(scheduler, () =>
        cold('10ms (r|)', { r: res(418, 'banned', { 'retry-after': '120' }) }),
      )
      const api = client(scheduler, transport)
      expectObservable(api.request$({ path: '/n', codec: Counter }).pipe(catchError(outcome))).toBe(
        '10ms (e|)',
        {
          e: { name: 'VenueError', kind: 'rate-limit', status: 418, venue: 'test', retryable: true },
        },
      )
      scheduler.flush()
      expect(calls).to.have.length(1)
    })
  })

  it('times an attempt out, aborts it, and retries', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const { transport, calls } = fakeTransport(scheduler, () => NEVER)
      const api = client(scheduler, transport, {
        timeoutMs: 500,
        retry: { count: 1, initialMs: 1000, jitter: 'none' },
      })
      // 0 → timeout at 500, wait 1000; 1500 → timeout at 2000
      expectObservable(api.request$({ path: '/n', codec: Counter }).pipe(catchError(outcome))).toBe(
        '2000ms (e|)',
        {
          e: { name: 'VenueError', kind: 'timeout', status: undefined, venue: 'test', retryable: true },
        },
      )
      scheduler.flush()
      expect(calls.map((c) => c.at)).to.deep.equal([0, 1500])
      expect(calls.map((c) => c.signal.aborted)).to.deep.equal([true, true])
    })
  })

  it('a hanging GET fails after the total timeout (20 s), not after four attempts', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const { transport, calls } = fakeTransport(scheduler, () => NEVER)
      const api = client(scheduler, transport, {
        timeoutMs: 10_000,
        totalTimeoutMs: undefined,
        retry: { count: 3, initialMs: 250, maxMs: 10_000, jitter: 'none' },
      })
      // 0 → times out at 10 000, waits 250; 10 250 → cut at 20 000 by the total timeout
      expectObservable(api.request$({ path: '/n', codec: Counter }).pipe(catchError(outcome))).toBe(
        '20000ms (e|)',
        {
          e: { name: 'VenueError', kind: 'timeout', status: undefined, venue: 'test', retryable: true },
        },
      )
      const pending = pendingAt(scheduler, 30_000)
      scheduler.flush()
      expect(calls.map((c) => c.at)).to.deep.equal([0, 10_250])
      expect(calls.map((c) => c.signal.aborted)).to.deep.equal([true, true])
      expect(pending.count).to.equal(0)
    })
  })

  it('the total timeout says so, and starts when the first attempt goes out, not while it is queued', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = new RateLimiter({ windows: [{ id: 'w', limit: 1, intervalMs: 60_000 }], scheduler })
      const { transport } = fakeTransport(scheduler, (_, n) =>
        n === 0 ? cold('10ms (r|)', { r: res(200) }) : cold('3000ms (r|)', { r: res(200, '{"n":2}') }),
      )
      const api = client(scheduler, transport, { limiter, timeoutMs: 5000, totalTimeoutMs: 2000 })
      expectObservable(api.request$({ path: '/a', codec: Counter })).toBe('10ms (a|)', { a: { n: 1 } })
      // b waits 60 s for budget, then its answer takes 3 s: over the 2 s total
      const messages: string[] = []
      cold('1ms x')
        .pipe(mergeMap(() => api.request$({ path: '/b', codec: Counter })))
        .subscribe({ error: (e: VenueError) => messages.push(`${scheduler.now()} ${e.kind} ${e.message}`) })
      scheduler.flush()
      expect(messages).to.deep.equal(['62000 timeout GET /b: no answer within 2000 ms in all (1 attempt)'])
    })
  })

  it('a request with a deadline fails with rate-limit while the venue is paused past it, and is never sent', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = new RateLimiter({ windows: [{ id: 'w', limit: 100, intervalMs: 1000 }], scheduler })
      const { transport, calls } = fakeTransport(scheduler, () => cold('10ms (r|)', { r: res(200) }))
      const api = client(scheduler, transport, { limiter })
      scheduler.schedule(() => limiter.pause(10_000), 50)
      const order$ = cold('100ms x').pipe(
        mergeMap(() =>
          api.request$({
            method: 'POST',
            path: '/order',
            codec: Counter,
            priority: 'order',
            deadlineMs: 5000,
          }),
        ),
      )
      expectObservable(
        order$.pipe(catchError((e: VenueError) => of(`${e.kind} ${String(e.retryAfterMs)}`))),
      ).toBe('100ms (e|)', { e: 'rate-limit 9950' })
      scheduler.flush()
      expect(calls).to.have.length(0)
    })
  })

  it('never resends a POST after a 5xx unless it is marked idempotent', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      let safeCalls = 0
      const { transport, calls } = fakeTransport(scheduler, (req) =>
        cold('10ms (r|)', {
          r: req.url.endsWith('/safe') && safeCalls++ > 0 ? res(200) : res(503, 'unknown'),
        }),
      )
      const api = client(scheduler, transport)
      const post = { method: 'POST', body: '{}', codec: Counter } as const
      expectObservable(api.request$({ ...post, path: '/order' }).pipe(catchError(outcome))).toBe(
        '10ms (e|)',
        {
          e: { name: 'VenueError', kind: 'temporary', status: 503, venue: 'test', retryable: true },
        },
      )
      expectObservable(api.request$({ ...post, path: '/safe', idempotent: true })).toBe('1020ms (a|)', {
        a: { n: 1 },
      })
      scheduler.flush()
      expect(calls.map((c) => [new URL(c.request.url).pathname, c.at])).to.deep.equal([
        ['/order', 0],
        ['/safe', 0],
        ['/safe', 1010],
      ])
    })
  })

  it('fails at once on a 400 and on a body that does not decode', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const { transport, calls } = fakeTransport(scheduler, (req) =>
        cold('10ms (r|)', {
          r: req.url.endsWith('/bad') ? res(400, 'bad symbol') : res(200, '{"n":"seven"}'),
        }),
      )
      const api = client(scheduler, transport)
      expectObservable(api.request$({ path: '/bad', codec: Counter }).pipe(catchError(outcome))).toBe(
        '10ms (e|)',
        {
          e: { name: 'VenueError', kind: 'invalid-request', status: 400, venue: 'test', retryable: false },
        },
      )
      expectObservable(api.request$({ path: '/n', codec: Counter }).pipe(catchError(outcome))).toBe(
        '10ms (e|)',
        {
          e: { name: 'DecodeError', kind: 'decode', status: undefined, venue: 'test', retryable: false },
        },
      )
      scheduler.flush()
      expect(calls).to.have.length(2)
    })
  })

  it('a clock-skew answer resyncs the clock before the retry, which signs with the corrected time', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      let offset = 0
      let resyncs = 0
      const clock = {
        now: () => scheduler.now() + offset,
        resync: () =>
          defer(() => {
            resyncs += 1
            offset = 1000
            return timer(5)
          }),
      }
      const { transport, calls } = fakeTransport(scheduler, (_, n) =>
        cold('10ms (r|)', { r: n === 0 ? res(400, '{"code":-1021}') : res(200) }),
      )
      const api = client(scheduler, transport, {
        clock,
        sign: (req, now) => ({ ...req, headers: { ...req.headers, 'x-ts': String(now) } }),
        mapError: (r) =>
          r.body.includes('-1021')
            ? new VenueError({ kind: 'clock-skew', message: 'timestamp outside window' })
            : undefined,
      })
      // 0 → skew at 10, resync 10..15, wait 1000; 1015 → signed with 1015 + 1000
      expectObservable(api.request$({ path: '/n', codec: Counter })).toBe('1025ms (a|)', { a: { n: 1 } })
      scheduler.flush()
      expect(resyncs).to.equal(1)
      expect(calls.map((c) => c.request.headers['x-ts'])).to.deep.equal(['0', '2015'])
    })
  })

  it('an open circuit breaker stops the retries with circuit-open', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 2, windowMs: 10_000, openMs: 10_000, scheduler })
      const { transport, calls } = fakeTransport(scheduler, () =>
        cold('10ms (r|)', { r: res(502, 'bad gateway') }),
      )
      const api = client(scheduler, transport, { breaker })
      // 0 → 502 at 10; 1010 → 502 at 1020 opens the circuit; 3020 fails fast
      expectObservable(api.request$({ path: '/n', codec: Counter }).pipe(catchError(outcome))).toBe(
        '3020ms (e|)',
        {
          e: {
            name: 'VenueError',
            kind: 'circuit-open',
            status: undefined,
            venue: undefined,
            retryable: false,
          },
        },
      )
      scheduler.flush()
      expect(calls).to.have.length(2)
    })
  })

  it('unsubscribing aborts the request in flight and leaves no timer behind', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const { transport, calls } = fakeTransport(scheduler, () => cold('10ms (r|)', { r: res(200) }))
      const api = client(scheduler, transport)
      expectObservable(api.request$({ path: '/n', codec: Counter }), '^ 4ms !').toBe('')
      const pending = pendingAt(scheduler, 20)
      scheduler.flush()
      expect(calls).to.have.length(1)
      expect(calls[0]!.signal.aborted).to.equal(true)
      expect(pending.count).to.equal(0)
    })
  })

  it('does not abort a request that was answered', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const { transport, calls } = fakeTransport(scheduler, () => cold('10ms (r|)', { r: res(200) }))
      const api = client(scheduler, transport)
      expectObservable(api.request$({ path: '/n', codec: Counter })).toBe('10ms (a|)', { a: { n: 1 } })
      scheduler.flush()
      expect(calls[0]!.signal.aborted).to.equal(false)
    })
  })
})

describe('RestClient signing at venue time (marble)', () => {
  const sign: RestClientOptions['sign'] = (req, now) => ({
    ...req,
    headers: { ...req.headers, 'x-ts': String(now) },
  })

  it('a signed request waits for the clock to be measured, then signs at venue time; an unsigned one does not wait', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      // the clock is measured at 30 and found 5 000 ms ahead
      let offset = 0
      const measured$ = cold('30ms |').pipe(tap({ complete: () => (offset = 5000) }))
      const clock = { now: () => scheduler.now() + offset, measured: () => measured$ }
      const { transport, calls } = fakeTransport(scheduler, () => cold('10ms (r|)', { r: res(200) }))
      const signed = client(scheduler, transport, { clock, sign })
      const plain = client(scheduler, transport, { clock })
      expectObservable(signed.request$({ path: '/s', codec: Counter })).toBe('40ms (a|)', { a: { n: 1 } })
      expectObservable(plain.request$({ path: '/p', codec: Counter })).toBe('10ms (a|)', { a: { n: 1 } })
      scheduler.flush()
      expect(calls.map((c) => [c.request.url, c.at, c.request.headers['x-ts']])).to.deep.equal([
        ['https://venue.test/p', 0, undefined],
        ['https://venue.test/s', 30, '5030'],
      ])
    })
  })

  it('fails with rate-limit, never sent, when the clock is not measured by the deadline', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const clock = { now: () => scheduler.now(), measured: () => cold('300ms |') }
      const { transport, calls } = fakeTransport(scheduler, () => cold('10ms (r|)', { r: res(200) }))
      const api = client(scheduler, transport, { clock, sign })
      const failed$ = api
        .request$({ path: '/s', codec: Counter, deadlineMs: 100 })
        .pipe(catchError((e: VenueError) => of(`${e.kind}: ${e.message}`)))
      expectObservable(failed$).toBe('100ms (e|)', {
        e: 'rate-limit: GET /s: not sent within its deadline: still waiting for the venue clock',
      })
      scheduler.flush()
      expect(calls).to.have.length(0)
    })
  })
})
