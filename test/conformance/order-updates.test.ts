/**
 * (c') What `orderUpdates$` says of an order: a canceled order keeps the quantity it was placed with
 * (the order channels of Coinbase and Prime do not carry it), and an order placed while the private
 * stream is still connecting reaches a subscriber that was there when it was placed, exactly once.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import {
  roundToLot,
  type Decimal,
  type Instrument,
  type Order,
  type OrderRequest,
  type VenueTrading,
} from 'rxvenue'
import { SIMULATED_VENUES, restsOrders, startRig, type Rig } from './rig.js'
import { orderSize, record, type Recorder } from './support.js'

for (const module of SIMULATED_VENUES) {
  const streams = module.capabilities.trading?.privateStreams
  describe(`${module.id} conformance: (c') order updates`, () => {
    let rig: Rig
    let account: VenueTrading
    let instrument: Instrument
    let orders: Recorder<Order>
    /** The other account streams, watched so the private connection subscribes all it would. */
    let others: readonly { stop(): void }[] = []

    /** A limit buy resting 100 ticks below the best bid. */
    const restingBuy = (clientOrderId: string): OrderRequest => {
      const best = rig.sim.book(instrument.symbol, 1).bids[0]?.price
      if (best === undefined) throw new Error(`${module.id}: the simulated book has no bid`)
      const price = best.minus(instrument.tickSize.mul(100))
      const quantity = orderSize(instrument, price)
      return { symbol: instrument.symbol, side: 'buy', type: 'limit', price, quantity, clientOrderId }
    }

    beforeEach(async function () {
      if (!restsOrders(module) || streams?.orders !== true) this.skip()
      rig = await startRig(module, { seed: 9 })
      instrument = await rig.instrument()
      account = rig.client.account(module.id)
      orders = record(account.orderUpdates$())
      others = [
        ...(streams.fills ? [record(account.fills$())] : []),
        ...(streams.balances ? [record(account.balanceUpdates$())] : []),
      ]
    })

    afterEach(async () => {
      orders?.stop()
      for (const r of others) r.stop()
      await rig?.close()
    })

    it('a canceled order keeps the quantity it was placed with, partly filled or not', async () => {
      const { sim, adapter } = rig
      await adapter.privateSubscribed(sim)
      const untouched = restingBuy('updates-qty-1')
      const partial = restingBuy('updates-qty-2')
      const qty = partial.quantity as Decimal
      const first = roundToLot(qty.mul('0.4'), instrument.lotSize)
      const cancel = async (request: OrderRequest): Promise<Order> => {
        const ref = { symbol: instrument.symbol, clientOrderId: request.clientOrderId ?? '' }
        await lastValueFrom(account.cancelOrder(ref))
        return orders.until(
          (o) => o.clientOrderId === request.clientOrderId && o.status === 'canceled',
          `${request.clientOrderId} canceled on the order stream`,
        )
      }
      for (const request of [untouched, partial]) {
        await lastValueFrom(account.placeOrder(request))
        await orders.until(
          (o) => o.clientOrderId === request.clientOrderId && o.status === 'new',
          `${request.clientOrderId} new on the order stream`,
        )
      }
      // canceled first, so the fill below cannot reach it
      const one = await cancel(untouched)
      expect(one.quantity.toFixed(), 'canceled untouched: quantity').to.equal(qty.toFixed())
      expect(one.filledQuantity.isZero(), 'canceled untouched: filled').to.equal(true)
      adapter.fillOrder(sim, instrument.symbol, 'updates-qty-2', first)
      await orders.until(
        (o) => o.clientOrderId === 'updates-qty-2' && o.status === 'partially-filled',
        'the partial fill on the order stream',
      )
      const two = await cancel(partial)
      expect(two.quantity.toFixed(), 'canceled partly filled: quantity').to.equal(qty.toFixed())
      expect(two.filledQuantity.toFixed(), 'canceled partly filled: filled').to.equal(first.toFixed())
      for (const o of orders.seen.filter((x) => x.clientOrderId.startsWith('updates-qty-'))) {
        expect(o.quantity.toFixed(), `${o.clientOrderId} ${o.status}: quantity`).to.equal(qty.toFixed())
      }
    })

    it('an order placed while the private stream connects reaches the order stream, once', async () => {
      // subscribed just above, not yet confirmed by the venue
      const request = restingBuy('updates-early-1')
      const placed = await lastValueFrom(account.placeOrder(request))
      expect(placed.status).to.equal('new')
      const mine = (o: Order) => o.clientOrderId === 'updates-early-1'
      await orders.until((o) => mine(o) && o.status === 'new', 'the early order on the order stream')
      await rig.adapter.privateSubscribed(rig.sim)
      await lastValueFrom(
        account.cancelOrder({ symbol: instrument.symbol, clientOrderId: 'updates-early-1' }),
      )
      await orders.until((o) => mine(o) && o.status === 'canceled', 'the early order canceled')
      // a second order after the stream is up: every update of the first is in before its own
      const later = restingBuy('updates-early-2')
      await lastValueFrom(account.placeOrder(later))
      await orders.until((o) => o.clientOrderId === 'updates-early-2', 'the later order')
      expect(orders.seen.filter(mine).map((o) => o.status)).to.deep.equal(['new', 'canceled'])
    })
  })
}
