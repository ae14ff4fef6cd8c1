import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal, type BybitTrading, type OrderRequest } from '../../index.js'
import type { SpoiledAnswer } from '../../lib/testing/index.js'
import { requestsTo, startRig, type BybitRig } from './support.js'

const SYMBOL = 'BTC/USDT'
const QTY = new Decimal('0.01')

describe('bybit e2e: an order placement whose response is lost', () => {
  let rig: BybitRig
  let account: BybitTrading

  const limitBuy = (clientOrderId: string, price: Decimal): OrderRequest => ({
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price,
    quantity: QTY,
    clientOrderId,
  })

  beforeEach(async () => {
    rig = await startRig({ seed: 9 })
    // Bybit's own trading surface: its order history proves the order exists once
    account = rig.client.account('bybit') as BybitTrading
  })

  afterEach(() => rig.close())

  it('ends with exactly one resting order, and the caller gets it', async () => {
    const { bybit, simEvents } = rig
    const bid = bybit.book(SYMBOL, 1).bids[0]?.price
    if (bid === undefined) throw new Error('the venue has no bid')
    bybit.faults.loseNextResponse()

    const order = await lastValueFrom(account.placeOrder(limitBuy('e2e-lost-1', bid)))

    const creates = requestsTo(simEvents.seen, 'POST', '/v5/order/create')
    expect(
      creates.map((r) => [r.status, r.retCode]),
      'one create, matched, its answer dropped; never sent again',
    ).to.deep.equal([[0, 0]])
    const truth = bybit.order({ orderLinkId: 'e2e-lost-1' })
    expect(truth?.orderStatus).to.equal('New')
    expect(order).to.include({
      id: truth?.orderId,
      clientOrderId: 'e2e-lost-1',
      status: 'new',
      symbol: SYMBOL,
    })
    expect(order.price?.eq(bid)).to.equal(true)
    expect(order.quantity.eq(QTY)).to.equal(true)
    const open = await lastValueFrom(account.openOrders(SYMBOL))
    expect(open.map((o) => o.clientOrderId)).to.deep.equal(['e2e-lost-1'])
  })

  it('ends with exactly one order when the lost placement filled at once', async () => {
    const { bybit, simEvents } = rig
    const usdt0 = bybit.balance('USDT').total
    const ask = bybit.book(SYMBOL, 1).asks[0]
    if (ask === undefined || ask.size.lt(QTY)) throw new Error('the best ask cannot fill the order alone')
    bybit.faults.loseNextResponse()

    const order = await lastValueFrom(account.placeOrder(limitBuy('e2e-lost-2', ask.price)))

    expect(requestsTo(simEvents.seen, 'POST', '/v5/order/create').map((r) => r.status)).to.deep.equal([0])
    expect(order).to.include({ clientOrderId: 'e2e-lost-2', status: 'filled' })
    expect(order.filledQuantity.eq(QTY)).to.equal(true)
    expect(order.id).to.equal(bybit.order({ orderLinkId: 'e2e-lost-2' })?.orderId)
    const history = await lastValueFrom(account.orderHistory())
    expect(history.filter((o) => o.clientOrderId === 'e2e-lost-2').map((o) => o.id)).to.deep.equal([order.id])
    // bought once: the quote paid is one fill's worth at the ask
    expect(bybit.balance('USDT').total.eq(usdt0.minus(ask.price.mul(QTY)))).to.equal(true)
  })
  for (const kind of ['html', 'truncated', 'no-id'] as const satisfies readonly SpoiledAnswer[]) {
    it(`finds the order by client order id when the 200 answer is ${kind}, and sends it once`, async () => {
      const { bybit, simEvents } = rig
      const bid = bybit.book(SYMBOL, 1).bids[0]?.price
      if (bid === undefined) throw new Error('the venue has no bid')
      bybit.faults.spoilNextOrderAnswer(kind)
      const { clientOrderId: _, ...generated } = limitBuy('unused', bid)

      const order = await lastValueFrom(account.placeOrder(generated))

      expect(
        requestsTo(simEvents.seen, 'POST', '/v5/order/create').map((r) => [r.status, r.retCode]),
        'one create, placed, its answer unreadable; never sent again',
      ).to.deep.equal([[200, 0]])
      const truth = bybit.order({ orderLinkId: order.clientOrderId })
      expect(truth?.orderStatus).to.equal('New')
      expect(order).to.include({ id: truth?.orderId, status: 'new', symbol: SYMBOL })
      expect(order.clientOrderId, 'the generated id').to.match(/^[0-9a-f-]{36}$/)
      const open = await lastValueFrom(account.openOrders(SYMBOL))
      expect(open.map((o) => o.id)).to.deep.equal([truth?.orderId])
    })
  }
})
