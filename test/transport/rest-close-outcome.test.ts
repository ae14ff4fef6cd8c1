import { expect } from 'chai'
import * as t from 'io-ts'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { firstValueFrom } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import { RestClient } from '../../lib/transport/rest.js'

const Ack = t.type({ ok: t.boolean })

/** A venue that takes requests and never answers them; `arrived` resolves when the next one comes in. */
async function silentVenue(): Promise<{
  url: string
  received: string[]
  arrived: () => Promise<void>
  close: () => Promise<void>
}> {
  const received: string[] = []
  const held: ServerResponse[] = []
  const waiting: (() => void)[] = []
  const server: Server = createServer((req, res) => {
    received.push(`${req.method ?? ''} ${req.url ?? ''}`)
    held.push(res)
    waiting.shift()?.()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    arrived: () => new Promise<void>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The error a call failed with. */
async function failure(call: Promise<unknown>): Promise<VenueError> {
  try {
    await call
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('the call did not fail')
}

describe('RestClient.close: what a call it ends says about its outcome', () => {
  let venue: Awaited<ReturnType<typeof silentVenue>>
  beforeEach(async () => {
    venue = await silentVenue()
  })
  afterEach(async () => {
    await venue.close()
  })

  it('fails a request on the wire with an unknown outcome (timeout), never a refusal', async () => {
    const api = new RestClient({ baseUrl: venue.url, venue: 'test' })
    const arrived = venue.arrived()
    const call = failure(
      firstValueFrom(api.request$({ method: 'POST', path: '/order', body: '{}', codec: Ack })),
    )
    await arrived
    await api.close()
    const error = await call
    expect(venue.received).to.deep.equal(['POST /order'])
    // `invalid-request` reads as "nothing placed": an order the venue has would be taken as refused
    expect(error.kind).to.equal('timeout')
    expect(error.retryable).to.equal(false)
    expect(error.message).to.match(/POST \/order: .*closed.*sent.*outcome is unknown/)
  })

  it('fails a request made after close with invalid-request, sending nothing', async () => {
    const api = new RestClient({ baseUrl: venue.url, venue: 'test' })
    await api.close()
    const error = await failure(
      firstValueFrom(api.request$({ method: 'POST', path: '/order', body: '{}', codec: Ack })),
    )
    expect(error.kind).to.equal('invalid-request')
    expect(error.message).to.equal('POST /order: the client is closed')
    expect(venue.received).to.deep.equal([])
  })
})
