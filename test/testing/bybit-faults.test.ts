import { expect } from 'chai'
import { firstValueFrom, filter } from 'rxjs'
import type { BybitSimulator } from '../../lib/testing/index.js'
import { Frames, get, sign, signedGet, signedPost } from './support/bybit-wire.js'
import { startKnown, T0 } from './support/bybit-setup.js'

const ORDER = {
  category: 'spot',
  symbol: 'BTCUSDT',
  side: 'Buy',
  orderType: 'Limit',
  qty: '0.001',
  price: '60000',
}

describe('Bybit simulator faults', () => {
  let sim: BybitSimulator
  beforeEach(async () => {
    sim = await startKnown()
  })
  afterEach(() => sim.close())

  it('dropSockets terminates public and private sockets; clients can connect again', async () => {
    const pub = await Frames.open(sim.wsUrl)
    const priv = await Frames.open(sim.privateWsUrl)
    expect(sim.connections()).to.deep.equal({ public: 1, private: 1 })
    sim.faults.dropSockets()
    expect(await pub.closed).to.equal(1006)
    expect(await priv.closed).to.equal(1006)
    const again = await Frames.open(sim.wsUrl)
    again.send({ op: 'ping', req_id: 'p' })
    expect(await again.next()).to.include({ ret_msg: 'pong', req_id: 'p' })
    await again.close()
  })

  it('silence sends nothing, not even pongs, and keeps the socket open; what it swallowed is lost', async () => {
    const ws = await Frames.open(sim.wsUrl)
    const silenced = sim.faults.silence()
    const heard = firstValueFrom(sim.events$.pipe(filter((e) => e.type === 'subscribed')))
    ws.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'during' })
    await heard
    ws.ws.ping()
    const pong = new Promise<'pong'>((resolve) => ws.ws.once('pong', () => resolve('pong')))
    sim.faults.resume()
    await silenced
    ws.send({ op: 'ping', req_id: 'after' })
    expect(await ws.next(), 'the ack and snapshot sent during the silence are gone').to.include({
      req_id: 'after',
      op: 'ping',
    })
    sim.push('BTC/USDT', { bids: [['64999.5', '1']] })
    expect(await ws.next()).to.include({ topic: 'orderbook.50.BTCUSDT', type: 'delta' })
    ws.ws.ping()
    expect(await pong, 'pongs flow again').to.equal('pong')
    expect(sim.connections().public).to.equal(1)
    await ws.close()
  })

  it('silence(ms) ends by itself', async () => {
    const ended = firstValueFrom(sim.events$.pipe(filter((e) => e.type === 'silence-ended')))
    await sim.faults.silence(5)
    await ended
    expect(sim.faults.silenced).to.equal(false)
  })

  it('malformedFrame spoils the next public data frame only', async () => {
    const ws = await Frames.open(sim.wsUrl)
    ws.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'] })
    await ws.next()
    await ws.next()
    sim.faults.malformedFrame()
    sim.push('BTC/USDT', { bids: [['64999.5', '1']] })
    const garbage = await ws.nextText()
    expect(() => JSON.parse(garbage)).to.throw()
    sim.faults.malformedFrame('wrong-shape')
    sim.push('BTC/USDT', { bids: [['64999.6', '1']] })
    const wrong = await ws.next()
    expect(wrong).to.include({ topic: 'orderbook.50.BTCUSDT', data: null })
    expect(typeof wrong.ts).to.equal('string')
    sim.push('BTC/USDT', { bids: [['64999.7', '1']] })
    expect((await ws.next()).data).to.not.equal(null)
    await ws.close()
  })

  it('skipUpdateId makes the next delta jump a u', async () => {
    const ws = await Frames.open(sim.wsUrl)
    ws.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'] })
    await ws.next()
    const snap = (await ws.next()) as { data: { u: number } }
    sim.faults.skipUpdateId()
    sim.push('BTC/USDT', { bids: [['64999.5', '1']] })
    sim.push('BTC/USDT', { bids: [['64999.6', '1']] })
    const a = (await ws.next()) as { data: { u: number } }
    const b = (await ws.next()) as { data: { u: number } }
    expect([a.data.u - snap.data.u, b.data.u - a.data.u]).to.deep.equal([2, 1])
    await ws.close()
  })

  it('failNext answers 5xx with HTML and 429 with Retry-After, without carrying the request out', async () => {
    sim.faults.failNext(2, 503)
    sim.faults.failNext(1, 429)
    const first = await signedPost(sim, '/v5/order/create', { ...ORDER, orderLinkId: 'f1' })
    expect(first.status).to.equal(503)
    expect(first.text).to.match(/^<html>/)
    expect((await get(sim, '/v5/market/time')).status).to.equal(503)
    const limited = await get(sim, '/v5/market/time')
    expect(limited.status).to.equal(429)
    expect(limited.headers.get('retry-after')).to.equal('1')
    expect((await get(sim, '/v5/market/time')).status).to.equal(200)
    expect(sim.order({ orderLinkId: 'f1' })).to.equal(undefined)
  })

  it('slowNext answers late: a later request overtakes the slowed one', async () => {
    // Far longer than a fresh request takes on a loaded machine, so the overtaking is not a race.
    sim.faults.slowNext(1, 1_000)
    const order: string[] = []
    const arrived = firstValueFrom(sim.events$.pipe(filter((e) => e.type === 'received')))
    const slow = get(sim, '/v5/market/time').then(() => order.push('slow'))
    await arrived
    const fast = get(sim, '/v5/market/orderbook', 'category=spot&symbol=BTCUSDT').then(() =>
      order.push('fast'),
    )
    await Promise.all([slow, fast])
    expect(order).to.deep.equal(['fast', 'slow'])
  })

  it('shiftClock makes timestamps signed with the old time fall outside the window (10002)', async () => {
    expect(
      (await signedGet(sim, '/v5/order/realtime', 'category=spot', { timestamp: T0 })).body.retCode,
    ).to.equal(0)
    sim.faults.shiftClock(6000)
    expect(sim.now()).to.equal(T0 + 6000)
    expect(
      (await signedGet(sim, '/v5/order/realtime', 'category=spot', { timestamp: T0 })).body.retCode,
    ).to.equal(10002)
    const time = (await get(sim, '/v5/market/time')).body as { result: { timeSecond: string } }
    expect(time.result.timeSecond).to.equal(String((T0 + 6000) / 1000))
  })

  it('loseNextResponse: the order is placed and pushed, its HTTP answer never comes', async () => {
    const ws = await Frames.open(sim.privateWsUrl)
    const expires = T0 + 10_000
    ws.send({ op: 'auth', args: [sim.apiKey, expires, sign(sim.secret, `GET/realtime${expires}`)] })
    await ws.next()
    ws.send({ op: 'subscribe', args: ['order', 'position'] })
    expect(await ws.next()).to.include({ success: false, ret_msg: 'error:handler not found,topic:position' })
    ws.send({ op: 'subscribe', args: ['order'] })
    await ws.next()
    sim.faults.loseNextResponse()
    const lost = await signedPost(sim, '/v5/order/create', { ...ORDER, orderLinkId: 'lost-1' }).then(
      () => 'answered',
      () => 'no answer',
    )
    expect(lost).to.equal('no answer')
    const pushed = (await ws.next()) as { data: { orderLinkId: string; orderStatus: string }[] }
    expect(pushed.data[0]).to.include({ orderLinkId: 'lost-1', orderStatus: 'New' })
    const found = await signedGet(sim, '/v5/order/realtime', 'category=spot&orderLinkId=lost-1')
    expect((found.body.result as { list: unknown[] }).list).to.have.length(1)
    const next = await signedPost(sim, '/v5/order/create', { ...ORDER, orderLinkId: 'lost-2' })
    expect(next.body.retCode, 'only one response is lost').to.equal(0)
    await ws.close()
  })
})
