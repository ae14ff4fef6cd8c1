/**
 * Prime's own order terms (`prime`): a type Prime does not take is refused before sending, naming the
 * ones it does, never placed as a plain limit order.
 */
import { expect } from 'chai'
import { VenueError } from '../../../lib/core/errors.js'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Instrument } from '../../../lib/core/model.js'
import { preparePrimeOrder, type PrimeOrderRequest } from '../../../lib/venues/prime/order-entry.js'

const d = (v: string) => new Decimal(v)
const BTC: Instrument = {
  venue: 'prime',
  symbol: 'BTC/USD',
  venueSymbol: 'BTC-USD',
  base: 'BTC',
  quote: 'USD',
  tickSize: d('0.01'),
  lotSize: d('0.0001'),
  minSize: d('0.0001'),
  status: 'trading',
}

function refusal(request: Omit<PrimeOrderRequest, 'symbol'>): VenueError {
  try {
    preparePrimeOrder({ symbol: 'BTC/USD', clientOrderId: 'c-1', ...request }, BTC)
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('the order was not refused')
}

describe('prime order terms', () => {
  it('refuses a prime.type Prime does not take, naming the valid ones', () => {
    const limit = { side: 'buy', type: 'limit', price: d('60000'), quantity: d('1') } as const
    for (const type of ['ICEBERG', 'twap', '']) {
      const e = refusal({ ...limit, prime: { type } as unknown as PrimeOrderRequest['prime'] })
      expect(e.kind, type).to.equal('invalid-request')
      expect(e.message, type).to.contain(`prime.type must be one of TWAP, VWAP, STOP_LIMIT, got "${type}"`)
    }
    const market = { side: 'buy', type: 'market', quantity: d('1') } as const
    const e = refusal({ ...market, prime: { type: 'ICEBERG' } as unknown as PrimeOrderRequest['prime'] })
    expect(e.message).to.contain('prime.type must be one of TWAP, VWAP, STOP_LIMIT')
  })

  it('refuses prime terms that are not an object', () => {
    const limit = { side: 'buy', type: 'limit', price: d('60000'), quantity: d('1') } as const
    const e = refusal({ ...limit, prime: 'TWAP' as unknown as PrimeOrderRequest['prime'] })
    expect(e.message).to.contain('prime must be an object')
  })
})
