import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Instrument } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { venueFill } from '../../../lib/venues/kit/trading/venue-fill.js'
import { sideOf, venueOrder, type OrderFields } from '../../../lib/venues/kit/trading/venue-order.js'

const d = (text: string) => new Decimal(text)
const instrument: Instrument = {
  venue: 'binance',
  symbol: 'BTC/USDT',
  venueSymbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: d('0.01'),
  lotSize: d('0.00001'),
  minSize: d('0.00001'),
  status: 'trading',
}
const symbols = new SymbolMap('binance', [instrument])
const at = { timestamp: new Date(2000), rawTimestamp: 2000 }
const fields: OrderFields = {
  venueSymbol: 'BTCUSDT',
  id: '42',
  clientOrderId: 'grid-1',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  price: d('60000'),
  quantity: d('0.5'),
  quoteQuantity: undefined,
  filled: d('0.1'),
  averagePrice: d('59990'),
  status: 'partially-filled',
  created: { timestamp: new Date(1000), rawTimestamp: 1000 },
  at,
}

describe('kit: a venue order record as the model order', () => {
  it('maps the fields onto the listed instrument, leaving out an absent reason', () => {
    const order = venueOrder('binance', symbols, fields)
    expect(order).to.deep.equal({
      venue: 'binance',
      symbol: 'BTC/USDT',
      id: '42',
      clientOrderId: 'grid-1',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      price: d('60000'),
      quantity: d('0.5'),
      quoteQuantity: undefined,
      filledQuantity: d('0.1'),
      averagePrice: d('59990'),
      status: 'partially-filled',
      createdAt: new Date(1000),
      timestamp: new Date(2000),
      rawTimestamp: 2000,
    })
    expect(venueOrder('binance', symbols, { ...fields, reason: 'EC_PostOnly' })?.reason).to.equal(
      'EC_PostOnly',
    )
  })

  it('is undefined for an unlisted symbol', () => {
    expect(venueOrder('binance', symbols, { ...fields, venueSymbol: 'ETHUSDT' })).to.equal(undefined)
  })

  it('keeps a price only on a positive limit, an average only once something filled', () => {
    expect(venueOrder('binance', symbols, { ...fields, type: 'market' })?.price).to.equal(undefined)
    expect(venueOrder('binance', symbols, { ...fields, price: d('0') })?.price).to.equal(undefined)
    expect(venueOrder('binance', symbols, { ...fields, filled: d('0') })?.averagePrice).to.equal(undefined)
    expect(venueOrder('binance', symbols, { ...fields, averagePrice: d('0') })?.averagePrice).to.equal(
      undefined,
    )
  })

  it('counts an order placed by quote amount in the base filled so far', () => {
    const order = venueOrder('binance', symbols, { ...fields, quantity: undefined, quoteQuantity: d('100') })
    expect(order?.quantity.toFixed()).to.equal('0.1')
    expect(order?.quoteQuantity?.toFixed()).to.equal('100')
  })

  it('names the order by its id when the venue gives no client id, and an absent time as the epoch', () => {
    const order = venueOrder('binance', symbols, {
      ...fields,
      clientOrderId: '',
      created: undefined,
      at: undefined,
    })
    expect(order?.clientOrderId).to.equal('42')
    expect(order?.createdAt.getTime()).to.equal(0)
    expect(order?.rawTimestamp).to.equal(0)
  })

  it('reads a side in any case', () => {
    expect(['BUY', 'Buy', 'buy', 'SELL', 'Sell'].map(sideOf)).to.deep.equal([
      'buy',
      'buy',
      'buy',
      'sell',
      'sell',
    ])
  })
})

describe('kit: a venue execution record as the model fill', () => {
  const fill = (venueSymbol: string) =>
    venueFill('binance', symbols, venueSymbol, (i) => ({
      tradeId: '7',
      orderId: '42',
      side: 'buy',
      price: d('60000'),
      quantity: d('0.1'),
      fee: d('0.0001'),
      feeAsset: i.base,
      ...at,
    }))

  it('names the listed instrument, which the fields may read', () => {
    expect(fill('BTCUSDT')).to.deep.include({ venue: 'binance', symbol: 'BTC/USDT', feeAsset: 'BTC' })
  })

  it('is undefined for an unlisted symbol', () => {
    expect(fill('ETHUSDT')).to.equal(undefined)
  })
})
