/**
 * The Prime simulator's per-portfolio limit counts a second of the venue's clock as it passes: a step
 * of that clock back (the skew fault) does not hold the requests of the last second in the window for
 * the length of the step.
 */
import { expect } from 'chai'
import { PrimeSimulator } from '../../../lib/testing/prime/prime-simulator.js'
import { signPrimeRequest } from '../../../lib/venues/prime/sign.js'

const T = Date.UTC(2024, 4, 1, 12, 0, 0)

describe('prime simulator: the request limit across a clock step', () => {
  let sim: PrimeSimulator

  beforeEach(async () => {
    sim = await PrimeSimulator.start({ seed: 21, tickMs: 'manual', rateLimits: { perSecond: 3 } })
    sim.setClock(T)
  })
  afterEach(async () => {
    await sim.close()
  })

  const status = async () => {
    const { apiKey, secret, passphrase, serviceAccountId } = sim.clientOptions()
    const url = `${sim.restUrl}/v1/portfolios/${sim.portfolios[0] ?? ''}/balances`
    const key = { apiKey, secret, passphrase, serviceAccountId }
    const signed = signPrimeRequest(key, { method: 'GET', url, headers: {} }, sim.now())
    return (await fetch(url, { headers: signed.headers })).status
  }

  it('takes requests again a second after the window filled, though the clock stepped back meanwhile', async () => {
    const full = [await status(), await status(), await status(), await status()]
    expect(full, 'the fourth in a second is refused').to.deep.equal([200, 200, 200, 429])
    // the venue's clock steps 3 s back, then a second of it passes
    sim.faults.shiftClock(-3_000)
    sim.advanceClock(1_000)
    expect(await status(), 'a second has passed since the window filled').to.equal(200)
    expect([await status(), await status(), await status()]).to.deep.equal([200, 200, 429])
  })
})
