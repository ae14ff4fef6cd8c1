import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { CoinbaseSimulator, startSimulator } from '../../lib/testing/index.js'
import { Frames, get } from './support/bybit-wire.js'
import { shapeDiff, type Allowance } from './support/shape.js'

const API = '/api/v3/brokerage'
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0)

function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../fixtures/coinbase/${name}`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>
}

function conforms(name: string, actual: unknown, allow: readonly Allowance[] = []): void {
  expect(shapeDiff(fixture(name), actual, allow), name).to.deep.equal([])
}

type Frame = { channel: string; sequence_num: number; events: Record<string, unknown>[] }

/** Frames of one connection until one of `channel`. */
async function untilChannel(ws: Frames, channel: string): Promise<Frame> {
  return (await ws.until<Frame>((f) => f.channel === channel)).found
}

const CANDLE_PRICE_KEYS: Allowance = {
  path: 'mid_market',
  kind: 'text',
  reason: 'the mid price of the simulated book',
}

describe('Coinbase simulator', () => {
  let sim: CoinbaseSimulator

  beforeEach(async () => {
    sim = await CoinbaseSimulator.start({ seed: 7, tickMs: 'manual' })
    sim.setClock(T0, { running: true })
  })

  afterEach(() => sim.close())

  describe('conformance with the published payloads', () => {
    it('public REST answers have the shapes of the fixtures', async () => {
      const products = await get(sim, `${API}/market/products`, 'product_type=SPOT')
      const list = products.body.products as Record<string, unknown>[]
      expect(list.map((p) => [p.product_id, p.alias])).to.deep.equal([
        ['BTC-USD', ''],
        ['ETH-USD', ''],
        ['BTC-USDC', 'BTC-USD'],
      ])
      conforms('rest-product.json', list[0])
      // products that have no alias of their own, or are one: the same keys
      for (const p of list) expect(Object.keys(p)).to.deep.equal(Object.keys(fixture('rest-product.json')))
      conforms('rest-product.json', (await get(sim, `${API}/market/products/BTC-USD`)).body)
      conforms(
        'rest-product-book.json',
        (await get(sim, `${API}/market/product_book`, 'product_id=BTC-USD&limit=5')).body,
        [CANDLE_PRICE_KEYS],
      )
      sim.trade({ symbol: 'BTC/USD', side: 'buy', qty: '0.1' })
      conforms(
        'rest-market-trades.json',
        (await get(sim, `${API}/market/products/BTC-USD/ticker`, 'limit=5')).body,
      )
      const hour = 3600
      const end = Math.floor(T0 / 1000 / hour) * hour
      conforms(
        'rest-candles.json',
        (
          await get(
            sim,
            `${API}/market/products/BTC-USD/candles`,
            `start=${end - 3 * hour}&end=${end}&granularity=ONE_HOUR`,
          )
        ).body,
      )
      const missing = await get(sim, `${API}/market/products/DOGE-USD`)
      expect(missing.status).to.equal(404)
      // the error's `details` are empty here; the rest has the docs' shape
      const { details, ...error } = missing.body
      const { details: _documented, ...documented } = fixture('rest-error.docs-schema.json')
      expect(details).to.deep.equal([])
      expect(shapeDiff(documented, error)).to.deep.equal([])
      expect(missing.headers.get('access-control-allow-origin'), 'CORS').to.equal('*')
    })

    it('socket frames have the shapes of the fixtures, and the documented subscribe messages are taken', async () => {
      const ws = await Frames.open(sim.wsUrl)
      ws.send(fixture('ws-subscribe-heartbeats.json'))
      await untilChannel(ws, 'subscriptions')
      for (const name of ['level2', 'ticker', 'market-trades', 'candles']) {
        ws.send({ ...fixture(`ws-subscribe-${name}.json`), product_ids: ['BTC-USD'] })
      }
      conforms('ws-level2-snapshot.json', await untilChannel(ws, 'l2_data'), [
        { path: 'events[].updates[].event_time', kind: 'text', reason: 'a time' },
      ])
      conforms('ws-ticker.json', await untilChannel(ws, 'ticker'))
      await untilChannel(ws, 'market_trades')
      conforms('ws-candles.json', await untilChannel(ws, 'candles'))
      sim.step(3, 'BTC/USD')
      sim.trade({ symbol: 'BTC/USD', side: 'sell', qty: '0.1' })
      conforms('ws-market-trades.json', await untilChannel(ws, 'market_trades'))
      conforms('ws-level2-update.thirdparty-nautilus.json', await untilChannel(ws, 'l2_data'))
      sim.heartbeat()
      conforms('ws-heartbeats-live-integer-counter.json', await untilChannel(ws, 'heartbeats'))
      await ws.close()
    })
  })

  it('numbers every frame of a connection, all channels together, and each connection on its own', async () => {
    const a = await Frames.open(sim.wsUrl)
    const b = await Frames.open(sim.wsUrl)
    for (const ws of [a, b]) {
      ws.send({ type: 'subscribe', channel: 'heartbeats' })
      ws.send({ type: 'subscribe', channel: 'level2', product_ids: ['BTC-USD'] })
    }
    a.send({ type: 'subscribe', channel: 'ticker', product_ids: ['BTC-USD', 'ETH-USD'] })
    await untilChannel(a, 'ticker')
    await untilChannel(a, 'ticker')
    await untilChannel(b, 'l2_data')
    sim.step(5)
    sim.heartbeat()
    const numbers = async (ws: Frames, last: string) => {
      const seen: number[] = []
      for (;;) {
        const f = await ws.next<Frame>()
        seen.push(f.sequence_num)
        if (f.channel === last) return seen
      }
    }
    const seenA = await numbers(a, 'heartbeats')
    const seenB = await numbers(b, 'heartbeats')
    const consecutive = (list: number[]) => list.every((n, i) => i === 0 || n === (list[i - 1] as number) + 1)
    expect(seenA.length, 'book updates of BTC and tickers of both on A').to.be.greaterThan(seenB.length)
    expect(consecutive(seenA) && consecutive(seenB), `${seenA} / ${seenB}`).to.equal(true)
    sim.faults.skipUpdateId()
    sim.heartbeat()
    sim.heartbeat()
    const [afterA, afterB] = [await a.next<Frame>(), await b.next<Frame>()]
    const [nextA, nextB] = [await a.next<Frame>(), await b.next<Frame>()]
    expect(afterA.sequence_num - (seenA.at(-1) as number), 'a number skipped on A').to.equal(2)
    expect(afterB.sequence_num - (seenB.at(-1) as number), 'and on B').to.equal(2)
    expect(nextA.sequence_num - afterA.sequence_num).to.equal(1)
    expect(nextB.sequence_num - afterB.sequence_num).to.equal(1)
    await a.close()
    await b.close()
  })

  it('frames lost in a silence still take their numbers; a skipped number is one gap', async () => {
    const ws = await Frames.open(sim.wsUrl)
    ws.send({ type: 'subscribe', channel: 'heartbeats' })
    const first = await untilChannel(ws, 'subscriptions')
    sim.heartbeat()
    const before = await untilChannel(ws, 'heartbeats')
    expect(before.sequence_num).to.equal(first.sequence_num + 1)
    const silence = sim.faults.silence()
    sim.heartbeat()
    sim.heartbeat()
    sim.faults.resume()
    await silence
    sim.faults.skipUpdateId()
    sim.heartbeat()
    const after = await untilChannel(ws, 'heartbeats')
    expect(after.sequence_num - before.sequence_num).to.equal(4)
    await ws.close()
  })

  it('serves an alias product from its market, under the market product id', async () => {
    const ws = await Frames.open(sim.wsUrl)
    ws.send({ type: 'subscribe', channel: 'level2', product_ids: ['BTC-USDC'] })
    const snapshot = await untilChannel(ws, 'l2_data')
    expect(snapshot.events[0]?.product_id).to.equal('BTC-USD')
    sim.step(3, 'BTC/USD')
    const update = await untilChannel(ws, 'l2_data')
    expect([update.events[0]?.type, update.events[0]?.product_id]).to.deep.equal(['update', 'BTC-USD'])
    await ws.close()
  })

  it('refuses unknown channels, products and messages with an error frame', async () => {
    const ws = await Frames.open(sim.wsUrl)
    ws.send({ type: 'subscribe', channel: 'level2', product_ids: ['DOGE-USD'] })
    expect(await ws.next()).to.deep.equal({ type: 'error', message: 'Failed to subscribe: level2:DOGE-USD' })
    ws.send({ type: 'subscribe', channel: 'level3', product_ids: ['BTC-USD'] })
    expect(await ws.next()).to.have.property('type', 'error')
    ws.send('not json')
    expect(await ws.next()).to.have.property('type', 'error')
    ws.send('null')
    expect(await ws.next()).to.deep.equal({ type: 'error', message: 'malformed message' })
    await ws.close()
  })

  it('answers late when asked to, and fails the next requests with the status asked for', async () => {
    sim.faults.slowNext(1, 150)
    const started = Date.now()
    expect((await get(sim, `${API}/time`)).status).to.equal(200)
    expect(Date.now() - started).to.be.at.least(150)
    sim.faults.failNext(1, 429, { retryAfterSec: 2 })
    const limited = await get(sim, `${API}/time`)
    expect([limited.status, limited.headers.get('retry-after')]).to.deep.equal([429, '2'])
    expect((await get(sim, `${API}/time`)).status).to.equal(200)
  })

  it('refuses a public request beyond 10 a second with 429, and candles beyond 350 a request', async () => {
    sim.setClock(T0)
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await get(sim, `${API}/time`)).status)
    expect(statuses).to.deep.equal([...Array<number>(10).fill(200), 429])
    const limited = await get(sim, `${API}/time`)
    expect(limited.body).to.have.property('error', 'RESOURCE_EXHAUSTED')
    sim.advanceClock(1000)
    const start = Math.floor(T0 / 1000 / 60) * 60 - 400 * 60
    const many = await get(
      sim,
      `${API}/market/products/BTC-USD/candles`,
      `start=${start}&end=${start + 350 * 60}&granularity=ONE_MINUTE`,
    )
    expect([many.status, many.body.error]).to.deep.equal([400, 'INVALID_ARGUMENT'])
    const fits = await get(
      sim,
      `${API}/market/products/BTC-USD/candles`,
      `start=${start}&end=${start + 349 * 60}&granularity=ONE_MINUTE`,
    )
    expect((fits.body.candles as unknown[]).length).to.equal(350)
  })

  it('quotes BTC/USD around the reference walk of BTC/USDT: with Bybit started together, their books cross in under 3% of steps', async () => {
    const pair = await startSimulator({ venues: ['bybit', 'coinbase'], seed: 42, tickMs: 'manual' })
    try {
      let crossed = 0
      const steps = 2000
      for (let i = 0; i < steps; i++) {
        pair.venue('bybit').step(1, 'BTC/USDT')
        pair.venue('coinbase').step(1, 'BTC/USD')
        const a = pair.venue('bybit').book('BTC/USDT', 1)
        const b = pair.venue('coinbase').book('BTC/USD', 1)
        const [aBid, aAsk, bBid, bAsk] = [a.bids[0], a.asks[0], b.bids[0], b.asks[0]].map((l) => l?.price)
        if (aBid === undefined || aAsk === undefined || bBid === undefined || bAsk === undefined) continue
        if (aBid.gt(bAsk) || bBid.gt(aAsk)) crossed++
      }
      expect(crossed / steps).to.be.below(0.03)
    } finally {
      await pair.close()
    }
  })
})
