import { expect } from 'chai'
import { firstValueFrom, NEVER, type Observable } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import type { VenueId } from '../../lib/core/model.js'
import { lazyVenue } from '../../lib/venues/kit/lazy-venue.js'
import type { AnyVenueModule } from '../../lib/venues/registry.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { MOCK_CAPABILITIES } from '../../lib/venues/mock/spec.js'
import type { Venue } from '../../lib/venues/contract/index.js'
import { createClient } from '../../streams/client.js'

/** A venue module whose driver cannot be made: its load fails, as a network the venue lacks does. */
const brokenModule: AnyVenueModule = {
  id: 'broken' as VenueId,
  capabilities: MOCK_CAPABILITIES,
  create: () =>
    lazyVenue<Venue>({ id: 'broken' as VenueId, capabilities: MOCK_CAPABILITIES, surfaces: {} }, () =>
      Promise.reject(
        new VenueError({
          kind: 'invalid-request',
          venue: 'broken',
          message: 'broken has no testnet network',
        }),
      ),
    ),
  fromEnv: () => undefined,
}

describe('client close', () => {
  it('resolves after a driver failed to be made, and closes the drivers that exist', async () => {
    const mock = createMockVenue({ seed: 1 })
    let mockClosed = false
    const close = mock.close.bind(mock)
    mock.close = async () => {
      mockClosed = true
      await close()
    }
    const client = createClient({
      modules: [brokenModule],
      venues: { broken: {} },
      drivers: { mock },
    })
    const error = await firstValueFrom(client.orderBook$('broken' as VenueId, 'BTC/USDT')).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((error as VenueError).message).to.equal('broken has no testnet network')
    client.venue('mock')
    await client.close() // rejected before: the failed load was awaited again
    expect(mockClosed).to.equal(true)
  })

  it('fails a request it cuts off (paged history), where a live stream completes', async () => {
    const mock = createMockVenue({ seed: 3 })
    // a history whose next page never comes
    const client = createClient({ drivers: { mock: { ...mock, candleHistory: () => NEVER } } })
    const ends: string[] = []
    const watch = (name: string, stream: Observable<unknown>) =>
      stream.subscribe({
        error: (e: unknown) => ends.push(`${name}: ${(e as VenueError).kind}`),
        complete: () => ends.push(`${name}: complete`),
      })
    watch('history', client.history.candles('mock', 'BTC/USDT', { interval: '1m', from: 0, to: 60_000 }))
    watch('trades', client.trades$('mock', 'BTC/USDT'))
    await client.close()
    expect(ends.sort()).to.deep.equal(['history: invalid-request', 'trades: complete'])
  })

  it('resolves when a driver fails to close', async () => {
    const failing = createMockVenue({ seed: 2 })
    failing.close = () => Promise.reject(new Error('socket close failed'))
    const client = createClient({ drivers: { mock: failing } })
    client.venue('mock')
    await client.close()
  })
})

describe('venue networks checked when the options are given', () => {
  for (const venue of ['coinbase', 'prime', 'falconx', 'fordefi'] as const) {
    it(`createClient refuses ${venue} on a testnet it does not offer, before anything loads`, () => {
      expect(() => createClient({ venues: { [venue]: { testnet: true } } }))
        .to.throw(VenueError, `${venue} has no testnet network`)
        .with.property('kind', 'invalid-request')
    })
  }

  it('takes a testnet the venue offers', async () => {
    const client = createClient({ venues: { bybit: { testnet: true }, binance: { testnet: true } } })
    await client.close()
  })
})

describe('a lazy venue whose driver failed to load', () => {
  it('closes without passing the load failure on', async () => {
    const venue = lazyVenue<Venue>(
      { id: 'broken' as VenueId, capabilities: MOCK_CAPABILITIES, surfaces: {} },
      () =>
        Promise.reject(new VenueError({ kind: 'invalid-request', venue: 'broken', message: 'cannot load' })),
    )
    const failed = await firstValueFrom(venue.bookChanges$('BTC/USDT')).catch((e: unknown) => e)
    expect(failed).to.have.property('message', 'cannot load')
    await venue.close() // rejected before with the load's failure
  })
})
