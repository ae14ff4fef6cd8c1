/**
 * The Coinbase simulator's request limits count a second of the venue's clock as it passes: a step of
 * that clock back (the skew fault) does not hold the requests of the last second in the window for the
 * length of the step.
 */
import { expect } from 'chai'
import { CoinbaseSimulator } from '../../../lib/testing/coinbase/coinbase-simulator.js'
import { coinbaseSigner } from '../../../lib/venues/coinbase/sign.js'

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
    it(`takes ${kind} requests again a second after the window filled, though the clock stepped back meanwhile`, async () => {
      const full = [await status(), await status(), await status(), await status()]
      expect(full, 'the fourth in a second is refused').to.deep.equal([200, 200, 200, 429])
      // the venue's clock steps 3 s back, then a second of it passes
      sim.faults.shiftClock(-3_000)
      sim.advanceClock(1_000)
      expect(await status(), 'a second has passed since the window filled').to.equal(200)
      // and the limit still holds within the new second
      expect([await status(), await status(), await status()]).to.deep.equal([200, 200, 429])
    })
  }
})
