import { expect } from 'chai'
import type { Subscription } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient } from '../../streams/client.js'

// An aggregate subscribed while a venue is down, its book kept by someone else: the book's last view,
// from before the outage, must not count as fresh (a made-up cross-venue spread otherwise).

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })

describe('client aggregates subscribed while a venue is down', () => {
  it('flag that venue disconnected from the start and never use its pre-outage book', () => {
    const s = scheduler()
    s.run(({ flush }) => {
      const bybit = createMockVenue({ id: 'bybit', seed: 11, intervalMs: 10 })
      const binance = createMockVenue({ id: 'binance', seed: 12, intervalMs: 10 })
      const client = createClient({ drivers: { bybit, binance } })
      const held = client.orderBook$('bybit', 'BTC/USDT').subscribe()
      const subs: Subscription[] = [held]
      const bybitQuotes: string[] = []
      const usedBybit: string[] = []
      const spreads: string[] = []
      s.schedule(() => bybit.faults.disconnect({ downMs: 60_000 }), 50)
      s.schedule(() => {
        subs.push(
          client
            .bestBidAsk$([
              ['bybit', 'BTC/USDT'],
              ['binance', 'BTC/USDT'],
            ])
            .subscribe((q) => {
              const by = q.venues[0]
              bybitQuotes.push(`${by?.stale === true ? by.staleReason : 'fresh'} ${by?.ageMs ?? '-'}`)
              if (q.bid?.venue === 'bybit' || q.ask?.venue === 'bybit') usedBybit.push(`t${s.now()}`)
            }),
          client
            .spread$(['bybit', 'BTC/USDT'], ['binance', 'BTC/USDT'])
            .subscribe((x) => spreads.push(x.stale ? 'stale' : `fresh ${x.buyASellB?.toString()}`)),
        )
      }, 15_050)
      s.schedule(() => {
        for (const sub of subs) sub.unsubscribe()
        void client.close()
      }, 20_000)
      flush()
      expect(bybitQuotes.length).to.be.greaterThan(0)
      // the last view from before the drop, 15 s old, flagged from the first result on
      expect(bybitQuotes[0]).to.match(/^disconnected 150\d\d$/)
      expect(bybitQuotes.filter((q) => q.startsWith('fresh'))).to.deep.equal([])
      expect(usedBybit).to.deep.equal([])
      expect(spreads.length).to.be.greaterThan(0)
      expect(spreads.filter((x) => x !== 'stale')).to.deep.equal([])
    })
  })
})
