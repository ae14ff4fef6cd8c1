import { expect } from 'chai'
import type { BybitSimulator } from '../../lib/testing/index.js'
import { auth, Frames, get, resultOf, sign, signedGet, signedPost } from './support/bybit-wire.js'
import { fixture, startKnown } from './support/bybit-setup.js'
import { shapeDiff, type Allowance } from './support/shape.js'

const MARKET_UNIT: Allowance = {
  path: 'result.list[].marketUnit',
  kind: 'extra',
  reason: 'documented for UTA spot market orders (docs/v5/order/open-order); the fixture is linear',
}
const NO_LAST_PRICE: Allowance = {
  path: 'result.list[].lastPriceOnCreated',
  kind: 'empty',
  reason: 'empty before any trade; rest-open-orders.json itself has "" there',
}
const NO_FILL_AVG: Allowance = {
  path: 'result.list[].avgPrice',
  kind: 'empty',
  reason: 'UTA returns "" for an order without fills (docs/v5/order/open-order)',
}

const SPOT_LOCKED =
  'held by open spot orders: documented (docs/v5/account/wallet-balance), newer than the fixture'

function conforms(name: string, actual: unknown, allow: readonly Allowance[] = []): void {
  expect(shapeDiff(fixture(name), actual, allow), name).to.deep.equal([])
}

