import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import type { VenueError } from '../../../lib/core/errors.js'
import type { HttpRequest, HttpTransport } from '../../../lib/transport/http.js'
import { dateHeaderTime } from '../../../lib/venues/kit/date-header-time.js'

const transport = (date: string | undefined, seen: HttpRequest[]): HttpTransport => ({
  request: (request) => {
    seen.push(request)
    const headers: Record<string, string> = date === undefined ? {} : { date }
    return Promise.resolve({ status: 401, headers, body: '' })
  },
})

describe('kit: the venue clock read from the HTTP Date header (dateHeaderTime)', () => {
  it('asks when subscribed, unsigned, and reads the Date of any answer in epoch ms', async () => {
    const seen: HttpRequest[] = []
    const time = dateHeaderTime('prime', transport('Tue, 14 Nov 2023 22:13:20 GMT', seen), 'http://x/v1/p')
    expect(seen).to.have.length(0)
    expect(await firstValueFrom(time)).to.equal(1_700_000_000_000)
    expect(seen.map((r) => [r.method, r.url, r.headers])).to.deep.equal([['GET', 'http://x/v1/p', {}]])
  })

  it('fails decode without a readable Date', async () => {
    const error = await firstValueFrom(dateHeaderTime('prime', transport('soon', []), 'http://x')).then(
      () => undefined,
      (e: VenueError) => e,
    )
    expect([error?.kind, error?.venue]).to.deep.equal(['decode', 'prime'])
  })

  it('aborts its request when unsubscribed, and fails timeout when no answer comes', async () => {
    const signals: AbortSignal[] = []
    const silent: HttpTransport = {
      request: (_request, signal) => {
        signals.push(signal)
        return new Promise(() => undefined)
      },
    }
    dateHeaderTime('falconx', silent, 'http://x').subscribe().unsubscribe()
    expect(signals.map((s) => s.aborted)).to.deep.equal([true])
    const error = await firstValueFrom(dateHeaderTime('falconx', silent, 'http://x', { timeoutMs: 5 })).then(
      () => undefined,
      (e: VenueError) => e,
    )
    expect([error?.kind, error?.venue]).to.deep.equal(['timeout', 'falconx'])
    expect(signals[1]?.aborted, 'the timed-out request aborted').to.equal(true)
  })
})
