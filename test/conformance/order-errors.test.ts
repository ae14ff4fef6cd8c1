/**
 * (c'') Every error of an order command names the order: `clientOrderId` on the error and in its
 * message, whether the command was refused before sending (its shape, its values) or by the venue.
 */
import { expect } from 'chai'
import { lastValueFrom, type Observable } from 'rxjs'
import { Decimal, VenueError, type Instrument, type OrderRequest, type VenueTrading } from 'rxvenue'
import { SIMULATED_VENUES, restsOrders, startRig, type Rig } from './rig.js'
import { orderSize } from './support.js'

/** The error `command` fails with. */
async function failure(command: () => Observable<unknown>): Promise<VenueError> {
  try {
    await lastValueFrom(command())
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('the command did not fail')
}

function namesOrder(e: VenueError, clientOrderId: string): void {
  expect(e.clientOrderId, `clientOrderId of: ${e.message}`).to.equal(clientOrderId)
  expect(e.message, 'message').to.match(new RegExp(`^order ${clientOrderId}: `))
}

for (const module of SIMULATED_VENUES) {
  describe(`${module.id} conformance: (c'') order command errors name the order`, () => {
    let rig: Rig
    let account: VenueTrading
    let instrument: Instrument

    const restingBuy = (clientOrderId: string): OrderRequest => {
      const best = rig.sim.book(instrument.symbol, 1).bids[0]?.price
      if (best === undefined) throw new Error(`${module.id}: the simulated book has no bid`)
      const price = best.minus(instrument.tickSize.mul(100))
      return {
        symbol: instrument.symbol,
        side: 'buy',
        type: 'limit',
        price,
        quantity: orderSize(instrument, price),
        clientOrderId,
      }
    }

    beforeEach(async function () {
      if (!restsOrders(module)) this.skip()
      rig = await startRig(module, { seed: 11 })
      instrument = await rig.instrument()
      account = rig.client.account(module.id)
    })

    afterEach(async () => {
      await rig?.close()
    })

    it('placeOrder refused for its shape names the given id, or the one it made', async () => {
      const request = restingBuy('err-shape-1')
      const numberQty = await failure(() =>
        account.placeOrder({ ...request, quantity: 0.5 as unknown as Decimal }),
      )
      expect(numberQty.kind).to.equal('invalid-request')
      namesOrder(numberQty, 'err-shape-1')
      for (const bad of [{ side: 'up' }, { type: 'iceberg' }, { timeInForce: 'GTX' }]) {
        const e = await failure(() => account.placeOrder({ ...request, ...bad } as unknown as OrderRequest))
        expect(e.kind, JSON.stringify(bad)).to.equal('invalid-request')
        namesOrder(e, 'err-shape-1')
      }
      const { clientOrderId: _, ...anonymous } = request
      const made = await failure(() =>
        account.placeOrder({ ...anonymous, side: 'up' } as unknown as OrderRequest),
      )
      expect(made.clientOrderId, 'a made id').to.be.a('string')
      namesOrder(made, made.clientOrderId ?? '')
      expect(rig.adapter.ordersWithClientId(rig.sim, instrument.symbol, 'err-shape-1')).to.equal(0)
    })

    it('cancelOrder and amendOrder of an order the venue does not know name it', async () => {
      const ref = { symbol: instrument.symbol, clientOrderId: 'err-missing-1' }
      const cancel = await failure(() => account.cancelOrder(ref))
      namesOrder(cancel, 'err-missing-1')
      if (account.amendOrder !== undefined) {
        const amend = account.amendOrder
        const price = (restingBuy('x').price as Decimal).minus(instrument.tickSize)
        namesOrder(await failure(() => amend(ref, { price })), 'err-missing-1')
        const nothing = await failure(() => amend(ref, {}))
        expect(nothing.kind).to.equal('invalid-request')
        namesOrder(nothing, 'err-missing-1')
        const bad = await failure(() => amend(ref, { price: 1 as unknown as Decimal }))
        expect(bad.kind).to.equal('invalid-request')
        namesOrder(bad, 'err-missing-1')
      }
    })

    it('a placement refused with the request echoed back is named by the prefix all the same', async () => {
      // the clock measured and the listing read first: the next request is the create
      await lastValueFrom(account.openOrders(instrument.symbol))
      rig.sim.faults.hostileNext('echo-400')
      const e = await failure(() => account.placeOrder(restingBuy('err-echo-1')))
      namesOrder(e, 'err-echo-1')
    })

    it('a cancel the venue refuses (the order filled) names the order', async () => {
      await lastValueFrom(account.placeOrder(restingBuy('err-filled-1')))
      rig.adapter.fillOrder(rig.sim, instrument.symbol, 'err-filled-1')
      const ref = { symbol: instrument.symbol, clientOrderId: 'err-filled-1' }
      const e = await failure(() => account.cancelOrder(ref)).catch(() => undefined)
      // a venue may answer a cancel of a filled order with the order itself
      if (e !== undefined) namesOrder(e, 'err-filled-1')
    })
  })
}
