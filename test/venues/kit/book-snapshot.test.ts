import { expect } from 'chai'
import type { PriceSizeText } from '../../../lib/codec/levels.js'
import { bookSnapshot } from '../../../lib/venues/kit/book-snapshot.js'

/** Levels as a decoded snapshot holds them. */
const levels = (...pairs: [string, string][]) => pairs as unknown as PriceSizeText[]

const at = { timestamp: new Date(5), rawTimestamp: 5 }
const instrument = { venue: 'coinbase', symbol: 'BTC/USD' } as const

describe('kit bookSnapshot', () => {
  it("reads the snapshot's text levels in order, keeping the venue's number of the book", () => {
    const book = bookSnapshot(
      instrument,
      {
        bids: levels(['100.5', '2']),
        asks: levels(['101', '0.25'], ['102', '1']),
        sequence: 42,
      },
      at,
    )
    expect(book.bids.map((l) => [l.price.toString(), l.size.toString()])).to.deep.equal([['100.5', '2']])
    expect(book.asks.map((l) => l.price.toString())).to.deep.equal(['101', '102'])
    expect([book.venue, book.symbol, book.sequence, book.rawTimestamp]).to.deep.equal([
      'coinbase',
      'BTC/USD',
      42,
      5,
    ])
  })

  it('leaves the sequence out where the venue does not number its book', () => {
    expect(bookSnapshot(instrument, { bids: [], asks: [] }, at)).to.not.have.property('sequence')
  })
})
