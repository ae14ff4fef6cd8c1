import { expect } from 'chai'
import { firstValueFrom, identity, of, Subject, type Observable } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import type { Trade } from '../../../lib/core/model.js'
import { BINANCE_CAPABILITIES } from '../../../lib/venues/binance/spec.js'
import { BYBIT_CAPABILITIES } from '../../../lib/venues/bybit/spec.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { assembleVenue } from '../../../lib/venues/kit/assemble.js'
import { unofferedCalls } from '../../../lib/venues/kit/refused-streams.js'
import { PRIME_CAPABILITIES } from '../../../lib/venues/prime/spec.js'

const host = {
  instruments: () => of([]),
  events: new Subject<VenueEvent>(),
  health: () => ({}) as never,
  close: () => Promise.resolve(),
  untilClosed: () => identity,
}

const refusal = (open: () => Observable<unknown>) =>
  firstValueFrom(open()).then(
    () => 'emitted',
    (e: unknown) => (e instanceof VenueError ? `${e.kind}: ${e.message}` : String(e)),
  )

describe('kit assembleVenue', () => {
  it('refuses the market data the capabilities declare absent, unless the parts give it', async () => {
    const trade = { id: '1' } as Trade
    const venue = assembleVenue({ id: 'bybit', capabilities: BYBIT_CAPABILITIES }, host, {
      streams: { trades$: () => of(trade) },
      calls: {},
      trading: undefined,
    })
    expect(
      await refusal(() => venue.tradeHistory('BTC/USDT', { from: new Date(0), to: new Date(1) })),
    ).to.equal('invalid-request: bybit does not support trade history')
    expect(await firstValueFrom(venue.trades$('BTC/USDT'))).to.equal(trade)
    const prime = assembleVenue({ id: 'prime', capabilities: PRIME_CAPABILITIES }, host, {
      streams: { trades$: () => of(trade) },
      calls: {},
      trading: undefined,
    })
    expect(await refusal(() => prime.candles$('BTC/USD', '1m'))).to.equal(
      'invalid-request: prime does not support live candles',
    )
  })

  it('names every call a venue declares absent, and none of a venue that offers them all', () => {
    expect(unofferedCalls(BYBIT_CAPABILITIES)).to.deep.equal(['tradeHistory'])
    expect(unofferedCalls(BINANCE_CAPABILITIES)).to.deep.equal([])
    expect(unofferedCalls(PRIME_CAPABILITIES)).to.deep.equal([
      'trades$',
      'ticker$',
      'candles$',
      'candleHistory',
      'tradeHistory',
    ])
  })
})
