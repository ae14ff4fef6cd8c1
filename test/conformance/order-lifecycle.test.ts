/**
 * (c) An order's life through the public account API: placed resting, partly filled, filled, and
 * another canceled; the order and fill streams, the balances and the simulator's ledger agree exactly.
 */
import { expect } from 'chai'
import { lastValueFrom, of } from 'rxjs'
import {
  Decimal,
  fillKey,
  isErrorKind,
  roundToLot,
  type Balance,
  type Fill,
  type Instrument,
  type Order,
  type OrderRequest,
  type VenueTrading,
} from 'rxvenue'
import { SIMULATED_VENUES, restsOrders, startRig, type Rig } from './rig.js'
import { buyFill, buyHold } from './sim-adapter.js'
import { orderSize, record, type Recorder } from './support.js'

/** Fee rates told apart, so a fee shows which side of the trade the order was on. */
const MAKER_FEE = new Decimal('0.001')
const TAKER_FEE = new Decimal('0.002')

const byAsset = (list: readonly Balance[]) => new Map(list.map((b) => [b.asset, b]))

for (const module of SIMULATED_VENUES) {
  const streams = module.capabilities.trading?.privateStreams
  describe(`${module.id} conformance: (c) order lifecycle`, () => {
    let rig: Rig
    let account: VenueTrading
    let instrument: Instrument
    let orders: Recorder<Order> | undefined
    let fills: Recorder<Fill> | undefined
    let balances: Recorder<Balance> | undefined

    /** A limit buy resting at the best bid less `ticksBelow` ticks. */
    const restingBuy = (clientOrderId: string, ticksBelow = 0): OrderRequest => {
      const best = rig.sim.book(instrument.symbol, 1).bids[0]?.price
      if (best === undefined) throw new Error(`${module.id}: the simulated book has no bid`)
      const price = best.minus(instrument.tickSize.mul(ticksBelow))
      return {
        symbol: instrument.symbol,
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        price,
        quantity: orderSize(instrument, price),
        clientOrderId,
      }
    }

    beforeEach(async function () {
      if (!restsOrders(module)) this.skip()
      rig = await startRig(module, {
        seed: 5,
        simulator: { fees: { maker: MAKER_FEE, taker: TAKER_FEE } },
      })
      instrument = await rig.instrument()
      account = rig.client.account(module.id)
      orders = streams?.orders ? record(account.orderUpdates$()) : undefined
      fills = streams?.fills ? record(account.fills$()) : undefined
      balances = streams?.balances ? record(account.balanceUpdates$()) : undefined
      await rig.adapter.privateSubscribed(rig.sim)
    })

    afterEach(async () => {
      orders?.stop()
      fills?.stop()
      balances?.stop()
      await rig?.close()
    })

    it('follows a limit buy from resting through a partial fill to filled: exact orders, fills and balances', async () => {
      const { sim, adapter } = rig
      const { symbol, base, quote } = instrument
      const quote0 = sim.balance(quote).total
      const base0 = sim.balance(base).total
      const request = restingBuy('conformance-fill-1')
      const price = request.price as Decimal
      const qty = request.quantity as Decimal
      const first = roundToLot(qty.mul('0.4'), instrument.lotSize)
      const mine = (o: Order) => o.clientOrderId === 'conformance-fill-1'

      const placed = await lastValueFrom(account.placeOrder(request))
      expect(placed).to.include({
        symbol,
        clientOrderId: 'conformance-fill-1',
        status: 'new',
        side: 'buy',
        type: 'limit',
      })
      expect(placed.price?.eq(price), 'price').to.equal(true)
      expect(placed.quantity.eq(qty), 'quantity').to.equal(true)
      expect(adapter.ordersWithClientId(sim, symbol, 'conformance-fill-1'), 'orders in the ledger').to.equal(
        1,
      )
      await orders?.until((o) => mine(o) && o.status === 'new', 'the resting order on the order stream')
      // resting: the quote it may spend is held, not gone
      const held = buyHold(adapter, price.mul(qty), MAKER_FEE, TAKER_FEE)
      expect(sim.balance(quote).locked.eq(held), `${quote} held at the venue`).to.equal(true)
      await balances?.until(
        (b) => b.asset === quote && b.locked.eq(held) && b.free.eq(quote0.minus(held)),
        `${quote} ${held.toFixed()} held on the balance stream`,
      )

      adapter.fillOrder(sim, symbol, 'conformance-fill-1', first)
      const partial = await orders?.until(
        (o) => mine(o) && o.status === 'partially-filled',
        'the partial fill on the order stream',
      )
      if (partial !== undefined) expect(partial.filledQuantity.eq(first), 'filled so far').to.equal(true)

      adapter.fillOrder(sim, symbol, 'conformance-fill-1')
      const filled = await orders?.until((o) => mine(o) && o.status === 'filled', 'the order filled')
      if (filled !== undefined) {
        expect(filled.id).to.equal(placed.id)
        expect(filled.filledQuantity.eq(qty), 'filled quantity').to.equal(true)
        expect(filled.averagePrice?.eq(price), 'average price').to.equal(true)
      }
      const final = await lastValueFrom(account.getOrder({ symbol, clientOrderId: 'conformance-fill-1' }))
      expect(final).to.include({ id: placed.id, status: 'filled' })
      expect(final.filledQuantity.eq(qty), 'filled quantity by query').to.equal(true)

      // the quote paid and the base received, the fee taken from one of them as the venue charges it
      const maker = (quantity: Decimal) => buyFill(adapter, { price, quantity, rate: MAKER_FEE, base, quote })
      if (fills !== undefined) {
        await fills.untilCount((f) => f.orderId === placed.id, 2, 'fill of the order')
        const own = fills.seen.filter((f) => f.orderId === placed.id)
        expect(
          own.map((f) => f.quantity.toFixed()),
          'fill quantities',
        ).to.deep.equal([first.toFixed(), qty.minus(first).toFixed()])
        for (const f of own) {
          const terms = maker(f.quantity)
          expect(f).to.include({
            symbol,
            side: 'buy',
            feeAsset: terms.feeAsset,
            clientOrderId: 'conformance-fill-1',
          })
          expect(f.liquidity, 'liquidity').to.equal(adapter.fillsTellLiquidity ? 'maker' : undefined)
          expect(f.price.eq(price), 'a maker fills at its own price').to.equal(true)
          expect(f.fee.eq(terms.fee), `fee ${f.fee.toFixed()}`).to.equal(true)
        }
        expect(new Set(own.map((f) => f.tradeId)).size, 'distinct executions').to.equal(2)
        // what a reconciliation reads back: the same fills, told apart the same way, so none counts twice
        const from = new Date(placed.createdAt.getTime() - 60_000)
        const history = await lastValueFrom(account.fillHistory?.({ symbol, from }) ?? of(undefined)).catch(
          (e: unknown) => (isErrorKind(e, 'invalid-request') ? undefined : Promise.reject(e)), // none here
        )
        if (history !== undefined) {
          const past = history.filter((f) => f.orderId === placed.id)
          expect(past.map(fillKey).sort(), 'fill history: the fills of the stream').to.deep.equal(
            own.map(fillKey).sort(),
          )
          expect(past.map((f) => f.fee.toFixed()).sort(), 'fill history: fees').to.deep.equal(
            own.map((f) => f.fee.toFixed()).sort(),
          )
        }
      }
      const quoteWant = quote0.minus(maker(qty).quotePaid)
      const baseWant = base0.plus(maker(qty).baseGained)
      expect(sim.balance(quote).total.eq(quoteWant), `${quote} at the venue`).to.equal(true)
      expect(sim.balance(quote).locked.isZero(), `${quote} held at the venue`).to.equal(true)
      expect(sim.balance(base).total.eq(baseWant), `${base} at the venue`).to.equal(true)
      if (balances !== undefined) {
        const q = await balances.until(
          (b) => b.asset === quote && b.total.eq(quoteWant) && b.locked.isZero(),
          `${quote} ${quoteWant.toFixed()} on the balance stream`,
        )
        const b = await balances.until(
          (x) => x.asset === base && x.total.eq(baseWant),
          `${base} ${baseWant.toFixed()} on the balance stream`,
        )
        expect(q.free.eq(quoteWant)).to.equal(true)
        expect(b.free.eq(baseWant)).to.equal(true)
      }
      const rest = byAsset(await lastValueFrom(account.balances()))
      expect(rest.get(quote)?.total.eq(quoteWant), `${quote} by query`).to.equal(true)
      expect(rest.get(base)?.total.eq(baseWant), `${base} by query`).to.equal(true)
    })

    it('cancels a resting order by client order id and releases what it held', async () => {
      const { sim, adapter } = rig
      const { symbol, quote } = instrument
      const quote0 = sim.balance(quote)
      const request = restingBuy('conformance-cancel-1', 100)
      const placed = await lastValueFrom(account.placeOrder(request))
      expect(placed).to.include({ clientOrderId: 'conformance-cancel-1', status: 'new' })
      await orders?.until(
        (o) => o.clientOrderId === 'conformance-cancel-1' && o.status === 'new',
        'the resting order on the order stream',
      )
      const held = buyHold(
        adapter,
        (request.price as Decimal).mul(request.quantity as Decimal),
        MAKER_FEE,
        TAKER_FEE,
      )
      expect(sim.balance(quote).locked.eq(quote0.locked.plus(held)), `${quote} held`).to.equal(true)

      const canceled = await lastValueFrom(
        account.cancelOrder({ symbol, clientOrderId: 'conformance-cancel-1' }),
      )
      expect(canceled).to.include({
        id: placed.id,
        clientOrderId: 'conformance-cancel-1',
        status: 'canceled',
      })
      expect(canceled.filledQuantity.isZero()).to.equal(true)
      await orders?.until(
        (o) => o.clientOrderId === 'conformance-cancel-1' && o.status === 'canceled',
        'the cancel on the order stream',
      )
      const open = await lastValueFrom(account.openOrders(symbol))
      expect(
        open.map((o) => o.clientOrderId),
        'open orders',
      ).to.not.include('conformance-cancel-1')
      expect(
        adapter.ordersWithClientId(sim, symbol, 'conformance-cancel-1'),
        'orders in the ledger',
      ).to.equal(1)
      // a cancel costs nothing and holds nothing
      expect(sim.balance(quote).total.eq(quote0.total), `${quote} total`).to.equal(true)
      expect(sim.balance(quote).locked.eq(quote0.locked), `${quote} held`).to.equal(true)
      await balances?.until(
        (b) => b.asset === quote && b.locked.eq(quote0.locked) && b.total.eq(quote0.total),
        `${quote} released on the balance stream`,
      )
      expect(fills?.count((f) => f.orderId === placed.id) ?? 0, 'fills of the canceled order').to.equal(0)
    })
  })
}
