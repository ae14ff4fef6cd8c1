import { expect } from 'chai'
import type { VenueError } from '../../lib/core/errors.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient } from '../../streams/client.js'

describe('connectTimeoutMs option', () => {
  it('is refused when not above 0, as RXVENUE_CONNECT_TIMEOUT_MS is (0 would fail every stream at once)', () => {
    for (const [value, shown] of [
      [0, '0'],
      [-1, '-1'],
    ] as const) {
      let error: VenueError | undefined
      try {
        createClient({ drivers: { mock: createMockVenue({ seed: 1 }) }, connectTimeoutMs: value })
      } catch (e) {
        error = e as VenueError
      }
      expect(error?.kind).to.equal('invalid-request')
      expect(error?.message).to.equal(`client: connectTimeoutMs must be a number of ms > 0, got ${shown}`)
    }
  })

  it('takes a number of ms above 0', async () => {
    const client = createClient({ drivers: { mock: createMockVenue({ seed: 1 }) }, connectTimeoutMs: 1 })
    await client.close()
  })
})
