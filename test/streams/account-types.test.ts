/**
 * `client.account(venue)` is typed as the venue's own trading surface for a venue named literally: its
 * own calls and order terms type-check with no cast (this file is type-checked by `npm test`), and
 * they reach the venue.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { VenueId } from '../../lib/core/model.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import type { VenueTrading } from '../../lib/venues/contract/trading.js'
import { createClient, type Client } from '../../streams/client.js'

describe('client.account typed by venue', () => {
  let sim: Simulator
  let client: Client

  before(async () => {
    sim = await startSimulator({ venues: ['prime', 'coinbase'], seed: 5, tickMs: 'manual' })
    client = createClient({ ...sim.clientOptions(), logger: silentLogger })
  })
  after(async () => {
    await client.close()
    await sim.close()
  })

  it("Prime's own calls and terms: previewOrder, and a TWAP through `prime`", async () => {
    const prime = client.account('prime')
    const request = {
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      price: new Decimal('1000'),
      quantity: new Decimal('0.01'),
    } as const
    const preview = await lastValueFrom(prime.previewOrder(request))
    expect(preview).to.be.an('object')
    const now = Date.now()
    const twap = await lastValueFrom(
      prime.placeOrder({
        ...request,
        clientOrderId: 'typed-twap',
        prime: { type: 'TWAP', startTime: new Date(now), expiryTime: new Date(now + 60_000) },
      }),
    )
    expect(twap.clientOrderId).to.equal('typed-twap')
  })

  it("Coinbase's expiresAt, and the common surface for an id held in a VenueId", async () => {
    const coinbase = client.account('coinbase')
    const placed = await lastValueFrom(
      coinbase.placeOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        price: new Decimal('1000'),
        quantity: new Decimal('0.01'),
        clientOrderId: 'typed-gtd',
        expiresAt: new Date(Date.now() + 3_600_000),
      }),
    )
    expect(placed.clientOrderId).to.equal('typed-gtd')
    const id: VenueId = 'coinbase'
    const common: VenueTrading = client.account(id)
    expect(common).to.equal(coinbase)
  })
})
