/** The kit's balances from whole amounts and holds. */
import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import { heldBalances } from '../../../lib/venues/kit/held-balances.js'

const d = (text: string) => new Decimal(text)

describe('kit: balances from amounts and holds', () => {
  it('frees the amount less its holds, locks the holds, at venue time', () => {
    const [btc, usd] = heldBalances(
      'prime',
      [
        { asset: 'BTC', amount: d('1.5'), holds: d('0.25') },
        { asset: 'USD', amount: d('100') },
      ],
      7000,
    )
    expect(btc).to.deep.equal({
      venue: 'prime',
      asset: 'BTC',
      free: d('1.25'),
      locked: d('0.25'),
      total: d('1.5'),
      timestamp: new Date(7000),
      rawTimestamp: 7000,
    })
    expect(usd?.free.toFixed()).to.equal('100')
    expect(usd?.locked.toFixed()).to.equal('0')
    expect(usd?.total.toFixed()).to.equal('100')
  })

  it('keeps the exact digits', () => {
    const [b] = heldBalances('prime', [{ asset: 'ETH', amount: d('0.3'), holds: d('0.1') }], 0)
    expect(b?.free.toFixed()).to.equal('0.2')
  })
})
