/**
 * The Coinbase simulator's request limits count a second of the venue's clock as it passes: a step of
 * that clock back (the skew fault) does not hold the requests of the last second in the window for the
 * length of the step.
 */
import { CoinbaseSimulator } from '../../../lib/testing/coinbase/coinbase-simulator.js'
import { coinbaseSigner } from '../../../lib/venues/coinbase/sign.js'
import { expectLimitAcrossClockStep } from '../limits-across-clock-step.js'

const T = Date.UTC(2024, 4, 1, 12, 0, 0)

describe('coinbase simulator: request limits across a clock step', () => {
  let sim: CoinbaseSimulator

  beforeEach(async () => {
    sim = await CoinbaseSimulator.start({
      seed: 21,
      tickMs: 'manual',
      rateLimits: { publicPerSecond: 3, privatePerSecond: 3 },
    })
    sim.setClock(T)
  })
  afterEach(async () => {
    await sim.close()
  })

  const publicStatus = async () => (await fetch(`${sim.restUrl}/api/v3/brokerage/time`)).status
  const sign = () => coinbaseSigner({ apiKey: sim.apiKey, secret: sim.secret })
  const privateStatus = async () => {
    const url = `${sim.restUrl}/api/v3/brokerage/accounts`
    const signed = sign()({ method: 'GET', url, headers: {} }, sim.now())
    return (await fetch(url, { headers: signed.headers })).status
  }

  for (const [kind, status] of [
    ['public', publicStatus],
    ['signed', privateStatus],
  ] as const) {
    it(`takes ${kind} requests again a second after the window filled, though the clock stepped back meanwhile`, () =>
      expectLimitAcrossClockStep(sim, status))
  }
})
