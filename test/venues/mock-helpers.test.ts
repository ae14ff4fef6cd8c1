import { expect } from 'chai'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import { aBook, aFill, anOrder, createMockVenue, type MockVenue } from '../../lib/venues/mock/index.js'

const buy = {
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  price: new Decimal('50000'),
  quantity: new Decimal('0.01'),
} as const

describe('mock venue test helpers', () => {
  let mock: MockVenue
  beforeEach(() => {
    mock = createMockVenue({ seed: 3 })
  })
  afterEach(() => mock.close())

  it('counts each request when it is made, not when the method is called', async () => {
    const placing = mock.trading.placeOrder(buy)
    expect(mock.calls.placeOrder).to.equal(0)
    await firstValueFrom(placing)
    await firstValueFrom(placing)
    await firstValueFrom(mock.trading.openOrders('BTC/USDT'))
    expect(mock.calls.placeOrder).to.equal(2)
    expect(mock.calls.openOrders).to.equal(1)
    expect(mock.calls.cancelOrder).to.equal(0)
  })

  it('answers with a canned handler until it is removed, then with the engine again', async () => {
    const canned = anOrder().ids('canned-1').rejected('no funds today').build()
    const seen: unknown[] = []
    const off = mock.on('placeOrder', (req) => {
      seen.push(req.price?.toString())
      return canned
    })
    expect(await firstValueFrom(mock.trading.placeOrder(buy))).to.equal(canned)
    expect(seen).to.deep.equal(['50000'])
    expect(await lastValueFrom(mock.trading.openOrders('BTC/USDT'))).to.deep.equal([])
    off()
    const real = await firstValueFrom(mock.trading.placeOrder(buy))
    expect(real.status).to.equal('new')
    expect(mock.calls.placeOrder).to.equal(2)
  })

  it('fails a request with the error a handler throws, as a typed VenueError', async () => {
    mock.on('cancelOrder', () => {
      throw new VenueError({ kind: 'not-found', venue: 'mock', message: 'gone' })
    })
    const error = await firstValueFrom(mock.trading.cancelOrder({ symbol: 'BTC/USDT', id: 'x' })).catch(
      (e: unknown) => e,
    )
    expect(error).to.be.instanceOf(VenueError)
    expect((error as VenueError).kind).to.equal('not-found')
  })

  it('builds orders, fills and books with only the fields a test names', () => {
    const order = anOrder().sell().quantity('0.5').limit('61000').filled('61010').build()
    expect(order.side).to.equal('sell')
    expect(order.status).to.equal('filled')
    expect(order.filledQuantity.toString()).to.equal('0.5')
    expect(order.averagePrice?.toString()).to.equal('61010')
    expect(anOrder().build().id).to.not.equal(anOrder().build().id)
    const partial = anOrder().quantity('2').partiallyFilled('0.5').build()
    expect(partial.status).to.equal('partially-filled')
    const fill = aFill(order, { fee: '0.1' })
    expect([
      fill.side,
      fill.price.toString(),
      fill.quantity.toString(),
      fill.fee.toString(),
      fill.feeAsset,
    ]).to.deep.equal(['sell', '61010', '0.5', '0.1', 'USDT'])
    expect(aFill(anOrder().quantity('3').build()).quantity.toString()).to.equal('3')
    const book = aBook()
      .withLevels({
        bids: [
          ['100', '1'],
          ['99', '2'],
        ],
        asks: [['101', '3']],
      })
      .build()
    expect(book.bids.map((l) => l.price.toString())).to.deep.equal(['100', '99'])
    expect(book.asks[0]?.size.toString()).to.equal('3')
    const around = aBook().around('60000', '2').build()
    expect([around.bids[0]?.price.toString(), around.asks[0]?.price.toString()]).to.deep.equal([
      '59999',
      '60001',
    ])
  })
})
