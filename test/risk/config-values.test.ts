import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import { createRisk, type RiskConfig } from '../../lib/risk/index.js'

/** The message of the `invalid-request` createRisk throws for `config`. */
function refusal(config: unknown): string {
  try {
    createRisk(config as RiskConfig)
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    expect((e as VenueError).kind).to.equal('invalid-request')
    return (e as VenueError).message
  }
  return expect.fail('createRisk accepted it')
}

describe('risk config: limit values', () => {
  it('a count given as a string or a Decimal says so', () => {
    expect(refusal({ maxOpenOrders: '10' })).to.equal(
      'risk limit maxOpenOrders must be a whole number >= 0, got "10" (a string)',
    )
    expect(refusal({ maxOpenOrders: new Decimal(10) })).to.equal(
      'risk limit maxOpenOrders must be a whole number >= 0, got 10 (a Decimal)',
    )
    expect(refusal({ maxOpenOrders: 1.5 })).to.equal(
      'risk limit maxOpenOrders must be a whole number >= 0, got 1.5',
    )
    expect(refusal({ maxOrderRate: { orders: '5', perMs: 1000 } })).to.equal(
      'risk limit maxOrderRate needs whole orders >= 0 and perMs > 0, got orders "5" (a string)',
    )
    expect(refusal({ maxOrderRate: { orders: 5, perMs: -1 } })).to.equal(
      'risk limit maxOrderRate needs whole orders >= 0 and perMs > 0, got perMs -1',
    )
  })

  it('a limit that is no number quotes what it got', () => {
    expect(refusal({ maxOrderQuantity: 'abc' })).to.equal(
      'risk limit maxOrderQuantity must be a positive number, got "abc"',
    )
  })

  it('refuses a price band that is not a fraction of the mid below 1', () => {
    expect(refusal({ priceBand: '5' })).to.equal(
      'risk limit priceBand must be a fraction of the mid, above 0 and below 1 (0.05 = 5 %), got 5',
    )
    expect(refusal({ venues: { bybit: { symbols: { 'BTC/USDT': { priceBand: '1' } } } } })).to.contain(
      'priceBand must be a fraction of the mid',
    )
    expect(() => createRisk({ priceBand: '0.99' })).not.to.throw()
  })

  it('takes a number where a Decimal-like belongs, as DecimalLike does', () => {
    expect(() => createRisk({ maxOrderQuantity: 0.1, maxPosition: new Decimal('1') })).not.to.throw()
  })
})
