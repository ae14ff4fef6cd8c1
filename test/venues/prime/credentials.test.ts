/**
 * Prime with a key missing a part: nothing signed is sent without the passphrase (trading and RFQ are
 * absent, as FalconX's are), and the WebSocket feed fails `auth` at once without the service account
 * id, or when Prime refuses the subscription's credentials, instead of waiting for ever.
 */
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs'
import { VenueError, createClient, silentLogger, type Client, type VenueOptions } from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'

async function failure(source: Observable<unknown>): Promise<VenueError> {
  try {
    await firstValueFrom(source)
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('the call did not fail')
}

describe('prime: a key missing a part', () => {
  let sim: Simulator
  let client: Client | undefined
  const seen: string[] = []

  const clientWithout = (drop: 'passphrase' | 'serviceAccountId' | undefined, over: object = {}): Client => {
    const { [drop ?? '']: _, ...prime } = sim.clientOptions().venues.prime as unknown as Record<
      string,
      unknown
    >
    client = createClient({
      venues: { prime: { ...(prime as VenueOptions), logger: silentLogger, ...over } },
      logger: silentLogger,
    })
    return client
  }

  beforeEach(async () => {
    sim = await startSimulator({ venues: ['prime'], seed: 7, tickMs: 'manual' })
    seen.length = 0
    sim.venue('prime').events$.subscribe((e) => {
      if (e.type === 'request') seen.push(`${e.method} ${e.path}`)
      else if (e.type === 'connected' || e.type === 'subscribed') seen.push(e.type)
    })
  })

  afterEach(async () => {
    await client?.close()
    client = undefined
    await sim.close()
  })

  it('without the passphrase: no trading or RFQ surface, nothing signed sent', async () => {
    const c = clientWithout('passphrase')
    // as FalconX without credentials: the account is refused before anything is asked
    let refused: unknown
    try {
      await firstValueFrom(c.account('prime').balances())
    } catch (e) {
      refused = e
    }
    expect(refused).to.be.instanceOf(VenueError)
    expect((refused as VenueError).kind).to.equal('auth')
    expect((refused as VenueError).message).to.contain('prime trading needs credentials')
    const venue = c.venue('prime')
    expect(venue.trading, 'trading').to.equal(undefined)
    const listing = await failure(c.instruments$('prime'))
    expect(listing.kind).to.equal('auth')
    expect(listing.message).to.contain('passphrase')
    expect(seen, 'requests the simulator saw').to.deep.equal([])
  })

  it('without the service account id: the book and order streams fail auth at once, not connecting', async () => {
    const c = clientWithout('serviceAccountId')
    const book = await failure(c.orderBook$('prime', 'BTC/USD', { depth: 1 }))
    expect(book.kind).to.equal('auth')
    expect(book.message).to.contain('serviceAccountId')
    const orders = await failure(c.account('prime').orderUpdates$())
    expect(orders.kind).to.equal('auth')
    expect(orders.message).to.contain('serviceAccountId')
    expect(seen.filter((s) => s === 'connected' || s === 'subscribed')).to.deep.equal([])
  })

  it('a subscription Prime refuses for its credentials fails the stream with auth', async () => {
    const c = clientWithout(undefined, { serviceAccountId: 'not-the-account' })
    const book = await failure(c.orderBook$('prime', 'BTC/USD', { depth: 1 }))
    expect(book.kind).to.equal('auth')
    expect(book.message).to.contain('unknown api_key_id')
    const orders = await failure(c.account('prime').orderUpdates$())
    expect(orders.kind).to.equal('auth')
    await lastValueFrom(c.account('prime').openOrders('BTC/USD'))
  })
})
