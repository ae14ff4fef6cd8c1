import { expect } from 'chai'
import { firstValueFrom, take } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { VenueError } from '../../lib/core/errors.js'
import type { UnifiedSymbol } from '../../lib/core/model.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient } from '../../streams/client.js'

// what a JavaScript caller or a config file typically hands over
const LOWER = 'btc/usdt' as UnifiedSymbol

describe('symbols given in any case', () => {
  it('come back as the canonical BTC/USDT in books, changes, trades, tickers, candles and history', () => {
    new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    }).run(({ flush }) => {
      const client = createClient({ drivers: { mock: createMockVenue({ seed: 4, intervalMs: 10 }) } })
      const seen: string[] = []
      const note = (what: string) => (x: { symbol: string }) => seen.push(`${what} ${x.symbol}`)
      client.orderBook$('mock', LOWER).pipe(take(1)).subscribe(note('book'))
      client
        .bookChanges$('mock', LOWER)
        .pipe(take(1))
        .subscribe((c) => seen.push(`change ${'symbol' in c ? c.symbol : '?'}`))
      client.trades$('mock', LOWER).pipe(take(1)).subscribe(note('trade'))
      client.ticker$('mock', LOWER).pipe(take(1)).subscribe(note('ticker'))
      client.candles$('mock', LOWER, '1m').pipe(take(1)).subscribe(note('candle'))
      client
        .mergedBook$([['mock', LOWER]])
        .pipe(take(1))
        .subscribe((m) => m.venues.forEach(note('merged')))
      flush()
      expect([...seen].sort()).to.deep.equal(
        ['book', 'candle', 'change', 'merged', 'ticker', 'trade'].map((w) => `${w} BTC/USDT`),
      )
      void client.close()
    })
  })

  it('share one book with the canonical spelling', async () => {
    const client = createClient({ venues: { mock: { seed: 2 } } })
    expect(client.orderBook$('mock', LOWER)).to.equal(client.orderBook$('mock', 'BTC/USDT'))
    await client.close()
  })

  it('come back canonical from history', () => {
    new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    }).run(({ flush }) => {
      const client = createClient({ drivers: { mock: createMockVenue({ seed: 4, intervalMs: 10 }) } })
      client.trades$('mock', 'BTC/USDT').pipe(take(20)).subscribe()
      flush() // the market trades for a while
      const range = { from: new Date(0), to: new Date(Date.now() + 3_600_000) }
      const symbols = new Set<string>()
      // walks still going at the close below fail then: a cut-off history is not a whole one
      const cutOff = () => undefined
      client.history
        .trades('mock', LOWER, range)
        .subscribe({ next: (t) => symbols.add(t.symbol), error: cutOff })
      client.history
        .candles('mock', LOWER, { ...range, interval: '1m' })
        .subscribe({ next: (c) => symbols.add(c.symbol), error: cutOff })
      flush()
      expect([...symbols]).to.deep.equal(['BTC/USDT'])
      void client.close()
    })
  })

  it('are named canonically in the error for a symbol the venue does not list', async () => {
    const client = createClient({ venues: { mock: { seed: 2 } } })
    const error = await firstValueFrom(client.trades$('mock', 'btc/usdx' as UnifiedSymbol)).catch(
      (e: VenueError) => e,
    )
    expect((error as VenueError).kind).to.equal('invalid-request')
    expect((error as VenueError).message)
      .to.contain('BTC/USDX')
      .and.not.contain('btc/usdx')
    await client.close()
  })
})
