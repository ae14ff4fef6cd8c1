/**
 * (d) An order placement whose answer is lost or unreadable ends with exactly one order at the venue,
 * by the simulator's ledger and its book, and the caller gets that order: the placement is sent once
 * and found by its client order id, never sent again.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal, roundToLot, type Instrument, type OrderRequest, type VenueTrading } from 'rxvenue'
import type { SpoiledAnswer } from 'rxvenue/testing'
import { SIMULATED_VENUES, restsOrders, startRig, type Rig } from './rig.js'
import { buyFill, buyHold, type SimEvent } from './sim-adapter.js'
import { orderSize, sizeAt } from './support.js'

const MAKER_FEE = new Decimal('0.001')
const TAKER_FEE = new Decimal('0.002')

for (const module of SIMULATED_VENUES) {
  describe(`${module.id} conformance: (d) a lost placement answer gives exactly one order`, () => {
    let rig: Rig
    let account: VenueTrading
    let instrument: Instrument

    const limitBuy = (price: Decimal, quantity: Decimal, clientOrderId?: string): OrderRequest => ({
      symbol: instrument.symbol,
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      price,
      quantity,
      ...(clientOrderId === undefined ? {} : { clientOrderId }),
    })
    const bestBid = () => {
      const bid = rig.sim.book(instrument.symbol, 1).bids[0]?.price
      if (bid === undefined) throw new Error(`${module.id}: the simulated book has no bid`)
      return bid
    }
    /** The POST requests the simulator answered since `mark`, by status (0: the answer was dropped). */
    const placements = (mark: number) =>
      rig.simEvents.seen
        .slice(mark)
        .flatMap((e: SimEvent) => (e.type === 'request' && e['method'] === 'POST' ? [e['status']] : []))

    beforeEach(async function () {
      if (!restsOrders(module)) this.skip()
      rig = await startRig(module, { seed: 9, simulator: { fees: { maker: MAKER_FEE, taker: TAKER_FEE } } })
      instrument = await rig.instrument()
      account = rig.client.account(module.id)
      // the venue clock is measured before the fault, so no other request comes between
      await lastValueFrom(account.balances())
    })

    afterEach(() => rig?.close())

    it('a resting order whose placement answer is lost: one order at the venue, and the caller gets it', async () => {
      const { sim, adapter, simEvents } = rig
      const { symbol, quote } = instrument
      const price = bestBid()
      const qty = orderSize(instrument, price)
      const resting = sizeAt(sim.book(symbol).bids, price)
      const held = sim.balance(quote).locked
      const mark = simEvents.seen.length
      sim.faults.loseNextResponse()

      const order = await lastValueFrom(account.placeOrder(limitBuy(price, qty, 'conformance-lost-1')))

      expect(
        placements(mark),
        'one placement, carried out, its answer dropped; never sent again',
      ).to.deep.equal([0])
      expect(adapter.ordersWithClientId(sim, symbol, 'conformance-lost-1'), 'orders in the ledger').to.equal(
        1,
      )
      expect(
        sizeAt(sim.book(symbol).bids, price).eq(resting.plus(qty)),
        'resting at the price: one order more',
      ).to.equal(true)
      const one = buyHold(adapter, price.mul(qty), MAKER_FEE, TAKER_FEE)
      expect(sim.balance(quote).locked.eq(held.plus(one)), `${quote} held for one order`).to.equal(true)
      expect(order).to.include({ symbol, clientOrderId: 'conformance-lost-1', status: 'new' })
      expect(order.price?.eq(price)).to.equal(true)
      expect(order.quantity.eq(qty)).to.equal(true)
      const open = await lastValueFrom(account.openOrders(symbol))
      expect(open.filter((o) => o.clientOrderId === 'conformance-lost-1').map((o) => o.id)).to.deep.equal([
        order.id,
      ])
    })

    it('an order that filled at once, its placement answer lost: one order, filled, paid for once', async () => {
      const { sim, adapter, simEvents } = rig
      const { symbol, base, quote } = instrument
      const ask = sim.book(symbol, 1).asks[0]
      if (ask === undefined) throw new Error(`${module.id}: the simulated book has no ask`)
      const qty = roundToLot(Decimal.min(orderSize(instrument, ask.price), ask.size), instrument.lotSize)
      if (qty.lt(instrument.minSize))
        throw new Error(`${module.id}: the best ask is too small to fill an order`)
      const quote0 = sim.balance(quote).total
      const base0 = sim.balance(base).total
      const mark = simEvents.seen.length
      sim.faults.loseNextResponse()

      const order = await lastValueFrom(account.placeOrder(limitBuy(ask.price, qty, 'conformance-lost-2')))

      expect(placements(mark), 'one placement, its answer dropped').to.deep.equal([0])
      expect(adapter.ordersWithClientId(sim, symbol, 'conformance-lost-2'), 'orders in the ledger').to.equal(
        1,
      )
      expect(order).to.include({ clientOrderId: 'conformance-lost-2', status: 'filled' })
      expect(order.filledQuantity.eq(qty)).to.equal(true)
      // bought once: one fill's worth at the ask, the taker fee taken where the venue charges it
      const taker = buyFill(adapter, { price: ask.price, quantity: qty, rate: TAKER_FEE, base, quote })
      expect(sim.balance(quote).total.eq(quote0.minus(taker.quotePaid)), `${quote} paid once`).to.equal(true)
      expect(sim.balance(base).total.eq(base0.plus(taker.baseGained)), `${base} received once`).to.equal(true)
      const found = await lastValueFrom(account.getOrder({ symbol, clientOrderId: 'conformance-lost-2' }))
      expect(found).to.include({ id: order.id, status: 'filled' })
    })

    for (const kind of ['html', 'truncated', 'no-id'] as const satisfies readonly SpoiledAnswer[]) {
      it(`a placement whose answer is ${kind}: found by its generated client order id, sent once`, async () => {
        const { sim, adapter, simEvents } = rig
        const { symbol } = instrument
        const price = bestBid()
        const mark = simEvents.seen.length
        sim.faults.spoilNextOrderAnswer(kind)

        const order = await lastValueFrom(account.placeOrder(limitBuy(price, orderSize(instrument, price))))

        expect(placements(mark), 'one placement, carried out, its answer unreadable').to.deep.equal([200])
        expect(order.clientOrderId, 'the client order id the driver made').to.be.a('string').and.not.equal('')
        expect(adapter.ordersWithClientId(sim, symbol, order.clientOrderId), 'orders in the ledger').to.equal(
          1,
        )
        expect(order).to.include({ symbol, status: 'new' })
        const open = await lastValueFrom(account.openOrders(symbol))
        expect(open.map((o) => o.id)).to.deep.equal([order.id])
      })
    }
  })
}
