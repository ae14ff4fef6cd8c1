/**
 * A FalconX secret that is not base64, against the simulator on 127.0.0.1: the driver is made (its
 * `rfq` and `trading` present, as the options promise), and each signed call fails `auth` naming the
 * secret, with nothing signed sent.
 */
import { expect } from 'chai'
import { firstValueFrom, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { FalconxSimulator } from '../../../lib/testing/falconx/index.js'
import { createFalconxVenue, type FalconxVenue } from '../../../lib/venues/falconx/driver.js'

describe('falconx: a secret that is not base64', () => {
  let sim: FalconxSimulator
  let venue: FalconxVenue | undefined

  afterEach(async () => {
    await venue?.close()
    await sim?.close()
  })

  it('fails each signed call with auth, sending nothing, not the driver’s creation', async () => {
    sim = await FalconxSimulator.start({ seed: 1, tickMs: 'manual' })
    const requests: { path?: unknown; status?: unknown }[] = []
    const watched = sim.events$.subscribe((e) => {
      if (e.type === 'request') requests.push(e)
    })
    venue = createFalconxVenue({ ...sim.clientOptions(), secret: 'not base64!', logger: silentLogger })
    expect(venue.rfq).to.not.equal(undefined)
    const calls: Observable<unknown>[] = [
      venue.rfq!.quote$({ symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('1') }),
      venue.trading!.balances(),
    ]
    for (const call of calls) {
      const error = await firstValueFrom(call).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).to.be.instanceOf(VenueError)
      expect([(error as VenueError).kind, (error as VenueError).message]).to.deep.equal([
        'auth',
        'falconx secret is not base64',
      ])
    }
    watched.unsubscribe()
    // only the venue clock's unsigned read of the Date header reaches the venue, refused unsigned
    expect(requests.map((r) => [r.path, r.status])).to.satisfy((seen: unknown[][]) =>
      seen.every(([path, status]) => path === '/v1/pairs' && status === 401),
    )
  })
})
