/**
 * The kit's one reading of an order record's facts (Coinbase, Prime): the model's order, and an order
 * channel's running totals.
 */
import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import {
  factsChannel,
  factsOrder,
  factsTotals,
  type OrderFacts,
  type OrderWords,
} from '../../../lib/venues/kit/trading/order-facts.js'

const d = (v: string) => new Decimal(v)
const symbols = new SymbolMap('prime', [
  {
    venue: 'prime',
    symbol: 'BTC/USD',
    venueSymbol: 'BTC-USD',
    base: 'BTC',
    quote: 'USD',
    status: 'trading',
    tickSize: d('0.01'),
    lotSize: d('0.0001'),
    minSize: d('0.0001'),
    maxSize: undefined,
    minNotional: undefined,
  },
])
const words: OrderWords = {
  venue: 'prime',
  statuses: { OPEN: 'open', FILLED: 'filled', CANCELLED: 'canceled' },
  unlisted: undefined,
}
const at = { timestamp: new Date(5000), rawTimestamp: 5000 }
const facts = (more: Partial<OrderFacts> = {}): OrderFacts => ({
  productId: 'BTC-USD',
  id: 'o-1',
  clientOrderId: 'c-1',
  side: 'buy',
  type: 'limit',
  price: d('100'),
  base: d('2'),
  filled: d('0.5'),
  average: d('99'),
  status: 'OPEN',
  ...more,
})

describe('kit: order facts', () => {
  it('reads a limit order: side in any case, GTC by default, open with a fill partially filled', () => {
    const o = factsOrder(words, facts({ side: 'Buy', reason: 'USER_REQUESTED' }), symbols, at)
    expect(o).to.include({ symbol: 'BTC/USD', side: 'buy', type: 'limit', timeInForce: 'GTC' })
    expect(o).to.include({ status: 'partially-filled', clientOrderId: 'c-1' })
    expect(o?.reason, 'a reason only once ended').to.equal(undefined)
    expect([o?.price?.toFixed(), o?.quantity.toFixed(), o?.averagePrice?.toFixed()]).to.deep.equal([
      '100',
      '2',
      '99',
    ])
    expect(o?.createdAt).to.deep.equal(new Date(5000))
  })

  it('drops a market order’s price and runs it IOC; an order by value has what filled as its quantity', () => {
    const o = factsOrder(
      words,
      facts({ type: 'market', timeInForce: 'GTC', base: undefined, quote: d('50') }),
      symbols,
      at,
    )
    expect(o).to.include({ type: 'market', timeInForce: 'IOC', price: undefined })
    expect([o?.quantity.toFixed(), o?.quoteQuantity?.toFixed()]).to.deep.equal(['0.5', '50'])
  })

  it('takes what is left plus what filled as the quantity, the id for a missing client id, a reason once ended', () => {
    const o = factsOrder(
      words,
      facts({ leaves: d('1'), clientOrderId: '', status: 'cancelled', reason: 'by user' }),
      symbols,
      at,
    )
    expect(o?.quantity.toFixed()).to.equal('1.5')
    expect(o).to.include({ clientOrderId: 'o-1', status: 'canceled', reason: 'by user' })
    expect(factsOrder(words, facts({ reason: 'x' }), symbols, at)?.reason).to.equal(undefined)
  })

  it('leaves out an unlisted product, a kind not placed and a status the words do not list', () => {
    expect(factsOrder(words, facts({ productId: 'ETH-USD' }), symbols, at)).to.equal(undefined)
    expect(factsOrder(words, facts({ type: undefined }), symbols, at)).to.equal(undefined)
    expect(factsOrder(words, facts({ status: 'QUEUED' }), symbols, at)).to.equal(undefined)
    const fallback = { ...words, unlisted: 'pending-new' } as const
    expect(factsOrder(fallback, facts({ status: 'QUEUED' }), symbols, at)?.status).to.equal('pending-new')
  })

  it('reads running totals: the value given, else the average times what filled; no fees as zero', () => {
    const totals = factsTotals(facts({ side: 'SELL' }))
    expect(totals).to.include({ orderId: 'o-1', productId: 'BTC-USD', side: 'sell' })
    expect([totals.value.toFixed(), totals.fees.toFixed()]).to.deep.equal(['49.5', '0'])
    const given = factsTotals(facts({ value: d('49.7'), fees: d('0.1') }))
    expect([given.value.toFixed(), given.fees.toFixed()]).to.deep.equal(['49.7', '0.1'])
    const channel = factsChannel(words, (o: OrderFacts) => o)
    expect(channel.totals(facts()).filled.toFixed()).to.equal('0.5')
    expect(channel.toOrder(facts(), symbols, at)?.id).to.equal('o-1')
  })
})
