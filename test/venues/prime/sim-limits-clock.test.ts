/**
 * The Prime simulator's per-portfolio limit counts a second of the venue's clock as it passes: a step
 * of that clock back (the skew fault) does not hold the requests of the last second in the window for
 * the length of the step.
 */
import { PrimeSimulator } from '../../../lib/testing/prime/prime-simulator.js'
import { signPrimeRequest } from '../../../lib/venues/prime/sign.js'
import { expectLimitAcrossClockStep } from '../limits-across-clock-step.js'

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

  it('takes requests again a second after the window filled, though the clock stepped back meanwhile', () =>
    expectLimitAcrossClockStep(sim, status))
})
