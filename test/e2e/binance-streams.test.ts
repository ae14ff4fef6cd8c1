import { expect } from 'chai'
import { merge, type Observable, type Subscription } from 'rxjs'
import {
  BINANCE_INTERVALS,
  type BinanceVenue,
  type CandleInterval,
  type Trade,
  type UnifiedSymbol,
} from '../../index.js'
import type { BinanceInstrumentOptions } from '../../lib/testing/index.js'
import { record, startBinanceRig, type BinanceRig } from './binance-support.js'

const SYMBOLS = 100
const INTERVALS = Object.keys(BINANCE_INTERVALS) as CandleInterval[]
/** trade, aggTrade and one kline stream per interval, for every symbol. */
const STREAMS = SYMBOLS * (2 + INTERVALS.length)
const MAX_PER_CONNECTION = 1024

const letter = (n: number) => String.fromCharCode(65 + n)
/** `TAA/USDT`, `TAB/USDT`, ...: letters only, as Binance's symbols are. */
const symbolAt = (i: number): UnifiedSymbol => `T${letter(Math.floor(i / 26))}${letter(i % 26)}/USDT`
const streamBase = (symbol: UnifiedSymbol) => symbol.replace('/', '').toLowerCase()

describe(`binance e2e: ${STREAMS} market streams`, () => {
  let rig: BinanceRig
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => symbolAt(i))

  beforeEach(async () => {
    const instruments: BinanceInstrumentOptions[] = symbols.map((symbol) => ({
      symbol,
      tickSize: '0.01',
      stepSize: '0.001',
      startPrice: '100',
    }))
    rig = await startBinanceRig({ seed: 21, simulator: { instruments, levels: 5 } })
  })

  afterEach(() => rig.close())

  it('uses 2 connections and never trips the 5 messages/s limit', async () => {
    const { client, binance, simEvents } = rig
    const venue = client.venue('binance') as BinanceVenue
    expect(STREAMS).to.equal(1500)
    const names = symbols.flatMap((s) => [
      `${streamBase(s)}@trade`,
      `${streamBase(s)}@aggTrade`,
      ...INTERVALS.map((i) => `${streamBase(s)}@kline_${BINANCE_INTERVALS[i]}`),
    ])
    expect(new Set(names).size).to.equal(STREAMS)

    const first = symbols[0] as UnifiedSymbol
    const last = symbols[SYMBOLS - 1] as UnifiedSymbol
    const trades = record(merge(client.trades$('binance', first), client.trades$('binance', last)))
    const subscriptions: Subscription[] = []
    const live = (source: Observable<unknown>) =>
      subscriptions.push(source.subscribe({ error: () => undefined }))
    for (const s of symbols) {
      if (s !== first && s !== last) live(client.trades$('binance', s))
      live(venue.aggTrades$(s))
      for (const i of INTERVALS) live(client.candles$('binance', s, i))
    }
    try {
      await Promise.all(names.map((n) => binance.subscribed(n)))

      const held = binance
        .connections()
        .subscriptions.map((list) => list.length)
        .sort((a, b) => b - a)
      expect(held, 'streams per connection at the venue').to.deep.equal([
        MAX_PER_CONNECTION,
        STREAMS - MAX_PER_CONNECTION,
      ])
      expect(new Set(binance.connections().subscriptions.flat()).size, 'every stream once').to.equal(STREAMS)
      expect(
        [...venue.streamsPerConnection()].sort((a, b) => b - a),
        'streams per connection in the driver',
      ).to.deep.equal(held)
      const connects = simEvents.seen.filter((e) => e.type === 'connected' && e.channel === 'stream')
      expect(connects, 'market-stream connections ever opened').to.have.length(2)
      const closes = simEvents.seen.filter((e) => e.type === 'disconnected')
      expect(
        closes.map((e) => (e.type === 'disconnected' ? e.reason : undefined)),
        'connections the venue closed',
      ).to.deep.equal([])

      // both connections deliver: a trade on the first symbol and one on the last
      binance.trade({ symbol: first, side: 'buy', qty: '0.001' })
      binance.trade({ symbol: last, side: 'sell', qty: '0.002' })
      await trades.untilCount(() => true, 2, 'trade')
      expect(trades.seen.map((t: Trade) => `${t.symbol} ${t.side} ${t.size.toFixed()}`)).to.deep.equal([
        `${first} buy 0.001`,
        `${last} sell 0.002`,
      ])
      expect(
        simEvents.count((e) => e.type === 'disconnected'),
        'still no close',
      ).to.equal(0)
      expect(binance.connections().streams).to.equal(2)
    } finally {
      trades.stop()
      for (const s of subscriptions) s.unsubscribe()
    }
  })
})
