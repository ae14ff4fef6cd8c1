/**
 * The Bybit and Binance simulators' request limits count the time that passes: a step of the venue's
 * clock back (the skew fault) does not hold the requests already counted in the window for the length
 * of the step. (Coinbase and Prime: test/venues/coinbase|prime/sim-limits-clock.test.ts.)
 */
import { expect } from 'chai'
import { BinanceSimulator } from '../../lib/testing/binance/binance-simulator.js'
import { BybitSimulator } from '../../lib/testing/bybit/bybit-simulator.js'
import { SimClock } from '../../lib/testing/kit/clock.js'
import { Frames } from './support/bybit-wire.js'

const T = Date.UTC(2024, 4, 1, 12, 0, 0)

interface Case {
  readonly start: () => Promise<BybitSimulator | BinanceSimulator>
  readonly path: string
  /** The answer to a request beyond the limit. */
  readonly refused: number
  /** The limit's window, ms. */
  readonly windowMs: number
}

const CASES: Record<string, Case> = {
  bybit: {
    start: () => BybitSimulator.start({ seed: 3, tickMs: 'manual', rateLimits: { ipPer5s: 3 } }),
    path: '/v5/market/time',
    refused: 403,
    windowMs: 5_000,
  },
  binance: {
    start: () =>
      BinanceSimulator.start({
        seed: 3,
        tickMs: 'manual',
        rateLimits: { requestWeightPerMinute: 3, rejectionsBeforeBan: 1_000 },
      }),
    path: '/api/v3/time',
    refused: 429,
    windowMs: 60_000,
  },
}

describe('simulator request limits across a clock step', () => {
  it('SimClock: a skew steps the time, and steady() goes on counting the time that passes', () => {
    const clock = new SimClock()
    clock.set(T)
    clock.skew(-3_000)
    clock.advance(1_000)
    expect([clock.now() - T, clock.steady() - T]).to.deep.equal([-2_000, 1_000])
  })

  for (const [venue, c] of Object.entries(CASES)) {
    it(`${venue}: takes requests again once the window has passed, though the clock stepped back meanwhile`, async () => {
      const sim = await c.start()
      try {
        sim.setClock(T)
        const status = async () => (await fetch(`${sim.restUrl}${c.path}`)).status
        const full = [await status(), await status(), await status(), await status()]
        expect(full, 'the fourth in the window is refused').to.deep.equal([200, 200, 200, c.refused])
        // the venue's clock steps back twice the window, then a window of time passes
        sim.faults.shiftClock(-2 * c.windowMs)
        sim.advanceClock(c.windowMs)
        expect(await status(), 'a window has passed since it filled').to.equal(200)
      } finally {
        await sim.close()
      }
    })
  }

  it('binance: the WebSocket API reports the weight used in the window it charges, across a clock step', async () => {
    const sim = await BinanceSimulator.start({ seed: 3, tickMs: 'manual' })
    const ws = await Frames.open(sim.wsApiUrl)
    try {
      sim.setClock(T)
      const count = async (id: string) => {
        ws.send({ id, method: 'time' })
        const reply = await ws.next<{ rateLimits: { rateLimitType: string; count: number }[] }>()
        return reply.rateLimits.find((r) => r.rateLimitType === 'REQUEST_WEIGHT')?.count
      }
      expect(await count('a')).to.equal(1)
      // the venue's clock steps into another minute; the weight used in this one still counts
      sim.faults.shiftClock(90_000)
      expect(await count('b')).to.equal(2)
    } finally {
      await ws.close()
      await sim.close()
    }
  })
})
