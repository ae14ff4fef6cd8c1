/**
 * A trade between two orders of the same account is two fills, one for each order, which may carry
 * one trade id (Binance's `t`): the venue's `fills$` and the order manager count both.
 */
import { expect } from 'chai'
import { filter, firstValueFrom, throwError, timeout } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { Fill, UnifiedSymbol } from '../../lib/core/model.js'
import { createOrderManager, type OrderManager } from '../../lib/orders/index.js'
import { memoryStore } from '../../lib/store/index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'

const SYMBOL: UnifiedSymbol = 'BTC/USDT'

for (const venue of ['bybit', 'binance'] as const) {
  describe(`${venue}: a self-trade`, () => {
    let sim: Simulator
    let client: Client
    let manager: OrderManager

    afterEach(async () => {
      await manager?.close()
      await client?.close()
      await sim?.close()
    })

    it('is two fills, one for each order, on the venue stream and in the manager', async () => {
      sim = await startSimulator({ venues: [venue], seed: 5, tickMs: 'manual' })
      client = createClient({ ...sim.clientOptions(), logger: silentLogger })
      manager = createOrderManager({ client, store: memoryStore(), venues: [venue] })
      await manager.ready()
      const streamed: Fill[] = []
      const managed: Fill[] = []
      client
        .account(venue)
        .fills$()
        .subscribe((f) => streamed.push(f))
      manager.fills$().subscribe((f) => managed.push(f))
      const ask = sim.venue(venue).book(SYMBOL, 1).asks[0]
      if (ask === undefined) throw new Error('the simulated book has no ask')
      // the buy takes the best ask and rests the rest there, alone: the sell then meets only it
      const rest = new Decimal('0.01')
      const order = { symbol: SYMBOL, type: 'limit', timeInForce: 'GTC', price: ask.price } as const
      await firstValueFrom(
        manager.place(venue, {
          ...order,
          side: 'buy',
          quantity: ask.size.plus(rest),
          clientOrderId: 'self-buy',
        }),
      )
      await firstValueFrom(
        manager.place(venue, { ...order, side: 'sell', quantity: rest, clientOrderId: 'self-sell' }),
      )

      const filled = await firstValueFrom(
        manager.positions$().pipe(
          filter((all) => all[0]?.quantity.eq(ask.size) === true),
          timeout({
            first: 10_000,
            with: () => throwError(() => new Error(`fills: ${JSON.stringify(managed)}`)),
          }),
        ),
      )
      expect(filled[0]?.quantity.toFixed()).to.equal(ask.size.toFixed())
      const byOrder = (fills: readonly Fill[]) => {
        const out: Record<string, string> = {}
        for (const f of fills) {
          const k = f.clientOrderId ?? f.orderId
          out[k] = new Decimal(out[k] ?? 0).plus(f.quantity).toFixed()
        }
        return out
      }
      const expected = { 'self-buy': ask.size.plus(rest).toFixed(), 'self-sell': rest.toFixed() }
      expect(byOrder(managed), 'the manager').to.deep.equal(expected)
      expect(byOrder(streamed), "the venue's fills$").to.deep.equal(expected)
      const sell = managed.find((f) => f.clientOrderId === 'self-sell')
      const twin = managed.find((f) => f.clientOrderId === 'self-buy' && f.liquidity === 'maker')
      expect(twin?.quantity.toFixed()).to.equal(sell?.quantity.toFixed())
      expect(twin?.price.toFixed()).to.equal(sell?.price.toFixed())
      expect(twin, 'the buy side of the self-trade').to.not.equal(undefined)
    })
  })
}
