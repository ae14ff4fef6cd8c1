import { expect } from 'chai'
import { BINANCE_MODULE } from '../../../lib/venues/binance/module.js'

describe('BINANCE_MODULE', () => {
  it('answers streamsPerConnection before the driver loads, and offers trading only with credentials', async () => {
    const venue = BINANCE_MODULE.create({ restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' })
    expect(venue.streamsPerConnection()).to.deep.equal([])
    expect(venue.trading).to.equal(undefined)
    const keyed = BINANCE_MODULE.create({ apiKey: 'k', privateKey: 'pem', restUrl: 'http://127.0.0.1:9' })
    expect(keyed.trading).to.not.equal(undefined)
    await venue.close()
    await keyed.close()
  })

  it('reads RXVENUE_BINANCE_WS_API_URL', () => {
    expect(
      BINANCE_MODULE.fromEnv({ RXVENUE_BINANCE_WS_API_URL: 'ws://127.0.0.1:1/ws-api' })?.wsApiUrl,
    ).to.equal('ws://127.0.0.1:1/ws-api')
  })
})
