import { expect } from 'chai'
import * as t from 'io-ts'
import { Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../../lib/core/errors.js'
import type { HttpRequest, HttpResponse, HttpTransport } from '../../lib/transport/http.js'
import { RateLimiter } from '../../lib/transport/rate-limit.js'
import { RestClient, type RestClientOptions } from '../../lib/transport/rest.js'

const Counter = t.type({ n: t.number })

/** How a call ended: when (scheduler time) and with what. */
interface Outcome {
  readonly at: number
  readonly kind: string
  readonly retryable: boolean | undefined
  readonly message: string
}

/**
 * A transport whose answers are scheduled by the test; like undici's, an abort fails the request with
 * an `AbortError`, which the client would take as a `network` failure.
 */
function fakeTransport(
  scheduler: TestScheduler,
  answer: (n: number) => { readonly afterMs: number; readonly response: HttpResponse } | undefined,
): { transport: HttpTransport; sent: number[]; aborted: number[] } {
  const sent: number[] = []
  const aborted: number[] = []
  const transport: HttpTransport = {
    request: (_: HttpRequest, signal: AbortSignal) =>
      new Observable<HttpResponse>((subscriber) => {
        const n = sent.length
        sent.push(scheduler.now())
        signal.addEventListener('abort', () => {
          aborted.push(scheduler.now())
          subscriber.error(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))
        })
        const planned = answer(n)
        if (planned === undefined) return undefined
        const timer = scheduler.schedule(() => {
          subscriber.next(planned.response)
          subscriber.complete()
        }, planned.afterMs)
        return () => timer.unsubscribe()
      }),
  }
  return { transport, sent, aborted }
}

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

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
    retry: { count: 3, initialMs: 1000, jitter: 'none' },
    ...options,
  })
}

/** Subscribes at `at` and records the outcome into `into`. */
function callAt(scheduler: TestScheduler, api: RestClient, at: number, into: Outcome[]): void {
  scheduler.schedule(
    () =>
      api.request$({ path: '/n', codec: Counter }).subscribe({
        error: (e: unknown) => {
          const error = e as VenueError
          expect(error).to.be.instanceOf(VenueError)
          into.push({
            at: scheduler.now(),
            kind: error.kind,
            retryable: error.retryable,
            message: error.message,
          })
        },
      }),
    at,
  )
}

const closedAt = (at: number): Outcome => ({
  at,
  kind: 'invalid-request',
  retryable: false,
  message: 'GET /n: the client is closed',
})

/** A call that went out before close: the venue may have it, so its outcome is unknown. */
const cutOffAt = (at: number): Outcome => ({
  at,
  kind: 'timeout',
  retryable: false,
  message:
    'GET /n: the client was closed after the request was sent (1 attempt); its outcome is unknown: the venue may have carried it out',
})

describe('RestClient.close with a call in progress', () => {
  it('fails a call waiting in the limiter at once with the closed error, never sending it', () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const fake = fakeTransport(scheduler, () => ({
        afterMs: 20,
        response: { status: 200, headers: {}, body: '{"n":1}' },
      }))
      const limiter = new RateLimiter({ windows: [{ id: 'w', limit: 1, intervalMs: 1000 }], scheduler })
      const api = client(scheduler, fake.transport, { limiter })
      const outcomes: Outcome[] = []
      callAt(scheduler, api, 0, outcomes)
      callAt(scheduler, api, 0, outcomes)
      scheduler.schedule(() => void api.close(), 100)
      flush()
      expect(outcomes).to.deep.equal([closedAt(100)])
      expect(fake.sent, 'attempts sent').to.deep.equal([0])
      expect(limiter.queued, 'left waiting in the limiter').to.equal(0)
    })
  })

  it('fails a call in backoff between retries at once as of unknown outcome, sending no retry', () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const fake = fakeTransport(scheduler, () => ({
        afterMs: 10,
        response: { status: 503, headers: {}, body: 'busy' },
      }))
      const api = client(scheduler, fake.transport)
      const outcomes: Outcome[] = []
      callAt(scheduler, api, 0, outcomes)
      // the first 503 comes at 10, its retry is due at 1010
      scheduler.schedule(() => void api.close(), 500)
      flush()
      // its first attempt went out: a 503 does not say the venue did nothing
      expect(outcomes).to.deep.equal([cutOffAt(500)])
      expect(fake.sent, 'attempts sent').to.deep.equal([0])
    })
  })

  it('fails a call on the wire as of unknown outcome, not a retryable network error, and aborts it', () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const fake = fakeTransport(scheduler, () => undefined)
      const unanswered: string[] = []
      const api = client(scheduler, fake.transport, { onUnanswered: (e) => unanswered.push(e.kind) })
      const outcomes: Outcome[] = []
      callAt(scheduler, api, 0, outcomes)
      scheduler.schedule(() => void api.close(), 100)
      flush()
      expect(outcomes).to.deep.equal([cutOffAt(100)])
      expect(fake.sent, 'attempts sent').to.deep.equal([0])
      expect(fake.aborted, 'attempts aborted').to.deep.equal([100])
      // abandoned by the caller's close, not a venue that failed to answer
      expect(unanswered, 'reported unanswered').to.deep.equal([])
      expect(api.stats().failures, 'failed attempts').to.equal(0)
    })
  })

  it('fails a call made after close the same way, sending nothing', () => {
    const scheduler = newScheduler()
    scheduler.run(({ flush }) => {
      const fake = fakeTransport(scheduler, () => undefined)
      const api = client(scheduler, fake.transport)
      const outcomes: Outcome[] = []
      scheduler.schedule(() => void api.close(), 0)
      callAt(scheduler, api, 10, outcomes)
      flush()
      expect(outcomes).to.deep.equal([closedAt(10)])
      expect(fake.sent).to.deep.equal([])
    })
  })
})
