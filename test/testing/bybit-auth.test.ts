import { expect } from 'chai'
import type { BybitSimulator } from '../../lib/testing/index.js'
import { Frames, sign, signedGet, signedPost } from './support/bybit-wire.js'
import { startKnown, T0 } from './support/bybit-setup.js'

const QUERY = 'category=spot&symbol=BTCUSDT'

describe('Bybit simulator request signing', () => {
  let sim: BybitSimulator
  beforeEach(async () => {
    sim = await startKnown()
  })
  afterEach(() => sim.close())

  it('accepts an HMAC of timestamp + key + recvWindow + the query string exactly as sent', async () => {
    expect((await signedGet(sim, '/v5/order/realtime', QUERY)).body.retCode).to.equal(0)
    // The same parameters in another order are another string: signed as sent, still good.
    expect(
      (await signedGet(sim, '/v5/order/realtime', 'symbol=BTCUSDT&category=spot')).body.retCode,
    ).to.equal(0)
    const signedSorted = sign(sim.secret, `${T0}${sim.apiKey}5000${QUERY}`)
    const reordered = await signedGet(sim, '/v5/order/realtime', 'symbol=BTCUSDT&category=spot', {
      signature: signedSorted,
    })
    expect(reordered.body.retCode, 'a signature of other bytes').to.equal(10004)
  })

  it('accepts an HMAC of the raw body, whitespace included', async () => {
    const body =
      '{ "category": "spot",  "symbol": "BTCUSDT", "side": "Buy", "orderType": "Limit", "qty": "0.1", "price": "60000" }'
    expect((await signedPost(sim, '/v5/order/create', body)).body.retCode).to.equal(0)
    const other = await signedPost(sim, '/v5/order/create', body, {
      signature: sign(sim.secret, `${T0}${sim.apiKey}5000${JSON.stringify(JSON.parse(body))}`),
    })
    expect(other.body.retCode).to.equal(10004)
  })

  it('rejects a wrong secret (10004), an unknown key (10003) and a missing signature', async () => {
    const wrong = await signedGet(sim, '/v5/order/realtime', QUERY, { secret: 'not-the-secret' })
    expect(wrong.body).to.include({ retCode: 10004 })
    expect(wrong.status).to.equal(200)
    const key = await signedGet(sim, '/v5/order/realtime', QUERY, { apiKey: 'someone-else' })
    expect(key.body.retCode).to.equal(10003)
    const res = await fetch(`${sim.restUrl}/v5/order/realtime?${QUERY}`)
    expect(((await res.json()) as { retCode: number }).retCode).to.equal(10003)
  })

  it('applies server_time - recv_window <= timestamp < server_time + 1000, else 10002', async () => {
    const code = async (timestamp: number, recvWindow: string | null = '5000') =>
      (await signedGet(sim, '/v5/order/realtime', QUERY, { timestamp, recvWindow })).body.retCode
    expect(await code(T0 - 5000)).to.equal(0)
    expect(await code(T0 - 5001)).to.equal(10002)
    expect(await code(T0 + 999)).to.equal(0)
    expect(await code(T0 + 1000)).to.equal(10002)
    expect(await code(T0 - 9000, '10000')).to.equal(0)
    expect(await code(T0 - 5000, null), 'no header: 5000 by default').to.equal(0)
    expect(await code(T0 - 5001, null)).to.equal(10002)
    const skewed = await signedGet(sim, '/v5/order/realtime', QUERY, { timestamp: T0 - 6000 })
    expect(String(skewed.body.retMsg)).to.contain(`server_timestamp[${T0}]`)
  })

  it('public endpoints need no signature', async () => {
    const res = await fetch(`${sim.restUrl}/v5/market/time`)
    const body = (await res.json()) as { retCode: number; result: { timeSecond: string; timeNano: string } }
    expect(body.retCode).to.equal(0)
    expect(body.result.timeSecond).to.equal(String(T0 / 1000))
    expect(body.result.timeNano).to.equal(`${T0}000000`)
  })

  it('private socket auth: GET/realtime + expires, expiry and wrong signatures refused', async () => {
    const ws = await Frames.open(sim.privateWsUrl)
    ws.send({ op: 'subscribe', args: ['order'] })
    expect(await ws.next()).to.include({ success: false, ret_msg: 'Request not authorized' })
    const expires = T0 + 1000
    ws.send({ op: 'auth', args: [sim.apiKey, expires, sign('wrong', `GET/realtime${expires}`)] })
    expect(await ws.next()).to.include({ success: false, op: 'auth' })
    ws.send({ op: 'auth', args: [sim.apiKey, T0, sign(sim.secret, `GET/realtime${T0}`)] })
    expect(await ws.next(), 'expires must be in the future').to.include({
      success: false,
      ret_msg: 'Request expired',
    })
    ws.send({ op: 'auth', args: [sim.apiKey, String(expires), sign(sim.secret, `GET/realtime${expires}`)] })
    expect(await ws.next()).to.include({ success: true, ret_msg: '', op: 'auth' })
    ws.send({ op: 'subscribe', args: ['order', 'nonsense'] })
    expect(await ws.next()).to.include({ success: false })
    ws.send({ op: 'subscribe', args: ['order.spot', 'wallet'] })
    expect(await ws.next()).to.include({ success: true, op: 'subscribe' })
    await ws.close()
  })
})
