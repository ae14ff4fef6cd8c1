import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { BybitSimulator } from '../../lib/testing/index.js'
import { Frames, get, resultOf } from './support/bybit-wire.js'
import { T0 } from './support/bybit-setup.js'

const MINUTE = 60_000
type Row = [string, string, string, string, string, string, string]

async function klines(sim: BybitSimulator, query: string): Promise<Row[]> {
  return resultOf<{ list: Row[] }>(
    await get(sim, '/v5/market/kline', `category=spot&symbol=BTCUSDT&${query}`),
  ).list
}

describe('Bybit simulator klines', () => {
  let sim: BybitSimulator
  beforeEach(async () => {
    sim = await BybitSimulator.start({ seed: 9, tickMs: 'manual', klineHistoryMs: 2500 * MINUTE })
    sim.setClock(T0 + 30_000)
  })
  afterEach(() => sim.close())

  it('pages back through the whole history with end = oldest - 1, newest first, without gaps', async () => {
    const all: Row[] = []
    let end: number | undefined
    let pages = 0
    for (;;) {
      const page = await klines(sim, `interval=1&limit=1000${end === undefined ? '' : `&end=${end}`}`)
      if (page.length === 0) break
      pages++
      all.push(...page)
      end = Number(page[page.length - 1]?.[0]) - 1
    }
    expect(pages).to.equal(3)
    // The history reaches back 2500 minutes from T0 + 30 s: to the minute holding that instant.
    expect(all).to.have.length(2501)
    const opens = all.map((r) => Number(r[0]))
    expect(opens[0]).to.equal(T0)
    opens.forEach((t, i) => i > 0 && expect(opens[i - 1]! - t).to.equal(MINUTE))
    expect(opens[opens.length - 1]).to.equal(T0 - 2500 * MINUTE)
    for (let i = 1; i < all.length; i++) {
      const [newer, older] = [all[i - 1]!, all[i]!]
      expect(older[4], 'a close is the next open').to.equal(newer[1])
    }
    for (const [, o, h, l, c, v, turnover] of all) {
      const [open, high, low, close] = [new Decimal(o), new Decimal(h), new Decimal(l), new Decimal(c)]
      expect(high.gte(Decimal.max(open, close)) && low.lte(Decimal.min(open, close))).to.equal(true)
      expect(new Decimal(turnover).eq(new Decimal(v).mul(open.plus(close)).div(2))).to.equal(true)
    }
  })

  it('start, end and limit select the newest candles in [start, end]', async () => {
    expect(await klines(sim, 'interval=1')).to.have.length(200)
    const ranged = await klines(sim, `interval=1&start=${T0 - 10 * MINUTE}&end=${T0 - 5 * MINUTE}`)
    expect(ranged.map((r) => Number(r[0]))).to.deep.equal([5, 6, 7, 8, 9, 10].map((k) => T0 - k * MINUTE))
    const startOnly = await klines(sim, `interval=1&start=${T0 - 10 * MINUTE}&limit=3`)
    expect(startOnly.map((r) => Number(r[0]))).to.deep.equal([T0, T0 - MINUTE, T0 - 2 * MINUTE])
    for (const q of [
      'interval=2',
      'interval=1&limit=0',
      'interval=1&limit=1001',
      `interval=1&start=${T0}&end=${T0 - 1}`,
    ]) {
      expect(
        (await get(sim, '/v5/market/kline', `category=spot&symbol=BTCUSDT&${q}`)).body.retCode,
        q,
      ).to.equal(10001)
    }
  })

  it('the forming candle is open; weeks open on Monday and months on the 1st (UTC)', async () => {
    const [forming] = await klines(sim, 'interval=1&limit=1')
    expect(sim.candle('BTC/USDT', '1', T0)?.closed).to.equal(false)
    expect(forming?.[4]).to.equal(sim.candle('BTC/USDT', '1', T0)?.close.toFixed(1))
    const [week] = await klines(sim, 'interval=W&limit=1')
    expect(new Date(Number(week?.[0])).getUTCDay()).to.equal(1)
    const [month] = await klines(sim, 'interval=M&limit=1')
    expect(new Date(Number(month?.[0])).getUTCDate()).to.equal(1)
  })

  it('the same seed gives the same history; another seed another', async () => {
    const other = await BybitSimulator.start({ seed: 9, tickMs: 'manual', klineHistoryMs: 2500 * MINUTE })
    const third = await BybitSimulator.start({ seed: 10, tickMs: 'manual', klineHistoryMs: 2500 * MINUTE })
    other.setClock(T0 + 30_000)
    third.setClock(T0 + 30_000)
    const a = await klines(sim, 'interval=60&limit=30')
    expect(await klines(other, 'interval=60&limit=30')).to.deep.equal(a)
    expect(await klines(third, 'interval=60&limit=30')).to.not.deep.equal(a)
    await other.close()
    await third.close()
  })

  it('refuses an interval it does not serve, a name every object has too', async () => {
    for (const interval of ['2', 'constructor']) {
      const answer = await get(sim, '/v5/market/kline', `category=spot&symbol=BTCUSDT&interval=${interval}`)
      expect(answer.body.retCode).to.equal(10001)
    }
    expect(() => sim.candle('BTC/USDT', 'toString', T0)).to.throw('interval toString is not one of')
    const ws = await Frames.open(sim.wsUrl)
    ws.send({ op: 'subscribe', args: ['kline.constructor.BTCUSDT'] })
    expect(await ws.next()).to.include({
      success: false,
      ret_msg: 'error:handler not found,topic:kline.constructor.BTCUSDT',
    })
    await ws.close()
  })

  it('the kline topic pushes the forming candle, and the closed one when the interval rolls', async () => {
    const ws = await Frames.open(sim.wsUrl)
    ws.send({ op: 'subscribe', args: ['kline.1.BTCUSDT'] })
    await ws.next()
    type K = { topic: string; data: { start: number; end: number; confirm: boolean; close: string }[] }
    const first = await ws.next<K>()
    expect(first.data[0]).to.include({ start: T0, end: T0 + MINUTE - 1, confirm: false })
    sim.advanceClock(MINUTE)
    sim.step(1)
    const closed = await ws.next<K>()
    expect(closed.data[0]).to.include({ start: T0, confirm: true })
    expect(closed.data[0]?.close).to.equal(sim.candle('BTC/USDT', '1', T0)?.close.toFixed(1))
    const next = await ws.next<K>()
    expect(next.data[0]).to.include({ start: T0 + MINUTE, confirm: false })
    await ws.close()
  })
})
