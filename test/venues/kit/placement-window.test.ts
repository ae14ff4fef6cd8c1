import { expect } from 'chai'
import { silentLogger } from '../../../lib/core/logging.js'
import { BINANCE_MODULE } from '../../../lib/venues/binance/module.js'
import { createBinanceVenue } from '../../../lib/venues/binance/index.js'
import { BYBIT_MODULE } from '../../../lib/venues/bybit/module.js'
import { createBybitVenue } from '../../../lib/venues/bybit/index.js'
import { COINBASE_MODULE } from '../../../lib/venues/coinbase/module.js'
import { PRIME_MODULE } from '../../../lib/venues/prime/module.js'

const keys = { apiKey: 'key', secret: 'c2VjcmV0', logger: silentLogger }

describe('trading placementWindowMs: how long a placement may still reach the venue', () => {
  it('is the order deadline, the receive window and 2 s of lookup grace, from the spec and the options', () => {
    // Bybit and Binance: 5 s to be sent, 5 s receive window, 2 s grace
    expect(BYBIT_MODULE.create(keys).trading?.placementWindowMs).to.equal(12_000)
    expect(BINANCE_MODULE.create(keys).trading?.placementWindowMs).to.equal(12_000)
    // Coinbase's signed create lives two minutes; Prime's timestamp window is 30 s
    expect(COINBASE_MODULE.create(keys).trading?.placementWindowMs).to.equal(127_000)
    expect(PRIME_MODULE.create({ ...keys, passphrase: 'p' }).trading?.placementWindowMs).to.equal(37_000)
    const tuned = BYBIT_MODULE.create({ ...keys, recvWindowMs: 20_000, orderDeadlineMs: 1_000 })
    expect(tuned.trading?.placementWindowMs).to.equal(23_000)
  })

  it('the loaded driver says the same as the venue module before it loads', async () => {
    const options = { ...keys, recvWindowMs: 7_000, orderDeadlineMs: 3_000 }
    const bybit = createBybitVenue(options)
    const binance = createBinanceVenue(options)
    try {
      expect(bybit.trading?.placementWindowMs).to.equal(12_000)
      expect(binance.trading?.placementWindowMs).to.equal(12_000)
      expect(BYBIT_MODULE.create(options).trading?.placementWindowMs).to.equal(12_000)
    } finally {
      await bybit.close()
      await binance.close()
    }
  })
})
