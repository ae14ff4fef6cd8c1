import { expect } from 'chai'
import { filter, firstValueFrom, lastValueFrom, ReplaySubject, toArray, type Subscription } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { Candle, CandleInterval, Trade } from '../../lib/core/model.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'

/** The simulators' frozen time at start, moved only by the test. */
const T0 = Date.UTC(2025, 0, 6, 10, 0, 20)
const STEP_MS = 5_000
const ROUNDS = 40

const VENUES = [
  { id: 'bybit', symbol: 'BTC/USDT', live: '1m', trades: 'publicTrade.BTCUSDT', candles: 'kline.1.BTCUSDT' },
  { id: 'binance', symbol: 'BTC/USDT', live: '1m', trades: 'btcusdt@trade', candles: 'btcusdt@kline_1m' },
  {
    id: 'coinbase',
    symbol: 'BTC/USD',
    live: '5m',
    trades: 'market_trades:BTC-USD',
    candles: 'candles:BTC-USD',
  },
] as const

const MINUTE = 60_000

/** The candle of `candles` whose interval holds `ms`. */
function candleAt(candles: readonly Candle[], ms: number, lengthMs: number): Candle | undefined {
  return candles.find((c) => c.timestamp.getTime() <= ms && ms < c.timestamp.getTime() + lengthMs)
}

function expectWithin(trade: Trade, candle: Candle | undefined, what: string): void {
  const at = trade.timestamp.toISOString()
  expect(candle, `${what}: no candle holds the trade at ${at}`).to.not.equal(undefined)
  const c = candle as Candle
  expect(
    trade.price.gte(c.low) && trade.price.lte(c.high),
    `${what}: trade ${trade.price.toString()} at ${at} outside [${c.low.toString()}, ${c.high.toString()}]`,
  ).to.equal(true)
}

describe("simulated candles hold their market's own trades", function () {
  this.timeout(60_000)
  let sim: Simulator
  let client: Client

  before(async () => {
    const clock = { at: T0 }
    sim = await startSimulator({
      venues: ['bybit', 'binance', 'coinbase'],
      seed: 42,
      tickMs: 'manual',
      bybit: { clock },
      binance: { clock },
      coinbase: { clock },
    })
    client = createClient({ ...sim.clientOptions(), logger: silentLogger })
  })
  after(async () => {
    await client?.close()
    await sim?.close()
  })

  for (const v of VENUES) {
    it(`${v.id}: every trade of a stepped period lies within its live and historical candle`, async () => {
      const venue = sim.venue(v.id)
      const trades = new ReplaySubject<Trade>()
      const live = new ReplaySubject<Candle>()
      const seen: Trade[] = []
      const subs: Subscription[] = [
        client.trades$(v.id, v.symbol).subscribe(trades),
        client.candles$(v.id, v.symbol, v.live).subscribe(live),
        trades.subscribe((t) => seen.push(t)),
      ]
      await Promise.all([venue.subscribed(v.trades), venue.subscribed(v.candles)])
      const instruments = await firstValueFrom(client.instruments$(v.id))
      const lot = instruments.find((i) => i.symbol === v.symbol)?.lotSize ?? new Decimal(1)
      for (let round = 0; round < ROUNDS; round++) {
        venue.advanceClock(STEP_MS)
        venue.step(3, v.symbol)
        // one taker of one lot at the best price, one execution: the round's marker, awaited on the stream
        const book = venue.book(v.symbol, 1)
        const side = round % 2 === 0 ? 'buy' : 'sell'
        const level = side === 'buy' ? book.asks[0] : book.bids[0]
        if (level === undefined) throw new Error(`${v.id} has an empty side`)
        const at = venue.now()
        const marker = firstValueFrom(
          trades.pipe(
            filter((t) => t.timestamp.getTime() === at && t.price.eq(level.price) && t.size.eq(lot)),
          ),
        )
        venue.trade({ symbol: v.symbol, side, qty: lot.toString(), price: level.price.toString() })
        await marker
      }
      // the market moves once more, later (Binance publishes a kline at most every 2 s): the live stream
      // publishes the forming candle with every trade
      venue.advanceClock(STEP_MS)
      venue.step(1, v.symbol)
      const lengthMs = v.live === '5m' ? 5 * MINUTE : MINUTE
      const formingOpen = Math.floor(venue.now() / lengthMs) * lengthMs
      const history = await lastValueFrom(
        client.history
          .candles(v.id, v.symbol, {
            interval: v.live as CandleInterval,
            from: new Date(Math.floor(T0 / lengthMs) * lengthMs),
            to: new Date(formingOpen + lengthMs),
          })
          .pipe(toArray()),
      )
      const truth = history.find((c) => c.timestamp.getTime() === formingOpen)
      const forming = await firstValueFrom(
        live.pipe(filter((c) => c.timestamp.getTime() === formingOpen && c.volume.eq(truth?.volume ?? -1))),
      )
      for (const s of subs) s.unsubscribe()

      expect(seen.length, 'trades seen').to.be.greaterThan(ROUNDS)
      expect(history.length, 'candles of the period').to.be.greaterThan(v.live === '5m' ? 0 : 2)
      for (const t of seen) expectWithin(t, candleAt(history, t.timestamp.getTime(), lengthMs), 'history')
      for (const t of seen.filter((t) => t.timestamp.getTime() >= formingOpen)) {
        expectWithin(t, forming, 'live')
      }
      // live and history tell the same forming candle
      const ohlc = (c: Candle | undefined) => [c?.open, c?.high, c?.low, c?.close].map(String)
      expect(ohlc(forming)).to.deep.equal(ohlc(truth))
    })
  }
})
