/**
 * FalconX's order lookup by id against the simulator on 127.0.0.1: a quote id the venue does not know
 * is an order not found, and any other refusal of the lookup goes on as it is.
 */
import { expect } from 'chai'
import { lastValueFrom, type Observable } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { FalconxSimulator } from '../../../lib/testing/falconx/index.js'
import { createFalconxVenue, type FalconxVenue } from '../../../lib/venues/falconx/driver.js'

const failure = (call: Observable<unknown>) =>
  lastValueFrom(call).then(
    () => undefined,
    (e: unknown) => e,
  )

describe('falconx: an order looked up by its id', () => {
  let sim: FalconxSimulator
  let venue: FalconxVenue | undefined

  beforeEach(async () => {
    sim = await FalconxSimulator.start({ seed: 2, tickMs: 'manual' })
    venue = createFalconxVenue({ ...sim.clientOptions(), logger: silentLogger })
  })

  afterEach(async () => {
    await venue?.close()
    await sim?.close()
  })

  it('is not-found when FalconX knows no quote of that id', async () => {
    const error = await failure(venue!.trading!.getOrder({ symbol: 'BTC/USD', id: 'no-such-quote' }))
    expect(error).to.be.instanceOf(VenueError)
    expect((error as VenueError).kind).to.equal('not-found')
  })

  it('fails with the refusal itself when the lookup is refused for another reason', async () => {
    await lastValueFrom(venue!.trading!.balances())
    sim.faults.failNext(1, 401)
    const error = await failure(venue!.trading!.getOrder({ symbol: 'BTC/USD', id: 'no-such-quote' }))
    expect(error).to.be.instanceOf(VenueError)
    expect((error as VenueError).kind).to.equal('auth')
  })
})
