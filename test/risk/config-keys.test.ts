import { expect } from 'chai'
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

describe('risk config: venue and symbol keys', () => {
  it('refuses a venue key that is no venue, naming the closest', () => {
    expect(refusal({ venues: { mokc: { maxOrderQuantity: '0.1' } } })).to.equal(
      'risk config: venues key mokc: unknown venue; did you mean mock? (a venue of your own: list it in customVenues)',
    )
    expect(refusal({ venues: { bybt: { maxOrderQuantity: '1' } } })).to.contain('did you mean bybit?')
  })

  it('refuses a venue key not written in lower case', () => {
    expect(refusal({ venues: { MOCK: { maxOrderQuantity: '0.1' } } })).to.equal(
      'risk config: venues key MOCK: venue ids are lower case; did you mean mock?',
    )
  })

  it('takes a venue of your own once listed in customVenues', () => {
    expect(refusal({ venues: { myvenue: { maxOpenOrders: 1 } } })).to.contain('unknown venue')
    expect(() =>
      createRisk({ customVenues: ['myvenue'], venues: { myvenue: { maxOpenOrders: 1 } } }),
    ).not.to.throw()
    expect(refusal({ customVenues: 'myvenue' })).to.equal(
      'risk config: customVenues must be an array of venue ids, got "myvenue"',
    )
    expect(refusal({ customVenues: ['MyVenue'] })).to.contain(
      'customVenues[0] MyVenue: venue ids are lower case',
    )
  })

  it('refuses a symbol key that is not the canonical BASE/QUOTE, naming it', () => {
    expect(refusal({ venues: { mock: { symbols: { 'btc/usdt': { maxOrderQuantity: '0.1' } } } } })).to.equal(
      'risk config: venues.mock.symbols key btc/usdt: write it BTC/USDT',
    )
    expect(refusal({ venues: { mock: { symbols: { BTCUSDT: { maxOrderQuantity: '0.1' } } } } })).to.equal(
      'risk config: venues.mock.symbols key BTCUSDT: not a unified symbol; write it BASE/QUOTE, e.g. BTC/USDT',
    )
  })

  it('takes every built-in venue and canonical symbols', () => {
    const venues = Object.fromEntries(
      ['bybit', 'binance', 'coinbase', 'prime', 'falconx', 'fordefi', 'mock'].map((v) => [
        v,
        { symbols: { 'BTC/USDT': { maxPosition: '1' }, 'USDC.E/USD': { maxPosition: '1' } } },
      ]),
    )
    expect(() => createRisk({ venues })).not.to.throw()
  })
})
