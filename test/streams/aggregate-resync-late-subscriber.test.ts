import { expect } from 'chai'
import type { Subscription } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient } from '../../streams/client.js'

// An aggregate subscribed while a book it shares is being rebuilt after a gap: the resync event came
// before the subscription, and the view replayed is the one from before the gap, which must not count
// as fresh.

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })

describe('client aggregates subscribed while a shared book resyncs', () => {
  it('take the view from before the gap as stale (resync), then fresh with the rebuilt book', () => {
    const s = scheduler()
    const quotes: string[] = []
    s.run(({ flush }) => {
      const bybit = createMockVenue({ id: 'bybit', seed: 21, intervalMs: 10 })
      const binance = createMockVenue({ id: 'binance', seed: 22, intervalMs: 10 })
      const client = createClient({ drivers: { bybit, binance } })
      const subs: Subscription[] = [client.orderBook$('bybit', 'BTC/USDT').subscribe()]
      let late = false
      subs.push(
        client.events$().subscribe((e) => {
          if (late || e.type !== 'resync' || e.venue !== 'bybit') return
          late = true
          subs.push(
            client
              .bestBidAsk$([
                ['bybit', 'BTC/USDT'],
                ['binance', 'BTC/USDT'],
              ])
              .subscribe((q) => {
                const by = q.venues[0]
                quotes.push(by?.stale === true ? String(by.staleReason) : 'fresh')
              }),
          )
        }),
      )
      s.schedule(() => bybit.faults.gap('BTC/USDT'), 1000)
      s.schedule(() => {
        for (const sub of subs) sub.unsubscribe()
        void client.close()
      }, 5000)
      flush()
    })
    expect(quotes.length).to.be.greaterThan(1)
    // stale from its first result, until the rebuilt book
    expect(quotes[0]).to.not.equal('fresh')
    expect(quotes.at(-1)).to.equal('fresh')
    const firstFresh = quotes.indexOf('fresh')
    expect(quotes.slice(0, firstFresh)).to.include('resync')
  })
})
