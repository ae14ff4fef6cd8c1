/**
 * A driver's requests cut off by its close fail, so that a partial answer is never taken for a whole
 * one; its live streams complete.
 */
import { expect } from 'chai'
import { asyncScheduler, NEVER, Subject, type Observable } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import type { Candle, Instrument, Trade } from '../../../lib/core/model.js'
import { BINANCE_CAPABILITIES } from '../../../lib/venues/binance/spec.js'
import { assembleVenue } from '../../../lib/venues/kit/assemble.js'
import { createVenueLifecycle } from '../../../lib/venues/kit/lifecycle.js'

/** How a stream ended: `complete after n`, or `<kind> after n`. */
function ending(stream: Observable<unknown>): { readonly done: Promise<string>; count(): number } {
  let n = 0
  const done = new Promise<string>((resolve) => {
    stream.subscribe({
      next: () => void n++,
      complete: () => resolve(`complete after ${n}`),
      error: (e: unknown) => resolve(`${e instanceof VenueError ? e.kind : String(e)} after ${n}`),
    })
  })
  return { done, count: () => n }
}

describe('kit assembleVenue: close during a request', () => {
  it('fails instruments(), candleHistory and tradeHistory cut off by close; completes a live stream', async () => {
    const life = createVenueLifecycle('binance', asyncScheduler)
    const candles = new Subject<Candle>()
    const trades = new Subject<Trade>()
    const venue = assembleVenue(
      { id: 'binance', capabilities: BINANCE_CAPABILITIES, bookSequence: 'exact' as never },
      { ...life, instruments: (): Observable<readonly Instrument[]> => NEVER },
      {
        streams: {
          candleHistory: () => candles.asObservable(),
          tradeHistory: () => trades.asObservable(),
          trades$: () => trades.asObservable(),
        },
        calls: {},
        trading: undefined,
      },
    )
    const range = { from: new Date(0), to: new Date(432_000_000) }
    const history = ending(venue.candleHistory('BTC/USDT', { interval: '1m', ...range } as never))
    const tradeHistory = ending(venue.tradeHistory('BTC/USDT', range))
    const live = ending(venue.trades$('BTC/USDT'))
    const instruments = ending(venue.instruments())
    for (let i = 0; i < 10; i++) candles.next({} as Candle)
    trades.next({} as Trade)
    await venue.close()
    expect(await history.done).to.equal('invalid-request after 10')
    expect(await tradeHistory.done).to.equal('invalid-request after 1')
    expect(await instruments.done).to.equal('invalid-request after 0')
    expect(await live.done).to.equal('complete after 1')
  })
})
