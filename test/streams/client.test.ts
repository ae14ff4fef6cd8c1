import { expect } from 'chai'
import sinon from 'sinon'
import { take } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { VenueError } from '../../lib/core/errors.js'
import { createMockVenue, type MockVenue } from '../../lib/venues/mock/index.js'
import type { VenueEvent } from '../../lib/venues/venue.js'
import { createClient } from '../../streams/client.js'

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })

describe('createClient', () => {
  it('creates a driver on first use and shares it between streams', async () => {
    const client = createClient({ venues: { mock: { seed: 3 } } })
    const a = client.venue('mock')
    expect(client.venue('mock')).to.equal(a)
    await client.close()
  })

  it('streams a venue book that equals the venue truth', () => {
    scheduler().run(({ flush }) => {
      const client = createClient({ venues: { mock: { seed: 5, intervalMs: 10 } } })
      const seen: Array<[string, string]> = []
      client
        .orderBook$('mock', 'BTC/USDT', { depth: 5 })
        .pipe(take(20))
        .subscribe((book) => {
          const truth = (client.venue('mock') as MockVenue).book('BTC/USDT')
          const text = (b: typeof book) =>
            `${b.bids.slice(0, 5).map((l) => `${l.price}:${l.size}`)}|${b.asks.slice(0, 5).map((l) => `${l.price}:${l.size}`)}`
          seen.push([text(book), text(truth)])
        })
      flush()
      expect(seen).to.have.length(20)
      for (const [view, truth] of seen) expect(view).to.equal(truth)
      void client.close()
    })
  })

  it('reports a venue it cannot make as a stream error, not a throw at the call site', () => {
    const client = createClient()
    let error: VenueError | undefined
    const stream = client.trades$('fordefi', 'BTC/USD')
    stream.subscribe({ error: (e: VenueError) => (error = e) })
    expect(error?.kind).to.equal('invalid-request')
    expect(error?.venue).to.equal('fordefi')
  })

  it('follows events of venues created after subscribing', async () => {
    const client = createClient({ venues: { mock: { seed: 1 } } })
    const events: string[] = []
    client.events$().subscribe((e: VenueEvent) => events.push(`${e.venue} ${e.type}`))
    const sub = client.orderBook$('mock', 'BTC/USDT').subscribe()
    const mock = client.venue('mock') as MockVenue
    mock.faults.disconnect({ downMs: 0 })
    sub.unsubscribe()
    await client.close()
    expect(events.slice(0, 2)).to.deep.equal(['mock connected', 'mock disconnected'])
  })

  it('closes every driver it made or was given, and refuses use afterwards', async () => {
    const given = createMockVenue({ seed: 9 })
    const spy = sinon.spy(given, 'close')
    const client = createClient({ drivers: { mock: given } })
    expect(client.venue('mock')).to.equal(given)
    await client.close()
    expect(spy.calledOnce).to.equal(true)
    expect(() => client.venue('mock')).to.throw(/closed/)
  })

  it('gives the trading surface of a venue that can trade', async () => {
    const client = createClient({ venues: { mock: {} } })
    expect(client.account('mock').placeOrder).to.be.a('function')
    await client.close()
  })
})
