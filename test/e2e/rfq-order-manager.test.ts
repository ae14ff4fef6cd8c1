/**
 * RFQ executions reach the order manager as any fill does: the position and PnL count an accepted
 * quote once, on FalconX and on Coinbase Prime; on Prime, the reconciliation after a reconnect, which
 * reads the fill history, does not count it again.
 */
import { expect } from 'chai'
import { filter, firstValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { UnifiedSymbol } from '../../lib/core/model.js'
import { createOrderManager, type OrderManager } from '../../lib/orders/index.js'
import { memoryStore } from '../../lib/store/index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { hasRfq } from '../../lib/venues/contract/index.js'
import { createClient, type Client } from '../../streams/client.js'

for (const venue of ['falconx', 'prime'] as const) {
  describe(`${venue}: an accepted quote in the order manager`, () => {
    let sim: Simulator
    let client: Client
    let manager: OrderManager

    afterEach(async () => {
      await manager?.close()
      await client?.close()
      await sim?.close()
    })

    it('is one fill in the position, at the quote price', async () => {
      sim = await startSimulator({ venues: [venue], seed: 3, tickMs: 'manual' })
      client = createClient({ ...sim.clientOptions(), logger: silentLogger })
      const symbol: UnifiedSymbol = (await firstValueFrom(client.instruments$(venue)))[0]?.symbol ?? 'BTC/USD'
      manager = createOrderManager({ client, store: memoryStore(), venues: [venue] })
      await manager.ready()
      const v = client.venue(venue)
      if (!hasRfq(v)) throw new Error(`${venue} has no RFQ`)
      const quantity = new Decimal('0.01')
      const quote = await firstValueFrom(v.rfq.quote$({ symbol, side: 'buy', quantity }))
      const done = await firstValueFrom(v.rfq.accept(quote, 'buy'))
      const [p] = await firstValueFrom(
        manager.positions$().pipe(filter((all) => all[0]?.quantity.gt(0) === true)),
      )
      expect(p?.quantity.toFixed()).to.equal(done.fill.quantity.toFixed())
      expect(p?.averagePrice?.toFixed()).to.equal(done.fill.price.toFixed())
      expect(done.fill.price.toFixed()).to.equal(quote.ask?.toFixed())

      if (venue === 'prime') {
        // a reconnect's reconciliation reads the fill history: the fill is known by its key
        const reconciled = firstValueFrom(
          manager.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'reconnect')),
        )
        sim.venue('prime').faults.dropSockets()
        await reconciled
      }
      const again = await firstValueFrom(manager.positions$())
      expect(again.map((x) => `${x.symbol} ${x.quantity.toFixed()} ${x.fills}`)).to.deep.equal([
        `${symbol} ${quantity.toFixed()} 1`,
      ])
    })
  })
}
