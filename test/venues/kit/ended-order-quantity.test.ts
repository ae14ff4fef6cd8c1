/**
 * The order channels of Coinbase (`user`) and Prime (`orders`) say no quantity of an order that ended
 * with nothing left: `orderUpdates$` keeps the quantity it was placed with, remembered from earlier
 * pushes or placements, or looked up when the order was never seen.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal, createClient, roundToTick, silentLogger, type Client, type Order } from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'
import { record, type Recorder } from '../../e2e/support.js'

const VENUES = ['coinbase', 'prime'] as const
type Id = (typeof VENUES)[number]

for (const id of VENUES) {
  describe(`${id}: a canceled order on orderUpdates$ keeps its quantity`, () => {
    let sim: Simulator
    let clients: Client[]
    let watched: Recorder<Order>

    const newClient = () => {
      const options = sim.clientOptions()
      const client = createClient({
        venues: { [id]: { ...options.venues[id], logger: silentLogger } },
        logger: silentLogger,
      })
      clients.push(client)
      return client
    }
    const subscribed = (): Promise<unknown> =>
      id === 'prime' ? sim.venue('prime').privateSubscribed() : sim.venue('coinbase').subscribed('user')
    const below = (fraction: string): Decimal =>
      roundToTick(
        (sim.venue(id as Id).book('BTC/USD', 1).bids[0]?.price ?? new Decimal(0)).times(fraction),
        new Decimal('0.01'),
        'floor',
      )

    beforeEach(async () => {
      sim = await startSimulator({ venues: [id], seed: 7, tickMs: 'manual' })
      clients = []
    })

    afterEach(async () => {
      watched?.stop()
      await Promise.all(clients.map((c) => c.close()))
      await sim.close()
    })

    it('an order never seen before it ended is looked up for its quantity', async () => {
      const watcher = newClient()
      watched = record(watcher.account(id).orderUpdates$())
      await subscribed()
      // placed by another client: the watcher knows nothing of it but what the channel says
      const other = newClient().account(id)
      const request = {
        symbol: 'BTC/USD' as const,
        side: 'buy' as const,
        type: 'limit' as const,
        timeInForce: 'IOC' as const,
        price: below('0.9'),
        quantity: new Decimal('0.5'),
        clientOrderId: `${id}-ioc-1`,
      }
      const placed = await lastValueFrom(other.placeOrder(request))
      const ended = await watched.until(
        // Prime ends an IOC order's unfilled rest as expired
        (o) => o.clientOrderId === `${id}-ioc-1` && (o.status === 'canceled' || o.status === 'expired'),
        'the IOC order ended',
      )
      expect(placed.quantity.toFixed()).to.equal('0.5')
      expect(ended.quantity.toFixed(), 'quantity').to.equal('0.5')
      expect(ended.filledQuantity.toFixed(), 'filled').to.equal('0')
    })

    if (id === 'prime')
      it('a canceled TWAP keeps its quantity', async () => {
        const client = newClient()
        const account = client.account('prime')
        watched = record(account.orderUpdates$())
        await subscribed()
        const now = Date.now()
        const twap = {
          symbol: 'BTC/USD' as const,
          side: 'buy' as const,
          type: 'limit' as const,
          price: below('0.95'),
          quantity: new Decimal('1'),
          clientOrderId: 'p-twap',
          prime: { type: 'TWAP' as const, startTime: new Date(now), expiryTime: new Date(now + 60_000) },
        }
        await lastValueFrom(account.placeOrder(twap))
        await lastValueFrom(account.cancelOrder({ symbol: 'BTC/USD', clientOrderId: 'p-twap' }))
        const ended = await watched.until(
          (o) => o.clientOrderId === 'p-twap' && o.status === 'canceled',
          'the TWAP canceled',
        )
        expect(ended.quantity.toFixed()).to.equal('1')
      })
  })
}
