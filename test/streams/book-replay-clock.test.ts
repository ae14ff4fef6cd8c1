import { expect } from 'chai'
import { VirtualAction, VirtualTimeScheduler } from 'rxjs'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient } from '../../streams/client.js'

// The client's shared book keeps the time its latest view arrived on the client's scheduler, the clock
// a pair's staleness is judged by: a view 60 s old in virtual time is old, however little real time passed.

describe('orderBook$ replay age on the client scheduler', () => {
  it('a book held 60 s (virtual) without news reads as silent to a pair subscribed then', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 60_000)
    // one book at the start, the next step a long way off
    const mock = createMockVenue({ id: 'bybit', seed: 3, intervalMs: 10_000_000, scheduler })
    const client = createClient({ drivers: { bybit: mock }, scheduler })
    let books = 0
    const held = client.orderBook$('bybit', 'BTC/USDT').subscribe(() => (books += 1))
    scheduler.schedule(() => undefined, 60_000)
    scheduler.flush()
    expect(books).to.equal(1)
    expect(scheduler.now()).to.be.at.least(60_000)
    const seen: string[] = []
    const sub = client.bestBidAsk$([['bybit', 'BTC/USDT']], { staleAfterMs: 5000 }).subscribe((q) => {
      const v = q.venues[0]
      seen.push(v?.stale === true ? String(v.staleReason) : 'fresh')
    })
    expect(seen.at(-1)).to.equal('silent')
    expect(seen).to.not.include('fresh')
    sub.unsubscribe()
    held.unsubscribe()
    void client.close()
  })
})
