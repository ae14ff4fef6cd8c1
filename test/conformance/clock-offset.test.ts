/**
 * (j) A local clock a minute off the venue's, either way: a machine without time sync. Everything the
 * driver signs is signed at venue time, the first thing it signs too: the listing where it is signed
 * (Prime, FalconX), the account's socket (Bybit's `auth` expiry, Coinbase's JWT, Binance's and Prime's
 * signed subscriptions), an order, a quote and its acceptance. Before, Coinbase's account socket (local
 * clock ahead) was refused and never came up, FalconX's listing was refused either way, and Bybit's
 * `auth` raced the first measurement.
 */
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { Decimal, hasRfq, type Instrument, type Order, type OrderRequest } from 'rxvenue'
import { SIMULATED_VENUES, restsOrders, startRig, type Rig } from './rig.js'
import { orderSize, record, until } from './support.js'

/** How far the venue's clock is from the local one, each way. */
const OFFSETS = [60_000, -60_000] as const

for (const module of SIMULATED_VENUES) {
  for (const offset of OFFSETS) {
    const way = offset > 0 ? 'behind' : 'ahead of'
    describe(`${module.id} conformance: (j) a local clock a minute ${way} the venue's`, () => {
      let rig: Rig

      beforeEach(async function () {
        if (module.capabilities.trading === undefined && module.capabilities.rfq === undefined) this.skip()
        rig = await startRig(module, {
          seed: 17,
          simulator: { clock: { at: Date.now() + offset, running: true } },
        })
      })

      afterEach(() => rig?.close())

      it('lists, streams the account, and places and cancels an order (or is quoted) as usual', async () => {
        const instrument: Instrument = await rig.instrument()
        if (restsOrders(module)) {
          const account = rig.client.account(module.id)
          const streams = module.capabilities.trading?.privateStreams
          const updates = streams?.orders ? record(account.orderUpdates$()) : undefined
          // every account stream, as the simulator's adapter waits for all of them
          const others = [
            streams?.fills ? record(account.fills$()) : undefined,
            streams?.balances ? record(account.balanceUpdates$()) : undefined,
          ]
          try {
            if (streams?.orders) await rig.adapter.privateSubscribed(rig.sim)
            const bid = rig.sim.book(instrument.symbol, 1).bids[0]?.price
            if (bid === undefined) throw new Error(`${module.id}: the simulated book has no bid`)
            const request: OrderRequest = {
              symbol: instrument.symbol,
              side: 'buy',
              type: 'limit',
              timeInForce: 'GTC',
              price: bid,
              quantity: orderSize(instrument, bid),
              clientOrderId: 'conformance-offset-1',
            }
            const placed = await lastValueFrom(account.placeOrder(request))
            expect(placed.status, 'placed').to.be.oneOf(['new', 'open'])
            const canceled = await lastValueFrom(
              account.cancelOrder({ symbol: instrument.symbol, clientOrderId: 'conformance-offset-1' }),
            )
            expect(canceled.status, 'canceled').to.equal('canceled')
            if (updates !== undefined) {
              const mine = (o: Order) => o.clientOrderId === 'conformance-offset-1'
              await until(
                () => updates.seen.some((o) => mine(o) && o.status === 'canceled'),
                'the cancel on the account stream',
              )
            }
          } finally {
            for (const r of [updates, ...others]) r?.stop()
          }
        }
        const venue = rig.client.venue(module.id)
        if (module.capabilities.rfq !== undefined && hasRfq(venue)) {
          const quantity = Decimal.max(instrument.minSize, instrument.lotSize).mul(10)
          const side = module.capabilities.rfq.twoWay ? 'two-way' : 'buy'
          const quote = await firstValueFrom(venue.rfq.quote$({ symbol: instrument.symbol, side, quantity }))
          // the driver compares the expiry with the venue's clock: by the local one, a quote would look
          // expired (clock ahead) or be sent after its expiry (clock behind)
          const execution = await lastValueFrom(venue.rfq.accept(quote, 'buy'))
          expect(execution.order.status, 'accepted within its expiry').to.equal('filled')
        }
      })
    })
  }
}
