import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, map, take, toArray, type Subscription } from 'rxjs'
import { L2Book } from '../../../lib/book/l2-book.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookLevel, Candle, UnifiedSymbol } from '../../../lib/core/model.js'
import {
  startSimulator,
  type CoinbaseSimEvent,
  type CoinbaseSimulator,
  type Simulator,
} from '../../../lib/testing/index.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createCoinbaseVenue, type CoinbaseVenue } from '../../../lib/venues/coinbase/index.js'
import type { CoinbaseOptions } from '../../../lib/venues/coinbase/options.js'
import { record, type Recorder } from '../../e2e/support.js'

const levels = (list: readonly BookLevel[]) => list.map((l) => `${l.price.toFixed()}:${l.size.toFixed()}`)
const FIVE_MINUTES = 300_000

describe('coinbase public driver against the simulator', () => {
  let sim: Simulator
  let cb: CoinbaseSimulator
  let venue: CoinbaseVenue
  let events: Recorder<VenueEvent>
  let simEvents: Recorder<CoinbaseSimEvent>
  const open: Subscription[] = []

  const venueWith = (options: Partial<CoinbaseOptions> = {}): CoinbaseVenue => {
    const { restUrl, wsUrl } = cb.clientOptions()
    return createCoinbaseVenue({
      restUrl,
      wsUrl,
      logger: silentLogger,
      backoff: { initialMs: 0, jitter: 'none' },
      ...options,
    })
  }

  beforeEach(async () => {
    sim = await startSimulator({ venues: ['coinbase'], seed: 42, tickMs: 'manual' })
    cb = sim.venue('coinbase')
    simEvents = record(cb.events$)
    venue = venueWith()
    events = record(venue.events$)
  })

  afterEach(async () => {
    for (const s of open.splice(0)) s.unsubscribe()
    events.stop()
    simEvents.stop()
    await venue.close()
    await sim.close()
  })

  /** A local book of the venue's changes, and a wait until it shows the venue's last book frame. */
  function watchBook(symbol: UnifiedSymbol) {
    const book = new L2Book({ venue: 'coinbase', symbol, sequence: venue.bookSequence })
    const applied = record(
      venue.bookChanges$(symbol).pipe(
        map((change) => {
          const result = book.applyChange(change)
          expect(result.kind, `${change.symbol} ${change.sequence}`).to.equal('applied')
          return change
        }),
      ),
    )
    return {
      book,
      applied,
      caughtUp: (what: string) =>
        applied.until(() => book.synced && book.sequence === cb.bookUpdateId(symbol), what),
      expectSame: () => {
        const truth = cb.book(symbol)
        expect(levels(book.bids()), 'bids').to.deep.equal(levels(truth.bids))
        expect(levels(book.asks()), 'asks').to.deep.equal(levels(truth.asks))
      },
    }
  }

  const resyncs = (reason: string) => events.count((e) => e.type === 'resync' && e.reason === reason)

  it('keeps the whole book equal to the venue through steps, a dropped socket and a lost frame', async () => {
    const btc = watchBook('BTC/USD')
    await cb.subscribed('level2:BTC-USD')
    await btc.caughtUp('the first book')
    cb.step(40, 'BTC/USD')
    await btc.caughtUp('40 steps')
    btc.expectSame()

    cb.faults.dropSockets()
    await events.until((e) => e.type === 'resync' && e.reason === 'reconnect', 'a resync after the drop')
    // the book's old view still shows the venue's last frame: wait for the new subscription
    await simEvents.untilCount(
      (e) => e.type === 'subscribed' && e.topics.includes('level2:BTC-USD'),
      2,
      'the book subscribed again',
    )
    cb.step(10, 'BTC/USD')
    await btc.caughtUp('steps after the drop')
    btc.expectSame()

    // a book update spoiled on the wire: the next frame's number shows one was lost
    cb.faults.malformedFrame('garbage')
    cb.step(3, 'BTC/USD')
    await events.until((e) => e.type === 'resync' && e.reason === 'gap', 'a resync after the lost frame')
    cb.step(10, 'BTC/USD')
    await btc.caughtUp('steps after the resync')
    btc.expectSame()
    expect(events.count((e) => e.type === 'decode-error')).to.equal(1)
  })

  it("a number skipped between two heartbeats resyncs every book of the connection: it may have been any book's", async () => {
    const btc = watchBook('BTC/USD')
    const eth = watchBook('ETH/USD')
    await cb.subscribed('level2:BTC-USD')
    await cb.subscribed('level2:ETH-USD')
    await cb.subscribed('heartbeats')
    await btc.caughtUp('the first BTC book')
    await eth.caughtUp('the first ETH book')
    cb.heartbeat()
    cb.faults.skipUpdateId()
    cb.heartbeat()
    await events.untilCount((e) => e.type === 'resync' && e.reason === 'gap', 2, 'both books resynced')
    expect(
      events.seen.flatMap((e) => (e.type === 'resync' ? [`${e.symbol} ${e.reason}`] : [])).sort(),
    ).to.deep.equal(['BTC/USD gap', 'ETH/USD gap'])
    await simEvents.untilCount(
      (e) => e.type === 'subscribed' && e.topics.includes('level2:ETH-USD'),
      2,
      'ETH subscribed again',
    )
    cb.step(20)
    await btc.caughtUp('BTC after the resync')
    await eth.caughtUp('ETH after the resync')
    btc.expectSame()
    eth.expectSame()
    expect(btc.applied.count((c) => c.isSnapshot)).to.equal(2)
  })

  it('subscribes heartbeats on every connection, and their frames reach no stream', async () => {
    const trades = record(venue.trades$('BTC/USD'))
    await cb.subscribed('market_trades:BTC-USD')
    await simEvents.until((e) => e.type === 'subscribed' && e.topics.includes('heartbeats'), 'heartbeats')
    cb.heartbeat()
    cb.faults.dropSockets()
    await simEvents.untilCount(
      (e) => e.type === 'subscribed' && e.topics.includes('heartbeats'),
      2,
      'heartbeats again after the drop',
    )
    cb.heartbeat()
    cb.trade({ symbol: 'BTC/USD', side: 'buy', qty: '0.1' })
    await trades.until(() => true, 'a trade')
    expect(trades.seen).to.have.length(1)
    expect(resyncs('gap'), 'heartbeats count in the sequence; none was missed').to.equal(0)
    trades.stop()
  })

  it("trades: the taker's side (Coinbase names the resting order's), oldest first", async () => {
    const trades = record(venue.trades$('BTC/USD'))
    await cb.subscribed('market_trades:BTC-USD')
    cb.push('BTC/USD', {
      trades: [
        { side: 'buy', size: '0.01' },
        { side: 'sell', size: '0.02' },
      ],
    })
    await trades.untilCount(() => true, 2, 'two trades')
    expect(trades.seen.map((t) => `${t.side} ${t.size.toFixed()}`)).to.deep.equal(['buy 0.01', 'sell 0.02'])
    const truth = await lastValueFrom(venue.recentTrades('BTC/USD', { limit: 2 }))
    expect(truth.map((t) => [t.id, t.side, t.price.toFixed()])).to.deep.equal(
      trades.seen.map((t) => [t.id, t.side, t.price.toFixed()]),
    )
    trades.stop()
  })

  it('ticker: the best prices and their sizes, the last price and 24 h figures', async () => {
    const ticker = await firstValueFrom(venue.ticker$('BTC/USD'))
    const book = cb.book('BTC/USD', 1)
    expect(ticker.bid?.toFixed()).to.equal(book.bids[0]?.price.toFixed())
    expect(ticker.bidSize?.toFixed()).to.equal(book.bids[0]?.size.toFixed())
    expect(ticker.ask?.toFixed()).to.equal(book.asks[0]?.price.toFixed())
    expect(ticker.last).to.not.equal(undefined)
    expect(ticker.volume24h?.toFixed()).to.equal('0')
  })

  it('candles: five-minute only, the forming one, then closed when the next starts', async () => {
    const refused = await firstValueFrom(venue.candles$('BTC/USD', '1m')).catch((e: unknown) => e)
    expect(refused).to.have.property('kind', 'invalid-request')
    expect(String(refused)).to.include('does not support live 1m candles')

    const start = Math.floor(Date.UTC(2026, 0, 5, 12) / FIVE_MINUTES) * FIVE_MINUTES
    cb.setClock(start + FIVE_MINUTES - 2000)
    const candles = record(venue.candles$('BTC/USD', '5m'))
    await candles.until(() => true, 'the forming candle')
    cb.advanceClock(3000)
    cb.step(1, 'BTC/USD')
    await candles.until((c: Candle) => c.timestamp.getTime() === start + FIVE_MINUTES, 'the next candle')
    expect(candles.seen.map((c) => `${c.timestamp.getTime() - start} ${c.closed}`)).to.deep.equal([
      '0 false',
      '0 true',
      `${FIVE_MINUTES} false`,
    ])
    const truth = cb.candle('BTC/USD', 'FIVE_MINUTE', start)
    expect(candles.seen[1]?.close.toFixed()).to.equal(truth?.close.toFixed())
    candles.stop()
  })

  it('pages hourly candle history lazily, 350 a request, oldest first, matching the venue', async () => {
    const hour = 3_600_000
    const to = Math.floor(cb.now() / hour) * hour - 10 * hour
    // within the simulator's 30 days of history
    const from = to - 600 * hour
    const candlesAsked = () =>
      simEvents.count((e) => e.type === 'request' && e.path.endsWith('/candles') && e.status === 200)
    const first = await lastValueFrom(
      venue
        .candleHistory('BTC/USD', { interval: '1h', from: new Date(from), to: new Date(to) })
        .pipe(take(10), toArray()),
    )
    expect(first).to.have.length(10)
    expect(candlesAsked(), 'one page for ten candles').to.equal(1)
    const all = await lastValueFrom(
      venue
        .candleHistory('BTC/USD', { interval: '1h', from: new Date(from), to: new Date(to) })
        .pipe(toArray()),
    )
    expect(candlesAsked() - 1, 'pages for 600 hours').to.equal(2)
    expect(all).to.have.length(600)
    all.forEach((c, i) => expect(c.timestamp.getTime()).to.equal(from + i * hour))
    expect(all.every((c) => c.closed)).to.equal(true)
    const truth = cb.candle('BTC/USD', 'ONE_HOUR', from + 400 * hour)
    expect(all[400]?.close.toFixed()).to.equal(truth?.close.toFixed())
  })

  it('REST book and recent trades, a -USDC product served from its -USD book under its own symbol', async () => {
    cb.step(5, 'BTC/USD')
    const rest = await lastValueFrom(venue.orderBook('BTC/USD', { limit: 5 }))
    expect(levels(rest.bids)).to.deep.equal(levels(cb.book('BTC/USD', 5).bids))
    const usdc = watchBook('BTC/USDC')
    const usd = watchBook('BTC/USD')
    await usd.caughtUp('the BTC/USD book')
    await usdc.applied.until(() => usdc.book.synced, 'the BTC/USDC book')
    cb.step(10, 'BTC/USD')
    await usd.caughtUp('BTC/USD moved')
    await usdc.applied.until(() => usdc.book.sequence === cb.bookUpdateId('BTC/USD'), 'BTC/USDC moved')
    expect(usdc.applied.seen.every((c) => c.symbol === 'BTC/USDC')).to.equal(true)
    expect(usd.applied.seen.every((c) => c.symbol === 'BTC/USD')).to.equal(true)
    expect(levels(usdc.book.bids())).to.deep.equal(levels(cb.book('BTC/USD').bids))
    const instruments = await lastValueFrom(venue.instruments())
    expect(instruments.map((i) => i.symbol)).to.deep.equal(['BTC/USD', 'ETH/USD', 'BTC/USDC'])
  })

  it('a 429 from the venue waits and asks again; trading is there with a key, absent without', async () => {
    cb.faults.failNext(1, 429, { retryAfterSec: 0 })
    const trades = await lastValueFrom(venue.recentTrades('BTC/USD'))
    expect(trades).to.be.an('array')
    expect(events.count((e) => e.type === 'rate-limited')).to.equal(1)
    expect(venue.trading).to.equal(undefined)
    const keyed = venueWith({ apiKey: cb.apiKey, secret: cb.secret })
    expect(keyed.trading).to.be.an('object')
    expect(keyed.capabilities.trading?.orderTypes).to.deep.equal(['limit', 'market'])
    await keyed.close()
    expect(() => venueWith({ testnet: true })).to.throw(/no testnet/)
  })

  it("paces public REST within the venue's 10 requests a second: no 429 in a burst", async () => {
    const asked = 15
    const books = await Promise.all(
      Array.from({ length: asked }, () => lastValueFrom(venue.orderBook('ETH/USD', { limit: 1 }))),
    )
    expect(books).to.have.length(asked)
    expect(simEvents.count((e) => e.type === 'request' && e.status === 429)).to.equal(0)
  })
})
