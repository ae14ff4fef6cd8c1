import { generateKeyPairSync } from 'node:crypto'
import { expect } from 'chai'
import { silentLogger } from '../../../lib/core/logging.js'
import { BINANCE_MODULE } from '../../../lib/venues/binance/module.js'
import { createBinanceVenue } from '../../../lib/venues/binance/index.js'
import { BYBIT_MODULE } from '../../../lib/venues/bybit/module.js'
import { createBybitVenue } from '../../../lib/venues/bybit/index.js'
import { COINBASE_MODULE } from '../../../lib/venues/coinbase/module.js'
import { createCoinbaseVenue } from '../../../lib/venues/coinbase/index.js'
import { FALCONX_MODULE } from '../../../lib/venues/falconx/module.js'
import { createFalconxVenue } from '../../../lib/venues/falconx/index.js'
import { PRIME_MODULE } from '../../../lib/venues/prime/module.js'
import { createPrimeVenue } from '../../../lib/venues/prime/index.js'

const keys = { apiKey: 'key', secret: 'c2VjcmV0', logger: silentLogger }

describe('trading placementWindowMs: how long a placement may still reach the venue', () => {
  it('is the order deadline, the receive window and 2 s of lookup grace, from the spec and the options', () => {
    // Bybit and Binance: 5 s to be sent, 5 s receive window, 2 s grace
    expect(BYBIT_MODULE.create(keys).trading?.placementWindowMs).to.equal(12_000)
    expect(BINANCE_MODULE.create(keys).trading?.placementWindowMs).to.equal(12_000)
    // Coinbase's signed create lives two minutes; Prime's timestamp window is 30 s
    expect(COINBASE_MODULE.create(keys).trading?.placementWindowMs).to.equal(127_000)
    expect(PRIME_MODULE.create({ ...keys, passphrase: 'p' }).trading?.placementWindowMs).to.equal(37_000)
    // FalconX takes a signed request for 60 s
    expect(FALCONX_MODULE.create({ ...keys, passphrase: 'p' }).trading?.placementWindowMs).to.equal(67_000)
    const tuned = BYBIT_MODULE.create({ ...keys, recvWindowMs: 20_000, orderDeadlineMs: 1_000 })
    expect(tuned.trading?.placementWindowMs).to.equal(23_000)
  })

  it('the loaded drivers say the same as their modules before they load, from the options', async () => {
    // not the defaults' sum: a side that ignored the options would differ
    const timing = { recvWindowMs: 20_000, orderDeadlineMs: 1_000 }
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'sec1', format: 'pem' })
      .toString()
    const drivers = [
      createBybitVenue({ ...keys, ...timing }),
      createBinanceVenue({ ...keys, ...timing }),
      createCoinbaseVenue({ ...keys, secret: ecKey, ...timing }),
      createPrimeVenue({ ...keys, passphrase: 'p', ...timing }),
      createFalconxVenue({ ...keys, passphrase: 'p', ...timing }),
    ]
    const modules = [
      BYBIT_MODULE.create({ ...keys, ...timing }),
      BINANCE_MODULE.create({ ...keys, ...timing }),
      COINBASE_MODULE.create({ ...keys, secret: ecKey, ...timing }),
      PRIME_MODULE.create({ ...keys, passphrase: 'p', ...timing }),
      FALCONX_MODULE.create({ ...keys, passphrase: 'p', ...timing }),
    ]
    try {
      expect(drivers.map((d) => d.trading?.placementWindowMs)).to.deep.equal([
        23_000, 23_000, 23_000, 23_000, 23_000,
      ])
      expect(modules.map((m) => m.trading?.placementWindowMs)).to.deep.equal([
        23_000, 23_000, 23_000, 23_000, 23_000,
      ])
    } finally {
      await Promise.all([...drivers, ...modules].map((v) => v.close()))
    }
  })
})
