/**
 * A signed request that waited for the venue clock before its first attempt says so when its total
 * timeout fails it: the caller waited that much longer than the total (virtual time).
 */
import { expect } from 'chai'
import * as t from 'io-ts'
import { NEVER, timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { VenueError } from '../lib/core/errors.js'
import type { HttpTransport } from '../lib/transport/http.js'
import { RestClient } from '../lib/transport/rest.js'

const Counter = t.type({ n: t.number })

/** The failures of one GET of a client whose venue never answers, as `<time> <kind> <message>`. */
function failures(measuredAfterMs: number): string[] {
  const scheduler = new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
  const seen: string[] = []
  scheduler.run(() => {
    const transport: HttpTransport = { request: () => NEVER }
    const api = new RestClient({
      baseUrl: 'https://venue.test',
      venue: 'test',
      transport,
      scheduler,
      timeoutMs: 10_000,
      totalTimeoutMs: 20_000,
      retry: { count: 3, initialMs: 250, maxMs: 10_000, jitter: 'none' },
      sign: (req, now) => ({ ...req, headers: { ...req.headers, 'x-ts': String(now) } }),
      // the clock's first measurement is not answered either: it gives up after `measuredAfterMs`
      clock: { now: () => scheduler.now(), measured: () => timer(measuredAfterMs, scheduler) },
    })
    api.request$({ path: '/wallet', codec: Counter }).subscribe({
      error: (e: VenueError) => seen.push(`${scheduler.now()} ${e.kind} ${e.message}`),
    })
  })
  return seen
}

describe('rest: the total timeout of a request that waited for the venue clock', () => {
  it('names the time since the call and the wait for the clock, not only the total', () => {
    expect(failures(5000)).to.deep.equal([
      '25000 timeout GET /wallet: no answer within 20000 ms in all (2 attempts; 25000 ms since the call, 5000 ms of it waiting for the venue clock)',
    ])
  })

  it('says only the total when the clock was ready', () => {
    expect(failures(0)).to.deep.equal([
      '20000 timeout GET /wallet: no answer within 20000 ms in all (2 attempts)',
    ])
  })
})
