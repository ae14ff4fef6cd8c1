import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import type { Candle } from '../../index.js'
import { BYBIT_KLINE_PAGE_LIMIT } from '../../lib/venues/bybit/spec.js'
import { requestsTo, startRig, type BybitRig } from './support.js'

const SYMBOL = 'BTC/USDT'
const MINUTE = 60_000
/** The simulator's clock at start; it runs on from there, so the history is the same on every run. */
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0)
const CANDLES = 3 * BYBIT_KLINE_PAGE_LIMIT + 500

describe('bybit e2e: paged kline history', () => {
  let rig: BybitRig

  beforeEach(async () => {
    rig = await startRig({ seed: 11, clockAt: T0 })
  })

  afterEach(() => rig.close())

  it(`pages ${CANDLES} one-minute candles, each once and in order, equal to the venue's series`, async () => {
    const { client, bybit, simEvents } = rig
    // closed candles only: the range ends an hour before the venue's now
    const to = T0 - 60 * MINUTE
    const from = to - CANDLES * MINUTE
    const candles: Candle[] = await lastValueFrom(
      client.history
        .candles('bybit', SYMBOL, { interval: '1m', from: new Date(from), to: new Date(to) })
        .pipe(toArray()),
    )

    const opens = candles.map((c) => c.timestamp.getTime())
    expect(opens.length).to.equal(CANDLES)
    expect(opens[0]).to.equal(from)
    expect(opens[opens.length - 1]).to.equal(to - MINUTE)
    const steps = opens.slice(1).map((t, i) => t - (opens[i] as number))
    expect(
      steps.every((d) => d === MINUTE),
      'no gap, no duplicate, oldest first',
    ).to.equal(true)

    for (const c of candles) {
      const truth = bybit.candle(SYMBOL, '1', c.timestamp.getTime())
      if (truth === undefined) throw new Error(`the venue has no candle at ${c.timestamp.toISOString()}`)
      const where = c.timestamp.toISOString()
      expect(c.closed, where).to.equal(true)
      expect(truth.closed, where).to.equal(true)
      for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
        expect(
          c[field].eq(truth[field]),
          `${where} ${field}: ${c[field].toFixed()} vs ${truth[field].toFixed()}`,
        ).to.equal(true)
      }
      expect(c.quoteVolume?.eq(truth.turnover), `${where} turnover`).to.equal(true)
    }

    const pages = requestsTo(simEvents.seen, 'GET', '/v5/market/kline')
    expect(pages.every((r) => r.status === 200 && r.retCode === 0)).to.equal(true)
    // one request per page the venue can answer, none repeated
    expect(pages.length).to.equal(Math.ceil(CANDLES / BYBIT_KLINE_PAGE_LIMIT))
  })
})
