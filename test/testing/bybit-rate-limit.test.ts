import { expect } from 'chai'
import type { BybitSimulator } from '../../lib/testing/index.js'
import { get, signedGet, signedPost } from './support/bybit-wire.js'
import { startKnown, T0 } from './support/bybit-setup.js'

const LIMIT_ORDER = {
  category: 'spot',
  symbol: 'BTCUSDT',
  side: 'Buy',
  orderType: 'Limit',
  qty: '0.001',
  price: '60000',
}

describe('Bybit simulator rate limits', () => {
  let sim: BybitSimulator
  afterEach(() => sim.close())

  it('every signed answer carries X-Bapi-Limit, -Status and -Reset-Timestamp; beyond the limit 10006', async () => {
    sim = await startKnown({ rateLimits: { create: 3 } })
    const statuses: string[] = []
    for (let i = 0; i < 3; i++) {
      const a = await signedPost(sim, '/v5/order/create', { ...LIMIT_ORDER, orderLinkId: `r${i}` })
      expect(a.body.retCode).to.equal(0)
      expect(a.headers.get('x-bapi-limit')).to.equal('3')
      expect(a.headers.get('x-bapi-limit-reset-timestamp')).to.equal(String(T0))
      statuses.push(a.headers.get('x-bapi-limit-status') ?? '')
    }
    expect(statuses).to.deep.equal(['2', '1', '0'])
    const refused = await signedPost(sim, '/v5/order/create', { ...LIMIT_ORDER, orderLinkId: 'r3' })
    expect(refused.status).to.equal(200)
    expect(refused.body).to.include({ retCode: 10006, retMsg: 'Too many visits!' })
    expect(refused.headers.get('x-bapi-limit-status')).to.equal('0')
    expect(refused.headers.get('x-bapi-limit-reset-timestamp')).to.equal(String(T0 + 1000))
    expect(sim.order({ orderLinkId: 'r3' }), 'a refused request is not carried out').to.equal(undefined)

    // Other endpoints have their own window.
    const query = await signedGet(sim, '/v5/order/realtime', 'category=spot')
    expect(query.body.retCode).to.equal(0)
    expect(query.headers.get('x-bapi-limit')).to.equal('50')
    expect(query.headers.get('x-bapi-limit-status')).to.equal('49')

    sim.advanceClock(1000)
    const again = await signedPost(sim, '/v5/order/create', { ...LIMIT_ORDER, orderLinkId: 'r4' })
    expect(again.body.retCode).to.equal(0)
    expect(again.headers.get('x-bapi-limit-status')).to.equal('2')
  })

  it('the default order-create limit is 20 per second', async () => {
    sim = await startKnown()
    const a = await signedPost(sim, '/v5/order/create', LIMIT_ORDER)
    expect(a.headers.get('x-bapi-limit')).to.equal('20')
    expect(a.headers.get('x-bapi-limit-status')).to.equal('19')
  })

  it('an IP beyond its requests per 5 s gets HTTP 403, public or private', async () => {
    sim = await startKnown({ rateLimits: { ipPer5s: 3 } })
    expect((await get(sim, '/v5/market/time')).status).to.equal(200)
    expect((await get(sim, '/v5/market/time')).status).to.equal(200)
    expect((await signedGet(sim, '/v5/order/realtime', 'category=spot')).status).to.equal(200)
    const blocked = await get(sim, '/v5/market/time')
    expect(blocked.status).to.equal(403)
    expect(blocked.text).to.contain('access too frequent')
    sim.advanceClock(5000)
    expect((await get(sim, '/v5/market/time')).status).to.equal(200)
  })
})
