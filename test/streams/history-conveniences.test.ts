import { expect } from 'chai'
import { lastValueFrom, take, toArray } from 'rxjs'
import type { VenueError } from '../../lib/core/errors.js'
import { silentLogger } from '../../lib/core/logging.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import type { HistoryProgress } from '../../lib/venues/contract/index.js'
import { createClient, type Client } from '../../streams/client.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const failureOf = (o: Parameters<typeof lastValueFrom>[0]) =>
  lastValueFrom(o).then(
    () => expect.fail('expected an error'),
    (e: VenueError) => e,
  )

describe('history conveniences (against the simulators)', function () {
  this.timeout(60_000)
  let sim: Simulator
  let client: Client
  let now: number

  before(async () => {
    sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 11, tickMs: 'manual' })
    client = createClient({ ...sim.clientOptions(), logger: silentLogger })
    now = sim.venue('bybit').now()
  })

  after(async () => {
    await client.close()
    await sim.close()
  })

  it('takes from and to as a Date, epoch milliseconds or an ISO 8601 string, alike', async () => {
    const to = Math.floor(now / HOUR) * HOUR - 2 * HOUR
    const from = to - 30 * HOUR
    const opens = (range: { from: unknown; to: unknown }) =>
      lastValueFrom(
        client.history.candles('bybit', 'BTC/USDT', { interval: '1h', ...range } as never).pipe(toArray()),
      ).then((list) => list.map((c) => c.timestamp.getTime()))
    const asDates = await opens({ from: new Date(from), to: new Date(to) })
    expect(asDates).to.have.length(30)
    expect(asDates[0]).to.equal(from)
    expect(await opens({ from, to })).to.deep.equal(asDates)
    expect(await opens({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })).to.deep.equal(
      asDates,
    )
    const day = new Date(to - DAY).toISOString().slice(0, 10) // midnight UTC
    const fromDay = await opens({ from: day, to })
    expect(fromDay[0]).to.equal(Date.parse(`${day}T00:00:00Z`))
  })

  it('refuses anything else with invalid-request naming the value', async () => {
    const cases: Array<[unknown, string]> = [
      ['last tuesday', 'from "last tuesday" is not a time'],
      ['2024-01-01T10:00', 'from "2024-01-01T10:00" is not a time'], // no zone: which 10:00?
      [Number.NaN, 'from NaN is not a time'],
      [new Date('x'), 'from an invalid Date is not a time'],
      [{}, 'from (object) is not a time'],
    ]
    for (const [from, message] of cases) {
      const e = await failureOf(client.history.trades('binance', 'BTC/USDT', { from, to: now } as never))
      expect([e.kind, e.message], String(from)).to.deep.include.members(['invalid-request'])
      expect(e.message).to.contain(message)
    }
  })

  it('reports progress after each page and at the end: pages, rows, covered range, fraction', async () => {
    const to = Math.floor(now / MINUTE) * MINUTE - 10 * MINUTE
    const from = to - 2500 * MINUTE // Bybit pages 1000 candles: three pages
    const reports: HistoryProgress[] = []
    const candles = await lastValueFrom(
      client.history
        .candles('bybit', 'btc/usdt', { interval: '1m', from, to, onProgress: (p) => reports.push(p) })
        .pipe(toArray()),
    )
    expect(candles).to.have.length(2500)
    expect(reports.map((p) => [p.pages, p.rows, p.done])).to.deep.equal([
      [1, 1000, false],
      [2, 2000, false],
      [3, 2500, true],
    ])
    expect(reports.map((p) => p.fraction)).to.deep.equal([999 / 2500, 1999 / 2500, 1])
    const last = reports[2] as HistoryProgress
    expect(last.from.getTime()).to.equal(from)
    expect(last.to.getTime()).to.equal(to)
    expect(last.covered?.from.getTime()).to.equal(from)
    expect(last.covered?.to.getTime()).to.equal(to - MINUTE)
  })

  it('reports no more pages than were taken', async () => {
    const to = Math.floor(now / MINUTE) * MINUTE - 10 * MINUTE
    const reports: HistoryProgress[] = []
    const onProgress = (p: HistoryProgress) => reports.push(p)
    await lastValueFrom(
      client.history
        .candles('binance', 'BTC/USDT', { interval: '1m', from: to - 2500 * MINUTE, to, onProgress })
        .pipe(take(10), toArray()),
    )
    expect(reports.map((p) => [p.pages, p.rows, p.done])).to.deep.equal([[1, 10, false]])
  })

  for (const venue of ['bybit', 'binance'] as const) {
    it(`${venue}: a start before the earliest candle fails naming it, instead of starting later`, async () => {
      // the simulators keep 30 days of candles
      const to = Math.floor(now / HOUR) * HOUR
      const e = await failureOf(
        client.history.candles(venue, 'BTC/USDT', { interval: '1h', from: to - 40 * DAY, to }),
      )
      expect(e.kind).to.equal('invalid-request')
      expect(e.message).to.match(
        new RegExp(
          `^${venue} has no BTC/USDT 1h candles before (\\S+), its earliest; the range asked starts at ${new Date(to - 40 * DAY).toISOString()}$`,
        ),
      )
      const earliest = Date.parse(/before (\S+),/.exec(e.message)?.[1] ?? '')
      expect(earliest).to.be.within(to - 31 * DAY, to - 29 * DAY)
      // asked again from there, the history is whole
      const candles = await lastValueFrom(
        client.history.candles(venue, 'BTC/USDT', { interval: '1h', from: earliest, to }).pipe(toArray()),
      )
      expect(candles[0]?.timestamp.getTime()).to.equal(earliest)
      expect(candles).to.have.length((to - earliest) / HOUR)
    })

    it(`${venue}: a range wholly before the earliest candle fails rather than ending empty`, async () => {
      const to = Math.floor(now / HOUR) * HOUR - 60 * DAY
      const e = await failureOf(
        client.history.candles(venue, 'BTC/USDT', { interval: '1h', from: to - DAY, to }),
      )
      expect(e.kind).to.equal('invalid-request')
      expect(e.message).to.contain(`before ${new Date(to).toISOString()}, the end of the range asked`)
    })
  }

  it('binance: trade history from before the first trade fails naming it, instead of starting later', async () => {
    const binance = sim.venue('binance')
    binance.trade({ symbol: 'BTC/USDT', side: 'buy', qty: '0.01' }) // at least one trade
    const to = binance.now() + 1
    const from = to - 2 * DAY
    const e = await failureOf(client.history.trades('binance', 'BTC/USDT', { from, to }))
    expect(e.kind).to.equal('invalid-request')
    const said = new RegExp(
      `^binance has no BTC/USDT trades before (\\S+), its earliest; the range asked starts at ${new Date(from).toISOString()}$`,
    ).exec(e.message)
    expect(said, e.message).to.not.equal(null)
    const earliest = Date.parse(said?.[1] ?? '')
    expect(earliest).to.be.within(from + 1, to)
    const trades = await lastValueFrom(
      client.history.trades('binance', 'BTC/USDT', { from: earliest, to }).pipe(toArray()),
    )
    expect(trades[0]?.timestamp.getTime()).to.equal(earliest)
  })
})
