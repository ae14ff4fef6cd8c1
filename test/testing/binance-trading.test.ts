import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import type { BinanceSimulator } from '../../lib/testing/index.js'
import { Frames } from './support/bybit-wire.js'
import { fixture, sign, signed, startKnown, T0 } from './support/binance-wire.js'
import { shapeDiff, type Allowance } from './support/shape.js'

interface Wrapped {
  subscriptionId: number
  event: Record<string, unknown> & { e: string }
}

const CONDITIONAL_V: Allowance = {
  path: 'event.v',
  kind: 'missing',
  reason: 'prevented match id: only sent after self-trade prevention, which the simulator does not do',
}

/** Opens a WebSocket API session and subscribes to the user data stream with a signed request. */
async function userStream(sim: BinanceSimulator): Promise<Frames> {
  const ws = await Frames.open(sim.wsApiUrl)
  const params: Record<string, unknown> = { apiKey: sim.apiKey, timestamp: sim.now() }
  const payload = Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&')
  ws.send({
    id: 'sub-1',
    method: 'userDataStream.subscribe.signature',
    params: { ...params, signature: sign(sim.secret, payload) },
  })
  const reply = await ws.next<{ id: string; status: number; result: unknown; rateLimits: unknown[] }>()
  expect(
    shapeDiff(fixture('wsapi-user-data-stream-subscribe-signature-response.json'), reply, [
      { path: 'rateLimits', kind: 'extra', reason: 'Binance adds rateLimits to WebSocket API answers' },
    ]),
  ).to.deep.equal([])
  expect(reply.result).to.deep.equal({ subscriptionId: 0 })
  return ws
}

async function events(ws: Frames, n: number): Promise<Wrapped[]> {
  const out: Wrapped[] = []
  for (let i = 0; i < n; i++) out.push(await ws.next<Wrapped>())
  return out
}

