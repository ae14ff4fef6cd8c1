/**
 * A simulator's live candles after a reconnect: a new subscription starts with the forming candle, as
 * on a real venue; the closed candle missed while disconnected is not re-sent (it would reach the
 * client after a newer one). A holder that stayed still gets the candle that closed.
 */
import { expect } from 'chai'
import { BybitSimulator } from '../../lib/testing/index.js'
import { CandleRoll } from '../../lib/testing/kit/candle-roll.js'
import type { CandleSeries } from '../../lib/sim/candle-series.js'
import { Frames } from './support/bybit-wire.js'
import { T0 } from './support/bybit-setup.js'

const MINUTE = 60_000
type K = { topic: string; data: { start: number; confirm: boolean }[] }
const shown = (k: K) => k.data.map((c) => `${(c.start - T0) / MINUTE}${c.confirm ? ' closed' : ''}`).join()

describe('simulated live candles across a reconnect', () => {
  let sim: BybitSimulator
  beforeEach(async () => {
    sim = await BybitSimulator.start({ seed: 9, tickMs: 'manual' })
    sim.setClock(T0 + 30_000)
  })
  afterEach(() => sim.close())

  it('a connection that subscribes after the interval rolled starts with the forming candle; one that stayed gets the closed one first', async () => {
    const before = await Frames.open(sim.wsUrl)
    before.send({ op: 'subscribe', args: ['kline.1.BTCUSDT'] })
    await before.next() // the ack
    expect(shown(await before.next<K>())).to.equal('0')
    const stayed = await Frames.open(sim.wsUrl)
    stayed.send({ op: 'subscribe', args: ['kline.1.BTCUSDT'] })
    await stayed.next()
    expect(shown(await stayed.next<K>())).to.equal('0')
    await before.close() // one goes down …
    sim.advanceClock(MINUTE) // … across the minute, and comes back
    const again = await Frames.open(sim.wsUrl)
    again.send({ op: 'subscribe', args: ['kline.1.BTCUSDT'] })
    await again.next()
    expect(shown(await again.next<K>()), 'the forming candle on subscribing').to.equal('1')
    sim.step(1)
    expect(shown(await again.next<K>()), 'not the closed candle of the minute it missed').to.equal('1')
    expect(shown(await stayed.next<K>()), 'the one that stayed: the closed candle').to.equal('0 closed')
    expect(shown(await stayed.next<K>())).to.equal('1')
    await again.close()
    await stayed.close()
  })
})

describe('CandleRoll', () => {
  it('sends the closed candle to the holders that were following it, the forming one to all', () => {
    // minutes only: what the roll asks of a series
    const series = {
      start: (_interval: number, ms: number) => Math.floor(ms / MINUTE) * MINUTE,
      previous: (_interval: number, open: number) => open - MINUTE,
    } as unknown as CandleSeries
    const roll = new CandleRoll<string>()
    const t = (ms: number) => T0 + ms
    roll.joined('k', ['a'], series.start(MINUTE, t(0)))
    expect(roll.due('k', ['a'], series, MINUTE, t(10_000))).to.deep.equal({ forming: T0 })
    roll.joined('k', ['a', 'b'], T0) // b joined within the same minute, sent its forming candle
    // c subscribed after the minute rolled (never sent a candle of it); a and b followed it
    expect(roll.due('k', ['a', 'b', 'c'], series, MINUTE, t(MINUTE + 1))).to.deep.equal({
      closed: { open: T0, to: ['a', 'b'] },
      forming: T0 + MINUTE,
    })
    expect(roll.due('k', ['b', 'c'], series, MINUTE, t(MINUTE + 2))).to.deep.equal({ forming: T0 + MINUTE })
  })
})
