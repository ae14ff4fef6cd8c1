import { expect } from 'chai'
import { isoRange } from '../../../lib/venues/kit/trading/history-range.js'

describe('kit: a history range as ISO 8601 query parameters', () => {
  const names = { symbol: 'product_ids', from: 'start_date', to: 'end_date' }

  it('writes each bound as an ISO time under the venue’s names', () => {
    expect(isoRange({ venueSymbol: 'BTC-USD', fromMs: 0, toMs: 86_400_000 }, names)).to.deep.equal({
      product_ids: 'BTC-USD',
      start_date: '1970-01-01T00:00:00.000Z',
      end_date: '1970-01-02T00:00:00.000Z',
    })
  })

  it('leaves an open bound and a missing symbol out', () => {
    const query = isoRange({ venueSymbol: undefined, fromMs: undefined, toMs: undefined }, names)
    expect(Object.values(query).every((v) => v === undefined)).to.equal(true)
  })
})
