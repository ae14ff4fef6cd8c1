import { expect } from 'chai'
import { delay, filter, take } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { MergedBook } from '../../streams/aggregate/index.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import type { Venue } from '../../lib/venues/contract/index.js'
import { createClient } from '../../streams/client.js'

// As the README's Aggregation section says: the first result is at once, with what is in by then, so
// before the first books it is empty (every pair connecting); filtering on `venues` waits for levels.

describe('the first aggregate result', () => {
  it('is empty and all connecting; the documented filter gives the first one with levels', () => {
    const s = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
    s.run(({ flush }) => {
      const bybit = overTheWire(createMockVenue({ id: 'bybit', seed: 11, intervalMs: 10 }))
      const binance = overTheWire(createMockVenue({ id: 'binance', seed: 12, intervalMs: 10 }))
      const client = createClient({ drivers: { bybit, binance } })
      const pairs = [
        ['bybit', 'BTC/USDT'],
        ['binance', 'BTC/USDT'],
      ] as const
      let first: MergedBook | undefined
      let usable: MergedBook | undefined
      client
        .mergedBook$(pairs)
        .pipe(take(1))
        .subscribe((m) => (first = m))
      client
        .mergedBook$(pairs)
        .pipe(
          filter((m) => m.venues.every((q) => !q.stale)),
          take(1),
        )
        .subscribe((m) => (usable = m))
      flush()
      expect(first?.bids).to.deep.equal([])
      expect(first?.asks).to.deep.equal([])
      expect(first?.venues.map((q) => q.staleReason)).to.deep.equal(['connecting', 'connecting'])
      expect(usable?.bids.length).to.be.greaterThan(0)
      expect(usable?.venues.map((q) => q.stale)).to.deep.equal([false, false])
      void client.close()
    })
  })
})

/** The venue with its books a few ms away, as over a network (the mock hands its first at once). */
function overTheWire(base: Venue): Venue {
  return Object.assign(Object.create(base) as Venue, {
    bookChanges$: (...args: Parameters<Venue['bookChanges$']>) => base.bookChanges$(...args).pipe(delay(5)),
  })
}