describe('Bybit simulator conformance with the published payloads', () => {
  let sim: BybitSimulator
  beforeEach(async () => {
    sim = await startKnown()
  })
  afterEach(() => sim.close())

  it('the shape checker notices a changed key, type and string format', () => {
    const good = { a: '1.5', b: [{ t: '1672364174443' }], c: 1 }
    expect(shapeDiff(good, { a: '1.5', b: [{ t: '1672364174443' }], c: 1 })).to.deep.equal([])
    expect(shapeDiff(good, { a: 1.5, b: [{ t: '1672364174443' }], c: 1 })).to.have.length(1)
    expect(shapeDiff(good, { a: 'x', b: [{ t: '1672364174443' }], c: 1 })).to.have.length(1)
    expect(shapeDiff(good, { a: '1.5', b: [{ t: '1672364174443', u: 1 }], c: 1 })).to.have.length(1)
    expect(shapeDiff(good, { a: '1.5', b: [{}], c: 1 })).to.have.length(1)
  })

  it('public REST answers have the shapes of the fixtures', async () => {
    conforms('rest-server-time.json', (await get(sim, '/v5/market/time')).body)
    conforms(
      'rest-instruments-info-spot.json',
      (await get(sim, '/v5/market/instruments-info', 'category=spot&symbol=BTCUSDT')).body,
    )
    conforms(
      'rest-orderbook-spot.json',
      (await get(sim, '/v5/market/orderbook', 'category=spot&symbol=BTCUSDT')).body,
    )
    conforms(
      'rest-tickers-spot.json',
      (await get(sim, '/v5/market/tickers', 'category=spot&symbol=BTCUSDT')).body,
    )
    conforms(
      'rest-kline-inverse.json',
      (await get(sim, '/v5/market/kline', 'category=spot&symbol=BTCUSDT&interval=60&limit=3')).body,
    )
    sim.trade({ symbol: 'BTC/USDT', side: 'buy', qty: '0.1' })
    conforms(
      'rest-recent-trade-spot.json',
      (await get(sim, '/v5/market/recent-trade', 'category=spot&symbol=BTCUSDT&limit=5')).body,
    )
    const failed = await get(sim, '/v5/market/orderbook', 'symbol=BTCUSDT')
    expect(failed.body.retCode).to.equal(10001)
    conforms('rest-common-envelope.json', failed.body)
  })

  it('the documented order request bodies are accepted as they are', async () => {
    for (const name of [
      'rest-place-order-request-spot-postonly.json',
      'rest-place-order-request-spot-market-buy-quote.json',
    ]) {
      const answer = await signedPost(sim, '/v5/order/create', fixture(name))
      expect(answer.body.retCode, `${name}: ${answer.text}`).to.equal(0)
      conforms('rest-place-order.json', answer.body)
    }
  })

  it('private REST answers have the shapes of the fixtures', async () => {
    // A buy of 1 at 65001 takes the 0.5 offered there and rests the rest: partly filled, open.
    const placed = await signedPost(sim, '/v5/order/create', {
      category: 'spot',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '1',
      price: '65001.0',
      orderLinkId: 'conf-1',
    })
    conforms('rest-place-order.json', placed.body)
    await signedPost(sim, '/v5/order/create', {
      category: 'spot',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.1',
      price: '60000.0',
      orderLinkId: 'conf-2',
    })
    const open = await signedGet(sim, '/v5/order/realtime', 'category=spot&symbol=BTCUSDT')
    expect(resultOf<{ list: unknown[] }>(open).list).to.have.length(2)
    conforms('rest-open-orders.json', open.body, [MARKET_UNIT, NO_FILL_AVG, NO_LAST_PRICE])
    const amended = await signedPost(sim, '/v5/order/amend', {
      category: 'spot',
      symbol: 'BTCUSDT',
      orderLinkId: 'conf-2',
      price: '60001.0',
    })
    conforms('rest-amend-order.json', amended.body)
    const canceled = await signedPost(sim, '/v5/order/cancel', {
      category: 'spot',
      symbol: 'BTCUSDT',
      orderLinkId: 'conf-2',
    })
    conforms('rest-cancel-order.json', canceled.body)
    conforms('rest-order-history.json', (await signedGet(sim, '/v5/order/history', 'category=spot')).body, [
      MARKET_UNIT,
      NO_FILL_AVG,
      NO_LAST_PRICE,
    ])
    conforms('rest-execution-list.json', (await signedGet(sim, '/v5/execution/list', 'category=spot')).body)
    conforms(
      'rest-wallet-balance-unified.json',
      (await signedGet(sim, '/v5/account/wallet-balance', 'accountType=UNIFIED')).body,
      [{ path: 'result.list[].coin[].locked', kind: 'extra', reason: SPOT_LOCKED }],
    )
    const all = await signedPost(sim, '/v5/order/cancel-all', { category: 'spot' })
    expect(resultOf<{ list: unknown[] }>(all).list).to.have.length(1)
    conforms('rest-cancel-all.json', all.body, [
      { path: 'result.list[].orderLinkId', kind: 'text', reason: "the client's own id" },
    ])
  })

  it('public stream frames have the shapes of the fixtures', async () => {
    const ws = await Frames.open(sim.wsUrl)
    ws.send(fixture('ws-subscribe-request.json'))
    conforms('ws-subscribe-response-public-spot.json', await ws.next(), [
      { path: 'req_id', kind: 'text', reason: "the client's own id, echoed" },
    ])
    // What the three topics of the fixture request send first: two level-1 books.
    expect((await ws.next()).topic).to.equal('orderbook.1.BTCUSDT')
    expect((await ws.next()).topic).to.equal('orderbook.1.ETHUSDT')

    ws.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT', 'tickers.BTCUSDT', 'kline.5.BTCUSDT'] })
    expect((await ws.next()).success).to.equal(true)
    const snapshot = await ws.next()
    conforms('ws-orderbook-snapshot.json', snapshot)
    conforms('ws-ticker-spot.json', await ws.next())
    conforms('ws-kline.json', await ws.next())

    sim.push('BTC/USDT', { bids: [['64999.5', '0.25']], asks: [['65001.0', '0']] })
    const delta = (await ws.until((m) => m.topic === 'orderbook.50.BTCUSDT')).found
    expect(delta.type).to.equal('delta')
    conforms('ws-orderbook-delta.json', delta)

    sim.trade({ symbol: 'BTC/USDT', side: 'sell', qty: '0.01' })
    const trade = (await ws.until((m) => m.topic === 'publicTrade.BTCUSDT')).found
    conforms('ws-public-trade.json', trade, [
      {
        path: 'data[].L',
        kind: 'missing',
        reason: 'tick direction is for perps and futures only (docs/v5/websocket/public/trade)',
      },
    ])

    ws.send({ op: 'ping' })
    conforms('ws-pong-public-spot.json', (await ws.until((m) => m.op === 'ping')).found)
    ws.send(fixture('ws-ping-request.json'))
    const pong = (await ws.until((m) => m.op === 'ping')).found
    expect(pong.req_id).to.equal('100001')
    conforms('ws-pong-public-linear.json', pong)

    ws.send({ ...fixture('ws-unsubscribe-request.json'), args: ['publicTrade.BTCUSDT'] })
    const unsubscribed = (await ws.until((m) => m.op === 'unsubscribe')).found
    expect(unsubscribed).to.include({ success: true, req_id: 'customised_id' })
    await ws.close()
  })

  it('private stream frames have the shapes of the fixtures', async () => {
    const ws = await Frames.open(sim.privateWsUrl)
    const expires = sim.now() + 10_000
    const request = fixture('ws-auth-request.json')
    ws.send({ ...request, args: [sim.apiKey, expires, sign(sim.secret, `GET/realtime${expires}`)] })
    conforms('ws-auth-response.json', await ws.next())
    ws.send({ op: 'subscribe', args: ['order', 'execution', 'wallet'] })
    conforms('ws-subscribe-response-private.json', await ws.next())
    ws.send({ req_id: 'test', op: 'ping' })
    conforms('ws-pong-private.json', await ws.next())

    const placed = await signedPost(sim, '/v5/order/create', {
      category: 'spot',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '1',
      price: '65001.0',
    })
    expect(placed.body.retCode).to.equal(0)
    const order = (await ws.until((m) => m.topic === 'order')).found
    conforms('ws-order.json', order, [
      {
        path: 'data[].marketUnit',
        kind: 'extra',
        reason: 'documented for UTA spot market orders (docs/v5/websocket/private/order)',
      },
      { path: 'data[].cumFeeDetail', kind: 'map', reason: 'keyed by fee coin' },
      { path: 'data[].avgPrice', kind: 'empty', reason: 'UTA sends "" for an order without fills' },
    ])
    conforms('ws-execution.json', (await ws.until((m) => m.topic === 'execution')).found)
    conforms('ws-wallet.json', (await ws.until((m) => m.topic === 'wallet')).found, [
      { path: 'data[].coin[].locked', kind: 'extra', reason: SPOT_LOCKED },
    ])
    await ws.close()
  })

  it('authenticates with the documented request shape and a computed signature only', async () => {
    const ws = await Frames.open(sim.privateWsUrl)
    const ok = await auth(ws, sim)
    expect(ok).to.include({ success: true, op: 'auth' })
    await ws.close()
  })
})
