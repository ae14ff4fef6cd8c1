import { expect } from 'chai'
import { merge, type Observable, type Subscription } from 'rxjs'
import {
  BINANCE_INTERVALS,
  type BinanceVenue,
  type CandleInterval,
  type Trade,
  type UnifiedSymbol,
} from '../../index.js'
import type { BinanceInstrumentOptions, BinanceSimEvent } from '../../lib/testing/index.js'
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
/** Every stream the test takes of a symbol: trade, aggTrade and one kline stream per interval. */
const streamsOf = (symbol: UnifiedSymbol) => [
  `${streamBase(symbol)}@trade`,
  `${streamBase(symbol)}@aggTrade`,
  ...INTERVALS.map((i) => `${streamBase(symbol)}@kline_${BINANCE_INTERVALS[i]}`),
]

/** A `subscribed` or `unsubscribed` report. */
type StreamsEvent = Extract<BinanceSimEvent, { readonly streams: readonly string[] }>

/**
 * What a market-stream connection was asked to carry, as the simulator saw it: the streams named in its
 * URL (reported together with the connection, in the same turn) and the stream lists of its SUBSCRIBE
 * messages, in order.
 */
function askedOf(seen: readonly BinanceSimEvent[], connId: number): { url: string[]; subscribe: string[][] } {
  const at = seen.findIndex((e) => e.type === 'connected' && e.channel === 'stream' && e.connId === connId)
  const named = seen[at + 1]
  const url = named?.type === 'subscribed' && named.connId === connId ? [...named.streams] : []
  const subscribe = seen
    .slice(at + (url.length > 0 ? 2 : 1))
    .filter((e): e is StreamsEvent => e.type === 'subscribed' && e.connId === connId)
    .map((e) => [...e.streams])
  return { url, subscribe }
}

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
    const names = symbols.flatMap(streamsOf)
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

  it('asks for each stream once: the URL names the live ones, SUBSCRIBE only the rest, also after a reconnect', async () => {
    const { client, binance, simEvents } = rig
    const venue = client.venue('binance') as BinanceVenue
    const taken = symbols.slice(0, 20)
    const names = taken.flatMap(streamsOf)
    expect(names).to.have.length(300)
    const subscriptions: Subscription[] = []
    for (const s of taken) {
      subscriptions.push(client.trades$('binance', s).subscribe({ error: () => undefined }))
      subscriptions.push(venue.aggTrades$(s).subscribe({ error: () => undefined }))
      for (const i of INTERVALS)
        subscriptions.push(client.candles$('binance', s, i).subscribe({ error: () => undefined }))
    }
    const connected = (n: number) =>
      simEvents.untilCount((e) => e.type === 'connected' && e.channel === 'stream', n, 'market connection')
    const disconnected = (connId: number) =>
      simEvents.until(
        (e) => e.type === 'disconnected' && e.channel === 'stream' && e.connId === connId,
        `close of connection ${connId}`,
      )
    try {
      await connected(1)
      await Promise.all(names.map((n) => binance.subscribed(n)))
      binance.faults.dropSockets()
      await disconnected(1)
      await connected(2)
      await Promise.all(names.map((n) => binance.subscribed(n)))
    } finally {
      for (const s of subscriptions) s.unsubscribe()
    }
    // the last unsubscribe closes the connection; everything it sent before has been read by then
    await disconnected(2)

    const seen = simEvents.seen
    const ids = seen.flatMap((e) => (e.type === 'connected' && e.channel === 'stream' ? [e.connId] : []))
    expect(ids, 'market connections').to.have.length(2)
    for (const connId of ids) {
      const { url, subscribe } = askedOf(seen, connId)
      const asked = [...url, ...subscribe.flat()]
      // 300 stream names do not fit in one URL: some of each kind of request
      expect(url.length, `streams in URL ${connId}`).to.be.within(1, names.length - 1)
      expect(asked.length, `streams asked for on connection ${connId}`).to.equal(new Set(asked).size)
      expect([...asked].sort()).to.deep.equal([...names].sort())
    }
    expect(
      seen.filter((e) => e.type === 'unsubscribed'),
      'UNSUBSCRIBE: each close ended its streams',
    ).to.deep.equal([])
    expect(
      seen.flatMap((e) => (e.type === 'disconnected' ? [e.reason] : [])),
      'why the venue closed a connection (the drop and the client close give none)',
    ).to.deep.equal([undefined, undefined])
  })
})