describe('Binance simulator trading and user data', () => {
  let sim: BinanceSimulator
  beforeEach(async () => {
    sim = await startKnown()
  })
  afterEach(() => sim.close())

  it('a resting order fills in two parts, with exact reports, balances and REST views', async () => {
    const ws = await userStream(sim)
    const placed = await signed(
      sim,
      'POST',
      '/api/v3/order',
      'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.4&price=65000.00&newClientOrderId=bid1&newOrderRespType=RESULT',
    )
    expect(shapeDiff(fixture('rest-place-order-result.json'), placed.body)).to.deep.equal([])
    expect(placed.body).to.include({ status: 'NEW', clientOrderId: 'bid1', executedQty: '0.00000000' })
    const [created, position] = await events(ws, 2)
    expect(shapeDiff(fixture('ws-user-execution-report.json'), created, [CONDITIONAL_V])).to.deep.equal([])
    expect(created?.event).to.include({
      x: 'NEW',
      X: 'NEW',
      c: 'bid1',
      q: '0.40000000',
      p: '65000.00000000',
      w: true,
    })
    expect(shapeDiff(fixture('ws-user-outbound-account-position.json'), position)).to.deep.equal([])
    expect(position?.event.B).to.deep.equal([{ a: 'USDT', f: '74000.00000000', l: '26000.00000000' }])

    sim.trade({ symbol: 'BTC/USDT', side: 'sell', qty: '1.1' }) // 1 at 64999 ahead? no: our bid is best
    const [fill1] = await events(ws, 2)
    expect(fill1?.event).to.include({
      x: 'TRADE',
      X: 'FILLED',
      l: '0.40000000',
      L: '65000.00000000',
      z: '0.40000000',
    })
    expect(fill1?.event).to.include({ Z: '26000.00000000', n: '0.00040000', N: 'BTC', m: true })
    const query = await signed(sim, 'GET', '/api/v3/order', 'symbol=BTCUSDT&origClientOrderId=bid1')
    expect(shapeDiff(fixture('rest-query-order.json'), query.body)).to.deep.equal([])
    expect(query.body).to.include({
      status: 'FILLED',
      executedQty: '0.40000000',
      cummulativeQuoteQty: '26000.00000000',
    })
    const trades = await signed(sim, 'GET', '/api/v3/myTrades', 'symbol=BTCUSDT')
    expect(shapeDiff(fixture('rest-my-trades.json'), trades.body)).to.deep.equal([])
    expect(trades.body).to.have.length(1)
    expect(sim.balance('BTC').free.toString()).to.equal(
      new Decimal('1').plus('0.4').minus('0.0004').toString(),
    )
    expect(sim.balance('USDT').total.toString()).to.equal('74000')
  })

  it('MARKET FULL lists fills; quoteOrderQty spends at most the amount', async () => {
    const full = await signed(
      sim,
      'POST',
      '/api/v3/order',
      'symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.8',
    )
    expect(shapeDiff(fixture('rest-place-order-full.json'), full.body)).to.deep.equal([])
    expect(full.body.fills.map((f: { price: string; qty: string }) => [f.price, f.qty])).to.deep.equal([
      ['65001.00000000', '0.50000000'],
      ['65002.00000000', '0.30000000'],
    ])
    const byQuote = await signed(
      sim,
      'POST',
      '/api/v3/order',
      'symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100',
    )
    expect(byQuote.body.status).to.equal('FILLED')
    expect(new Decimal(byQuote.body.cummulativeQuoteQty).lte(100)).to.equal(true)
    expect(byQuote.body.origQuoteOrderQty).to.equal('100.00000000')
    const ack = await signed(
      sim,
      'POST',
      '/api/v3/order',
      'symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.001&price=60000.00',
    )
    expect(shapeDiff(fixture('rest-place-order-ack.json'), ack.body)).to.deep.equal([])
  })

  it('IOC that partly fills ends EXPIRED with its fills; FOK that cannot fill expires empty', async () => {
    const ws = await userStream(sim)
    const ioc = await signed(
      sim,
      'POST',
      '/api/v3/order',
      'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.8&price=65001.00',
    )
    expect(ioc.body, ioc.text).to.include({ status: 'EXPIRED', executedQty: '0.50000000' })
    const reports = (await events(ws, 4)).map((w) => w.event)
    expect(reports.map((r) => [r.x, r.X])).to.deep.equal([
      ['NEW', 'NEW'],
      ['TRADE', 'PARTIALLY_FILLED'],
      ['EXPIRED', 'EXPIRED'],
      [undefined, undefined],
    ])
    expect(reports[2]).to.include({ z: '0.50000000', Z: '32500.50000000', l: '0.00000000' })
    expect(reports[3]?.e).to.equal('outboundAccountPosition')
    const fok = await signed(
      sim,
      'POST',
      '/api/v3/order',
      'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=1.01&price=65002.00',
    )
    expect(fok.body, fok.text).to.include({ status: 'EXPIRED', executedQty: '0.00000000' })
  })

  it('answers rejections with Binance codes', async () => {
    const post = (q: string) => signed(sim, 'POST', '/api/v3/order', `symbol=BTCUSDT&${q}`)
    expect((await post('side=BUY&type=LIMIT_MAKER&quantity=0.001&price=65001.00')).body).to.deep.equal({
      code: -2010,
      msg: 'Order would immediately match and take.',
    })
    expect((await post('side=BUY&type=LIMIT&timeInForce=GTC&quantity=2&price=65000.00')).body).to.deep.equal({
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    })
    expect(
      (await post('side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=65000.001')).body.msg,
    ).to.equal('Filter failure: PRICE_FILTER')
    expect(
      (await post('side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.000015&price=65000.00')).body.msg,
    ).to.equal('Filter failure: LOT_SIZE')
    expect(
      (await post('side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.00001&price=65000.00')).body.msg,
    ).to.equal('Filter failure: NOTIONAL')
    expect((await post('side=BUY&type=LIMIT&quantity=0.001&price=65000.00')).body.code).to.equal(-1102)
    await post('side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=60000.00&newClientOrderId=dup')
    expect(
      (await post('side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=60000.00&newClientOrderId=dup'))
        .body.msg,
    ).to.equal('Duplicate order sent.')
    expect((await signed(sim, 'GET', '/api/v3/order', 'symbol=BTCUSDT&orderId=999')).body).to.deep.equal({
      code: -2013,
      msg: 'Order does not exist.',
    })
    expect((await signed(sim, 'DELETE', '/api/v3/order', 'symbol=BTCUSDT&orderId=999')).body).to.deep.equal({
      code: -2011,
      msg: 'Unknown order sent.',
    })
  })

  it('reads an order placement in Binance order: each parameter refused with its own code and words', async () => {
    const post = async (q: string) => (await signed(sim, 'POST', '/api/v3/order', q)).body
    const limit = 'type=LIMIT&timeInForce=GTC&quantity=0.001&price=60000.00'
    const refusals = await Promise.all(
      [
        `side=SIDEWAYS&${limit}`,
        `symbol=NOPE&side=SIDEWAYS&${limit}`,
        `symbol=BTCUSDT&${limit}`,
        `symbol=BTCUSDT&side=HOLD&type=NOPE`,
        `symbol=BTCUSDT&side=BUY&timeInForce=GTC`,
        `symbol=BTCUSDT&side=BUY&type=STOP_LOSS&quantity=abc`,
        `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1e3`,
        `symbol=BTCUSDT&side=BUY&${limit}&newOrderRespType=FAST`,
        `symbol=BTCUSDT&side=BUY&${limit}&newClientOrderId=has space`,
        `symbol=BTCUSDT&side=BUY&${limit}&newOrderRespType=FAST&newClientOrderId=has space`,
      ].map(post),
    )
    expect(refusals).to.deep.equal([
      { code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." },
      { code: -1121, msg: 'Invalid symbol.' },
      { code: -1102, msg: "Mandatory parameter 'side' was not sent, was empty/null, or malformed." },
      { code: -1117, msg: 'Invalid side.' },
      { code: -1102, msg: "Mandatory parameter 'type' was not sent, was empty/null, or malformed." },
      { code: -1116, msg: 'Invalid orderType.' },
      {
        code: -1100,
        msg: "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.",
      },
      { code: -1130, msg: "Invalid data sent for a parameter: 'newOrderRespType'." },
      { code: -1130, msg: "Invalid data sent for a parameter: 'newClientOrderId'." },
      { code: -1130, msg: "Invalid data sent for a parameter: 'newOrderRespType'." },
    ])
  })

  it('cancels one order and all open orders, with cancel ids', async () => {
    const ws = await userStream(sim)
    for (const id of ['a', 'b', 'c']) {
      await signed(
        sim,
        'POST',
        '/api/v3/order',
        `symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=60000.00&newClientOrderId=${id}`,
      )
    }
    await events(ws, 6)
    const one = await signed(
      sim,
      'DELETE',
      '/api/v3/order',
      'symbol=BTCUSDT&origClientOrderId=a&newClientOrderId=cxa',
    )
    expect(shapeDiff(fixture('rest-cancel-order.json'), one.body)).to.deep.equal([])
    expect(one.body).to.include({ origClientOrderId: 'a', clientOrderId: 'cxa', status: 'CANCELED' })
    const [report] = await events(ws, 2)
    expect(report?.event).to.include({ x: 'CANCELED', X: 'CANCELED', c: 'cxa', C: 'a' })
    const open = await signed(sim, 'GET', '/api/v3/openOrders', 'symbol=BTCUSDT')
    expect(shapeDiff(fixture('rest-open-orders.json'), open.body)).to.deep.equal([])
    expect(open.body.map((o: { clientOrderId: string }) => o.clientOrderId)).to.deep.equal(['b', 'c'])
    const all = await signed(sim, 'DELETE', '/api/v3/openOrders', 'symbol=BTCUSDT')
    expect(
      all.body.map((o: { origClientOrderId: string; status: string }) => [o.origClientOrderId, o.status]),
    ).to.deep.equal([
      ['b', 'CANCELED'],
      ['c', 'CANCELED'],
    ])
    expect((await signed(sim, 'DELETE', '/api/v3/openOrders', 'symbol=BTCUSDT')).body.code).to.equal(-2011)
    const history = await signed(sim, 'GET', '/api/v3/allOrders', 'symbol=BTCUSDT')
    expect(shapeDiff(fixture('rest-all-orders.json'), history.body)).to.deep.equal([])
    expect(history.body).to.have.length(3)
    expect(sim.balance('USDT').locked.toString()).to.equal('0')
  })

  it('a lost order response still leaves exactly one order, found by client order id', async () => {
    const ws = await userStream(sim)
    sim.faults.loseNextResponse()
    const lost = await signed(
      sim,
      'POST',
      '/api/v3/order',
      'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=60000.00&newClientOrderId=lost1',
    ).then(
      () => 'answered',
      () => 'lost',
    )
    expect(lost).to.equal('lost')
    const [report] = await events(ws, 2)
    expect(report?.event).to.include({ x: 'NEW', c: 'lost1' })
    const found = await signed(sim, 'GET', '/api/v3/order', 'symbol=BTCUSDT&origClientOrderId=lost1')
    expect(found.body.status).to.equal('NEW')
    expect(sim.allOrders('BTC/USDT')).to.have.length(1)
  })

  it('deposits send balanceUpdate; terminateUserStream ends the subscription', async () => {
    const ws = await userStream(sim)
    sim.deposit('BTC', '0.5')
    const [update, position] = await events(ws, 2)
    expect(shapeDiff(fixture('ws-user-balance-update.json'), update)).to.deep.equal([])
    expect(update?.event).to.include({ a: 'BTC', d: '0.50000000', E: T0 })
    expect(position?.event.B).to.deep.equal([{ a: 'BTC', f: '1.50000000', l: '0.00000000' }])
    sim.faults.terminateUserStream()
    const ended = await ws.next<Wrapped>()
    expect(shapeDiff(fixture('ws-user-event-stream-terminated.json'), ended)).to.deep.equal([])
    sim.deposit('BTC', '0.1')
    ws.send({ id: 9, method: 'session.subscriptions', params: {} })
    const subs = await ws.next<{ id: number; result: unknown[] }>()
    expect(subs).to.include({ id: 9 })
    expect(subs.result, 'no event reached the ended subscription').to.deep.equal([])
  })

  it('refuses a badly signed or stale user data subscription', async () => {
    const ws = await Frames.open(sim.wsApiUrl)
    const base = { apiKey: sim.apiKey, timestamp: sim.now() }
    ws.send({
      id: 1,
      method: 'userDataStream.subscribe.signature',
      params: { ...base, signature: 'ab'.repeat(32) },
    })
    const bad = await ws.next<{ status: number; error: { code: number } }>()
    expect([bad.status, bad.error.code]).to.deep.equal([400, -1022])
    const old = { apiKey: sim.apiKey, timestamp: T0 - 10_000 }
    ws.send({
      id: 2,
      method: 'userDataStream.subscribe.signature',
      params: { ...old, signature: sign(sim.secret, `apiKey=${old.apiKey}&timestamp=${old.timestamp}`) },
    })
    expect((await ws.next<{ error: { code: number } }>()).error.code).to.equal(-1021)
    ws.send({ id: 'time-1', method: 'time' })
    const time = await ws.next()
    expect(shapeDiff(fixture('wsapi-response-with-rate-limits.json'), time)).to.deep.equal([])
    await ws.close()
  })
})
