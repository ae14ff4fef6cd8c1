import { expect } from 'chai'
import type { Decimal } from '../../lib/core/decimal.js'
import { BybitSimulator, startSimulator, type Simulator } from '../../lib/testing/index.js'
import { Frames, get } from './support/bybit-wire.js'

const SYMBOL = 'BTC/USDT'

/** Steps both venues' BTC/USDT `n` times in turn; how often one venue's best bid was above the other's best ask. */
function crossedShare(sim: Simulator, n: number): number {
  let crossed = 0
  const top = (id: 'bybit' | 'binance'): [Decimal, Decimal] => {
    const book = sim.venue(id).book(SYMBOL, 1)
    const [bid, ask] = [book.bids[0], book.asks[0]]
    if (bid === undefined || ask === undefined) throw new Error(`${id} has an empty side`)
    return [bid.price, ask.price]
  }
  for (let i = 0; i < n; i++) {
    sim.venue('bybit').step(1, SYMBOL)
    sim.venue('binance').step(1, SYMBOL)
    const [[bybitBid, bybitAsk], [binanceBid, binanceAsk]] = [top('bybit'), top('binance')]
    if (bybitBid.gt(binanceAsk) || binanceBid.gt(bybitAsk)) crossed++
  }
  return crossed / n
}

describe('startSimulator', () => {
  it('starts Bybit on 127.0.0.1 and a free port, and gives the client its options', async () => {
    const sim = await startSimulator({ venues: ['bybit'], seed: 42 })
    const bybit = sim.venue('bybit')
    const options = sim.clientOptions().venues.bybit
    expect(options).to.deep.equal(bybit.clientOptions())
    expect(options?.restUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(options?.wsUrl).to.equal(`${options?.restUrl.replace('http', 'ws')}/v5/public/spot`)
    expect(options?.privateWsUrl).to.equal(`${options?.restUrl.replace('http', 'ws')}/v5/private`)
    expect(options?.apiKey).to.be.a('string').and.not.equal(options?.secret)
    expect((await get(bybit, '/v5/market/time')).body.retCode).to.equal(0)
    expect(() => sim.venue('binance' as 'bybit')).to.throw()
    await sim.close()
    const refused = await fetch(`${options?.restUrl}/v5/market/time`).then(
      () => 'answered',
      () => 'refused',
    )
    expect(refused, 'closed means the port is closed').to.equal('refused')
    expect(() => bybit.step(1, 'BTC/USDT')).to.throw(/closed/)
  })

  it('close() ends open sockets too', async () => {
    const sim = await startSimulator({ venues: ['bybit'] })
    const ws = await Frames.open(sim.venue('bybit').wsUrl)
    await sim.close()
    expect(await ws.closed).to.be.a('number')
  })

  it('moves its markets by itself by default: a subscriber gets deltas without any step()', async () => {
    const sim = await startSimulator({ venues: ['bybit'], seed: 1 })
    const eth = JSON.stringify(sim.venue('bybit').book('ETH/USDT'))
    const ws = await Frames.open(sim.venue('bybit').wsUrl)
    ws.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'] })
    await ws.until((m) => m.type === 'snapshot')
    for (let i = 0; i < 3; i++) await ws.until((m) => m.type === 'delta')
    // every listed market moves, watched or not, as on a live venue
    expect(JSON.stringify(sim.venue('bybit').book('ETH/USDT'))).to.not.equal(eth)
    await sim.close()
  })

  it('venues started together quote around one reference price: their books cross in under 3% of steps', async () => {
    const sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 42, tickMs: 'manual' })
    try {
      expect(crossedShare(sim, 2000)).to.be.below(0.03)
    } finally {
      await sim.close()
    }
  })

  it('a venue given a seed of its own still follows the shared reference price', async () => {
    const sim = await startSimulator({
      venues: ['bybit', 'binance'],
      seed: 42,
      tickMs: 'manual',
      bybit: { seed: 7 },
      binance: { seed: 8 },
    })
    try {
      expect(crossedShare(sim, 2000)).to.be.below(0.03)
    } finally {
      await sim.close()
    }
  })

  it('a venue started alone follows a walk of its own seed: the same market as when started with another venue', async () => {
    const alone = await BybitSimulator.start({ seed: 42, tickMs: 'manual' })
    const pair = await startSimulator({ venues: ['bybit', 'binance'], seed: 42, tickMs: 'manual' })
    try {
      alone.step(500, SYMBOL)
      pair.venue('bybit').step(500, SYMBOL)
      const levels = (book: ReturnType<BybitSimulator['book']>) => [book.bids, book.asks, book.sequence]
      expect(levels(alone.book(SYMBOL))).to.deep.equal(levels(pair.venue('bybit').book(SYMBOL)))
    } finally {
      await Promise.all([alone.close(), pair.close()])
    }
  })

  it('with tickMs the watched markets move by themselves', async () => {
    const sim = await startSimulator({ venues: ['bybit'], seed: 1, tickMs: 2 })
    const ws = await Frames.open(sim.venue('bybit').wsUrl)
    ws.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'] })
    await ws.next()
    const snapshot = (await ws.next()) as { data: { u: number } }
    const delta = (await ws.until((m) => m.type === 'delta')).found as { data: { u: number } }
    expect(delta.data.u).to.equal(snapshot.data.u + 1)
    await sim.close()
  })

  it('refuses venues it cannot simulate and bad options', async () => {
    let error: unknown
    await startSimulator({ venues: ['kraken' as 'bybit'] }).catch((e: unknown) => (error = e))
    expect(error).to.have.property('kind', 'invalid-request')
    error = undefined
    await startSimulator({ venues: ['bybit'], bybit: { levels: 1 } }).catch((e: unknown) => (error = e))
    expect(error).to.have.property('kind', 'invalid-request')
    for (const tickMs of [0, -5, Number.NaN]) {
      error = undefined
      await startSimulator({ venues: ['binance'], tickMs }).catch((e: unknown) => (error = e))
      expect(error, `tickMs ${tickMs}`).to.have.property('kind', 'invalid-request')
    }
  })
})
