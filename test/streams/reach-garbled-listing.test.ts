import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { isVenueError } from '../../lib/core/errors.js'
import { silentLogger } from '../../lib/core/logging.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'

// A venue that answers, but never with a listing that decodes: the market connection is never used,
// so only the decode deadline can end the stream (it waited for good before).

describe('a live stream whose venue never answers in a shape it can read', function () {
  this.timeout(20_000)
  let sim: Simulator
  let client: Client

  before(async () => {
    sim = await startSimulator({ venues: ['bybit'], seed: 5 })
  })
  after(async () => {
    await client?.close()
    await sim.close()
  })

  it('fails with decode once connectTimeoutMs has passed', async () => {
    sim.venue('bybit').faults.hostileNext('wrong-shape', 10_000)
    client = createClient({ ...sim.clientOptions(), connectTimeoutMs: 1000, logger: silentLogger })
    const start = Date.now()
    const error = await lastValueFrom(client.trades$('bybit', 'BTC/USDT')).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isVenueError(error) && error.kind).to.equal('decode')
    expect(Date.now() - start).to.be.at.least(900)
  })
})
