/**
 * The create bodies of every order Prime takes through the SDK, and the requests refused before
 * sending (https://docs.cdp.coinbase.com/api-reference/prime-api/rest-api/orders/create-order).
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
const body = (r: Omit<PrimeOrderRequest, 'symbol'>) =>
  preparePrimeOrder({ symbol: 'BTC/USD', clientOrderId: 'c-1', ...r }, BTC).body
const base = { product_id: 'BTC-USD', client_order_id: 'c-1' }

describe('prime order entry', () => {
  it('market orders by base quantity or quote value', () => {
    expect(body({ side: 'sell', type: 'market', quantity: d('0.5') })).to.deep.equal({
      ...base,
      side: 'SELL',
      type: 'MARKET',
      base_quantity: '0.5',
    })
    expect(body({ side: 'buy', type: 'market', quoteQuantity: d('100') })).to.deep.equal({
      ...base,
      side: 'BUY',
      type: 'MARKET',
      quote_value: '100',
    })
  })

  it('limit orders GTC, IOC, FOK, and good until an expiry', () => {
    const limit = { side: 'buy', type: 'limit', price: d('60000'), quantity: d('1') } as const
    expect(body(limit)).to.deep.equal({
      ...base,
      side: 'BUY',
      type: 'LIMIT',
      base_quantity: '1',
      limit_price: '60000',
      time_in_force: 'GOOD_UNTIL_CANCELLED',
    })
    expect(body({ ...limit, timeInForce: 'IOC' })['time_in_force']).to.equal('IMMEDIATE_OR_CANCEL')
    expect(body({ ...limit, timeInForce: 'FOK' })['time_in_force']).to.equal('FILL_OR_KILL')
    const gtd = body({ ...limit, prime: { expiryTime: new Date(Date.UTC(2030, 0, 1)) } })
    expect(gtd).to.include({ time_in_force: 'GOOD_UNTIL_DATE_TIME', expiry_time: '2030-01-01T00:00:00.000Z' })
  })

  it('TWAP and VWAP with a start and an expiry, STOP_LIMIT with its stop', () => {
    const limit = { side: 'buy', type: 'limit', price: d('60000'), quantity: d('2') } as const
    const window = {
      startTime: new Date(Date.UTC(2030, 0, 1)),
      expiryTime: new Date(Date.UTC(2030, 0, 1, 1)),
    }
    expect(body({ ...limit, prime: { type: 'TWAP', ...window } })).to.deep.equal({
      ...base,
      side: 'BUY',
      type: 'TWAP',
      base_quantity: '2',
      limit_price: '60000',
      start_time: '2030-01-01T00:00:00.000Z',
      expiry_time: '2030-01-01T01:00:00.000Z',
      time_in_force: 'GOOD_UNTIL_DATE_TIME',
    })
    expect(body({ ...limit, prime: { type: 'VWAP', ...window } })['type']).to.equal('VWAP')
    expect(body({ ...limit, prime: { type: 'STOP_LIMIT', stopPrice: d('59000') } })).to.include({
      type: 'STOP_LIMIT',
      stop_price: '59000',
      time_in_force: 'GOOD_UNTIL_CANCELLED',
    })
  })

  it('refuses before sending what Prime would refuse', () => {
    const limit = { side: 'buy', type: 'limit', price: d('60000'), quantity: d('2') } as const
    expect(() => body({ ...limit, prime: { type: 'TWAP', startTime: new Date() } })).to.throw(/expiryTime/)
    expect(() => body({ ...limit, prime: { type: 'STOP_LIMIT' } })).to.throw(/stopPrice/)
    expect(() => body({ side: 'buy', type: 'market', quantity: d('1'), prime: { type: 'TWAP' } })).to.throw(
      /limit/,
    )
    expect(() => body({ ...limit, timeInForce: 'IOC', prime: { expiryTime: new Date() } })).to.throw(/GTC/)
    expect(() => body({ ...limit, price: d('60000.001') })).to.throw()
    const refusal = (() => {
      try {
        return body({ ...limit, prime: { type: 'STOP_LIMIT' } })
      } catch (e) {
        return e
      }
    })()
    expect(refusal).to.be.instanceOf(VenueError).and.include({ kind: 'invalid-request', venue: 'prime' })
    expect((refusal as VenueError).message).to.include('order buy BTC/USD refused before sending: STOP_LIMIT')
  })
})
