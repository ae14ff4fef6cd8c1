/**
 * The order manager on the venues whose order channel carries each order's running totals but no fills
 * (Coinbase `user`, Prime `orders`): the fills on the stream are the venue's own (an order's fills,
 * asked for at each rise), so the fill history a reconciliation reads after a reconnect names them
 * alike, and a fill is counted once, never twice.
 */
import { expect } from 'chai'
import { filter, firstValueFrom, lastValueFrom, throwError } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { fillKey, type UnifiedSymbol } from '../../lib/core/model.js'
import { silentLogger } from '../../lib/core/logging.js'
import { createOrderManager, type OrderManager } from '../../lib/orders/index.js'
import { memoryStore } from '../../lib/store/index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'

const SYMBOL: UnifiedSymbol = 'BTC/USD'

for (const venue of ['coinbase', 'prime'] as const)
  describe(`order manager on ${venue}`, () => {
    let sim: Simulator
    let client: Client
    let manager: OrderManager

    afterEach(async () => {
      await manager?.close()
      await client?.close()
      await sim?.close()
    })

    it('counts a fill seen on the stream and again in the fill history once; one missed while down is found', async () => {
      sim = await startSimulator({ venues: [venue], seed: 8, tickMs: 'manual' })
      const simulated = sim.venue(venue)
      client = createClient({ ...sim.clientOptions(), logger: silentLogger })
      manager = createOrderManager({ client, store: memoryStore(), venues: [venue] })
      await manager.ready()
      await simulated.privateSubscribed()
      const bid = simulated.book(SYMBOL, 1).bids[0]?.price
      if (bid === undefined) throw new Error('the simulated book has no bid')
      const ref = { symbol: SYMBOL, clientOrderId: `${venue}-1` }
      await firstValueFrom(
        manager.place(venue, {
          ...ref,
          side: 'buy',
          type: 'limit',
          price: bid,
          quantity: new Decimal('0.02'),
        }),
      )
      const position = (quantity: string) =>
        firstValueFrom(manager.positions$().pipe(filter((all) => all[0]?.quantity.eq(quantity) === true)))

      simulated.fillOrder(ref, '0.005')
      await position('0.005')

      const reconciled = firstValueFrom(
        manager.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'reconnect')),
      )
      simulated.faults.dropSockets()
      simulated.fillOrder(ref, '0.007') // while the stream is down
      await reconciled
      await position('0.012')
      await simulated.privateSubscribed()

      const [p] = await firstValueFrom(manager.positions$())
      expect(p?.quantity.toFixed()).to.equal('0.012')
      expect(p?.fills).to.equal(2)
      const history = await lastValueFrom(
        client.account(venue).fillHistory?.({ symbol: SYMBOL, from: new Date(Date.now() - 60_000) }) ??
          throwError(() => new Error(`${venue} has no fill history`)),
      )
      const counted = await firstValueFrom(manager.orders$())
      expect(counted.find((o) => o.clientOrderId === `${venue}-1`)?.filledQuantity.toFixed()).to.equal(
        '0.012',
      )
      const keys = history.map(fillKey).sort()
      expect(keys, 'two fills at the venue').to.have.length(2)
      expect(p?.fees['USD']?.toFixed()).to.equal(
        history.reduce((s, f) => s.plus(f.fee), new Decimal(0)).toFixed(),
      )
    })
  })
