/** The kit's one-sided quotes: a two-way request refused, the one price read by the side. */
import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { oneSide, oneSidedQuote } from '../../../lib/venues/kit/rfq/one-sided-quote.js'

const d = (text: string) => new Decimal(text)
const expiresAt = new Date(7000)

describe('kit: one-sided quotes', () => {
  it('takes a buy or a sell and refuses two-way, naming the venue', () => {
    expect(oneSide('prime', { symbol: 'BTC/USD', side: 'sell', quantity: d('1') })).to.equal('sell')
    let refusal: unknown
    try {
      oneSide('prime', { symbol: 'BTC/USD', side: 'two-way', quantity: d('1') })
    } catch (e) {
      refusal = e
    }
    expect(refusal).to.be.instanceOf(VenueError)
    expect((refusal as VenueError).kind).to.equal('invalid-request')
    expect((refusal as VenueError).message).to.equal('prime quotes one side at a time')
  })

  it("reads the price as a buy's ask, with the venue's quantities, at venue time", () => {
    const request = { symbol: 'BTC/USD', side: 'buy', quantity: d('2'), clientQuoteId: 'mine' } as const
    const answer = { id: 'q-1', price: d('60000'), quantity: d('1.5'), quoteQuantity: d('90000'), expiresAt }
    const quote = oneSidedQuote('prime', 'BTC/USD', request, 'buy', answer, 5000)
    expect(quote).to.deep.equal({
      venue: 'prime',
      symbol: 'BTC/USD',
      id: 'q-1',
      side: 'buy',
      quantity: d('1.5'),
      quoteQuantity: d('90000'),
      ask: d('60000'),
      expiresAt,
      clientQuoteId: 'mine',
      timestamp: new Date(5000),
      rawTimestamp: 5000,
    })
    expect(quote.bid).to.equal(undefined)
  })

  it("reads a sell's price as its bid; the quantity is the request's, else the venue's quote amount over the price", () => {
    const byBase = oneSidedQuote(
      'prime',
      'BTC/USD',
      { symbol: 'BTC/USD', side: 'sell', quantity: d('3') },
      'sell',
      { id: 'q-2', price: d('50000'), expiresAt },
      1,
    )
    expect(byBase.bid?.toFixed()).to.equal('50000')
    expect(byBase.ask).to.equal(undefined)
    expect(byBase.quantity.toFixed()).to.equal('3')
    expect(byBase.quoteQuantity).to.equal(undefined)
    const byValue = oneSidedQuote(
      'prime',
      'BTC/USD',
      { symbol: 'BTC/USD', side: 'buy', quoteQuantity: d('500') },
      'buy',
      { id: 'q-3', price: d('50000'), quoteQuantity: d('400'), expiresAt },
      1,
    )
    expect(byValue.quantity.toFixed()).to.equal('0.008')
    expect(byValue.quoteQuantity?.toFixed()).to.equal('400')
    // an answer that says no quantity at all: the value asked for, over the price
    const unsaid = oneSidedQuote(
      'prime',
      'BTC/USD',
      { symbol: 'BTC/USD', side: 'buy', quoteQuantity: d('500') },
      'buy',
      { id: 'q-4', price: d('50000'), expiresAt },
      1,
    )
    expect(unsaid.quantity.toFixed()).to.equal('0.01')
    expect(unsaid.quoteQuantity?.toFixed()).to.equal('500')
  })
})
