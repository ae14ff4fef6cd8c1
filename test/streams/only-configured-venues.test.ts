import { expect } from 'chai'
import { firstValueFrom, take, toArray } from 'rxjs'
import type { VenueError } from '../../lib/core/errors.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { VenueId } from '../../lib/core/model.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient } from '../../streams/client.js'

const failure = (p: Promise<unknown>): Promise<VenueError> =>
  p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e as VenueError,
  )

describe('onlyConfiguredVenues', () => {
  let sim: Simulator
  before(async () => {
    sim = await startSimulator({ venues: ['bybit'], seed: 42, tickMs: 'manual' })
  })
  after(() => sim.close())

  it('a client from sim.clientOptions() refuses a venue the simulator does not serve', async () => {
    const client = createClient({ ...sim.clientOptions(), logger: silentLogger })
    const error = await failure(firstValueFrom(client.orderBook$('binance', 'BTC/USDT')))
    expect(error.kind).to.equal('invalid-request')
    expect(error.venue).to.equal('binance')
    expect(error.message).to.equal(
      "binance is not served by this simulator (it serves: bybit); start it with startSimulator({ venues: ['bybit', 'binance'] })",
    )
    expect(() => client.venue('coinbase')).to.throw(/coinbase is not served by this simulator/)
    await client.close()
  })

  it('refuses the mock in an aggregate unless it is named; a typo still gets its suggestion', async () => {
    const client = createClient(sim.clientOptions())
    const mixed = client.bestBidAsk$([
      ['bybit', 'BTC/USDT'],
      ['mock', 'BTC/USDT'],
    ])
    const error = await failure(firstValueFrom(mixed))
    // the mock has no simulator: the way to use it is to name it, not to start it
    expect(error.message).to.equal(
      'mock is not served by this simulator (it serves: bybit); name it beside them: createClient({ ...options, venues: { ...options.venues, mock: {} } })',
    )
    const typo = await failure(firstValueFrom(client.trades$('bybt' as VenueId, 'BTC/USDT')))
    expect(typo.message).to.match(/unknown venue "bybt"; did you mean bybit/)
    await client.close()
  })

  it('serves the started venues, and the mock when named under venues or drivers', async () => {
    const options = sim.clientOptions()
    const client = createClient({ ...options, drivers: { mock: createMockVenue({ seed: 3 }) } })
    sim.venue('bybit').step(5)
    const book = await firstValueFrom(client.orderBook$('bybit', 'BTC/USDT', { depth: 1 }))
    expect(book.bids).to.have.length(1)
    const mockBooks = await firstValueFrom(client.orderBook$('mock', 'BTC/USDT').pipe(take(1), toArray()))
    expect(mockBooks).to.have.length(1)
    await client.close()
    const named = createClient({ ...options, venues: { ...options.venues, mock: { seed: 4 } } })
    expect(named.venue('mock').id).to.equal('mock')
    await named.close()
  })

  it('with true, refuses any venue not under venues or drivers, naming those it uses', () => {
    const client = createClient({ venues: { mock: {} }, onlyConfiguredVenues: true })
    expect(() => client.venue('bybit')).to.throw(
      'bybit is not configured on this client (onlyConfiguredVenues; it uses: mock); give its settings under venues',
    )
    expect(client.venue('mock').id).to.equal('mock')
    void client.close()
  })

  it('refuses an onlyConfiguredVenues that is neither a boolean nor a function', () => {
    expect(() => createClient({ onlyConfiguredVenues: 'yes' as unknown as boolean })).to.throw(
      /onlyConfiguredVenues must be true, false or a function/,
    )
  })
})
