/** The kit's listings decoded entry by entry, then mapped to instruments. */
import { expect } from 'chai'
import * as t from 'io-ts'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Logger } from '../../../lib/core/logging.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Instrument } from '../../../lib/core/model.js'
import { decodedListing } from '../../../lib/venues/kit/decoded-listing.js'

const Product = t.type({ id: t.string })
const instrument = (p: { id: string }): Instrument | undefined => {
  const [base, quote] = p.id.split('-')
  if (!base || !quote) return undefined
  const one = new Decimal('0.01')
  return {
    venue: 'prime',
    symbol: `${base}/${quote}`,
    venueSymbol: p.id,
    base,
    quote,
    tickSize: one,
    lotSize: one,
    minSize: one,
    status: 'trading',
  }
}

describe('kit: a listing decoded entry by entry', () => {
  it('maps the entries that decode, leaving out with a warning one that does not, one refused, one repeated', () => {
    const warned: [string, unknown][] = []
    const logger: Logger = {
      ...silentLogger,
      warn: (message: string, data?: unknown) => void warned.push([message, data]),
    }
    const products = decodedListing('prime', 'product', Product, (p) => p.id, instrument)
    const listed = products(
      [{ id: 'BTC-USD' }, { id: 7 }, { id: 'NOPE' }, { id: 'ETH-USD' }, { id: 'BTC-USD' }],
      logger,
    )
    expect(listed.map((i) => i.symbol)).to.deep.equal(['BTC/USD', 'ETH/USD'])
    expect(warned.map(([m]) => m)).to.deep.equal([
      'prime product left out',
      'prime instrument left out',
      'prime instrument left out',
    ])
    expect(warned[1]?.[1]).to.deep.equal({ symbol: 'NOPE' })
    expect(warned[2]?.[1]).to.deep.equal({ symbol: 'BTC-USD' })
  })
})
