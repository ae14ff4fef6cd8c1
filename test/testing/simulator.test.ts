import { expect } from 'chai'
import { startSimulator } from '../../lib/testing/index.js'
import { Frames, get } from './support/bybit-wire.js'

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
    await startSimulator({ venues: ['coinbase' as 'bybit'] }).catch((e: unknown) => (error = e))
    expect(error).to.have.property('kind', 'invalid-request')
    error = undefined
    await startSimulator({ venues: ['bybit'], bybit: { levels: 1 } }).catch((e: unknown) => (error = e))
    expect(error).to.have.property('kind', 'invalid-request')
  })
})
