/**
 * The Coinbase and Prime simulators' own open-order lists (what the trading soak compares the order
 * manager with): an order resting is listed, as the venue writes it, until it is filled or canceled.
 */
import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'

describe('coinbase and prime simulators: open orders of the account', function () {
  this.timeout(20_000)
  let sim: Simulator
  let client: Client

  beforeEach(async () => {
    sim = await startSimulator({ venues: ['coinbase', 'prime'], seed: 21, tickMs: 'manual' })
    client = createClient({ ...sim.clientOptions(), logger: silentLogger })
  })
  afterEach(async () => {
    await client.close()
    await sim.close()
  })

  for (const v of ['coinbase', 'prime'] as const) {
    it(`${v}: lists a resting order until the market fills it, and a canceled one no more`, async () => {
      const venue = sim.venue(v)
      const account = client.account(v)
      const bid = venue.book('BTC/USD', 1).bids[0]?.price
      if (bid === undefined) throw new Error('the simulated book has a bid')
      const rest = (clientOrderId: string) =>
        firstValueFrom(
          account.placeOrder({
            symbol: 'BTC/USD',
            side: 'buy',
            type: 'limit',
            price: bid.minus(10),
            quantity: new Decimal('0.01'),
            clientOrderId,
          }),
        )
      await rest('open-1')
      await rest('open-2')
      const ids = () => venue.openOrders('BTC/USD').map((o) => o['client_order_id'])
      expect(ids()).to.deep.equal(['open-1', 'open-2'])
      expect(venue.openOrders('BTC/USD')[0]).to.include({ status: 'OPEN', side: 'BUY' })
      venue.fillOrder({ symbol: 'BTC/USD', clientOrderId: 'open-1' }, '0.004')
      expect(ids(), 'partly filled, still open').to.deep.equal(['open-1', 'open-2'])
      venue.fillOrder({ symbol: 'BTC/USD', clientOrderId: 'open-1' })
      expect(ids(), 'filled').to.deep.equal(['open-2'])
      await firstValueFrom(account.cancelOrder({ symbol: 'BTC/USD', clientOrderId: 'open-2' }))
      expect(ids(), 'canceled').to.deep.equal([])
      expect(venue.openOrders('ETH/USD')).to.deep.equal([])
    })
  }
})
