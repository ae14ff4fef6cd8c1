/**
 * A placement on the wire when its venue is closed: the venue may carry it out, so it must fail as of
 * unknown outcome, never with a kind that says nothing was placed (the order manager would free its
 * client order id and the caller would place it twice).
 */
import { expect } from 'chai'
import { filter, firstValueFrom, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { startSimulator, type Simulator } from '../../../lib/testing/index.js'
import { createClient } from '../../../streams/client.js'
import { NOT_PLACED } from '../../../lib/orders/order-manager.js'

interface SimEvent {
  readonly type: string
  readonly method?: string
  readonly path?: string
}

for (const venue of ['bybit', 'binance'] as const) {
  describe(`kit: ${venue} placement on the wire when the venue closes`, () => {
    let sim: Simulator
    beforeEach(async () => {
      sim = await startSimulator({ venues: [venue], seed: 7 })
    })
    afterEach(async () => {
      await sim.close()
    })

    it('fails as of unknown outcome, at once, and the venue has the order', async () => {
      const at = sim.venue(venue) as unknown as {
        faults: { slowNext(n: number, ms: number): void }
        events$: Observable<SimEvent>
        allOrders(): readonly unknown[]
      }
      const client = createClient({ ...sim.clientOptions(), logger: silentLogger })
      const trading = client.account(venue)
      // the placement's signing asks the venue clock first: let that be done before the slow request
      await firstValueFrom(trading.openOrders())
      const post = (e: SimEvent) => e.method === 'POST' && (e.path ?? '').includes('order')
      const received = firstValueFrom(at.events$.pipe(filter((e) => e.type === 'received' && post(e))))
      const answered = firstValueFrom(at.events$.pipe(filter((e) => e.type === 'request' && post(e))))
      at.faults.slowNext(1, 300)
      const placed = firstValueFrom(
        trading.placeOrder({
          symbol: 'BTC/USDT',
          side: 'buy',
          type: 'limit',
          price: new Decimal('1000'),
          quantity: new Decimal('0.01'),
          clientOrderId: 'close-inflight-1',
        }),
      ).then(
        () => undefined,
        (e: unknown) => e,
      )
      await received
      await client.close()
      const error = await placed
      expect(error).to.be.instanceOf(VenueError)
      const { kind, message } = error as VenueError
      expect(NOT_PLACED.has(kind), `${kind}: ${message}`).to.equal(false)
      expect(kind).to.equal('timeout')
      expect(message).to.match(/outcome unknown/)
      await answered
      expect(JSON.stringify(at.allOrders())).to.include('close-inflight-1')
    })
  })
}
