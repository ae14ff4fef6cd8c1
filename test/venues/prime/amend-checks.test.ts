/**
 * Prime's `amendOrder` is checked like `placeOrder` before anything is sent: at least one known field,
 * no unknown one, positive values on the instrument's grid.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal, VenueError, createClient, silentLogger, type Client, type OrderAmendment } from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'

describe('prime: an amendment is checked before sending', () => {
  let sim: Simulator
  let client: Client
  const sent: string[] = []

  beforeEach(async () => {
    sim = await startSimulator({ venues: ['prime'], seed: 7, tickMs: 'manual' })
    sent.length = 0
    sim.venue('prime').events$.subscribe((e) => {
      if (e.type === 'request' && e.method !== 'GET') sent.push(`${e.method} ${e.path}`)
    })
    const venue = sim.clientOptions().venues.prime
    client = createClient({ venues: { prime: { ...venue, logger: silentLogger } }, logger: silentLogger })
  })

  afterEach(async () => {
    await client.close()
    await sim.close()
  })

  it('refuses an empty, misspelt, non-positive or off-grid amendment, and sends nothing', async () => {
    const account = client.account('prime')
    const bid = sim.venue('prime').book('BTC/USD', 1).bids[0]?.price ?? new Decimal(0)
    const price = bid.minus('1000')
    await lastValueFrom(
      account.placeOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        price,
        quantity: new Decimal('0.1'),
        clientOrderId: 'am-1',
      }),
    )
    const before = sent.length
    const ref = { symbol: 'BTC/USD' as const, clientOrderId: 'am-1' }
    const refused: [unknown, RegExp][] = [
      [{}, /changes nothing/],
      [{ prize: price.minus(1) }, /unknown field prize; did you mean price/],
      [{ quantity: new Decimal('-0.1') }, /quantity must be positive/],
      [{ price: new Decimal('0') }, /price must be positive/],
      [{ price: price.plus('0.001') }, /not a multiple of the tick size/],
    ]
    for (const [changes, why] of refused) {
      const e = await lastValueFrom(account.amendOrder!(ref, changes as OrderAmendment)).then(
        () => undefined,
        (x: unknown) => x,
      )
      expect(e, JSON.stringify(changes)).to.be.instanceOf(VenueError)
      expect((e as VenueError).kind).to.equal('invalid-request')
      expect((e as VenueError).message).to.match(why)
      expect((e as VenueError).clientOrderId).to.equal('am-1')
    }
    expect(sent.slice(before), 'requests sent by the amends').to.deep.equal([])
    const amended = await lastValueFrom(account.amendOrder!(ref, { price: price.minus(1) }))
    expect(amended.price?.toFixed()).to.equal(price.minus(1).toFixed())
  })
})
