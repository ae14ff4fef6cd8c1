import { expect } from 'chai'
import { NEVER, type Subscription } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../../lib/core/errors.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import type { Venue } from '../../lib/venues/contract/index.js'
import { createClient } from '../../streams/client.js'

// One venue that is never reached must not stop an aggregate over it and healthy venues.

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })

/** A venue whose every connection attempt goes unanswered: never reached, no book ever. */
function neverReached(): Venue {
  const base = createMockVenue({ id: 'binance', seed: 1 })
  return Object.assign(Object.create(base) as Venue, {
    health: () => ({ ...base.health(), reachedAt: undefined }),
    bookChanges$: () => NEVER,
  })
}

describe('client aggregates over a venue never reached', () => {
  it('go on with the healthy venues, the unreachable one flagged with its error', () => {
    const s = scheduler()
    s.run(({ flush }) => {
      const bybit = createMockVenue({ id: 'bybit', seed: 11, intervalMs: 10 })
      const client = createClient({ drivers: { bybit, binance: neverReached() }, connectTimeoutMs: 1000 })
      const bids: string[] = []
      let failed: VenueError | undefined
      let lastBinance = ''
      const subs: Subscription[] = [
        client
          .bestBidAsk$([
            ['bybit', 'BTC/USDT'],
            ['binance', 'BTC/USDT'],
          ])
          .subscribe({
            next: (q) => {
              if (s.now() > 1000) bids.push(`${q.bid?.venue ?? '-'}`)
              const b = q.venues[1]
              lastBinance = `${b?.stale === true ? b.staleReason : 'fresh'} ${b?.error?.kind ?? '-'}`
            },
            error: (e: VenueError) => (failed = e),
          }),
      ]
      s.schedule(() => {
        for (const sub of subs) sub.unsubscribe()
        void client.close()
      }, 3000)
      flush()
      expect(failed).to.equal(undefined)
      // bybit's quotes keep coming after binance's deadline
      expect(bids.length).to.be.greaterThan(50)
      expect(new Set(bids)).to.deep.equal(new Set(['bybit']))
      expect(lastBinance).to.equal('disconnected network')
    })
  })

  it('fail when every venue is unreachable', () => {
    const s = scheduler()
    s.run(({ flush }) => {
      const client = createClient({ drivers: { binance: neverReached() }, connectTimeoutMs: 1000 })
      let failed: VenueError | undefined
      let at = 0
      client.mergedBook$([['binance', 'BTC/USDT']]).subscribe({
        error: (e: VenueError) => {
          failed = e
          at = s.now()
        },
      })
      flush()
      expect(failed?.kind).to.equal('network')
      expect(at).to.equal(1000)
      void client.close()
    })
  })
})
