/**
 * The market data a driver's capabilities declare absent is refused by the assembly, whatever the
 * driver gives: each such call of Coinbase, Prime, FalconX and Fordefi fails with `invalid-request`.
 */
import { expect } from 'chai'
import { firstValueFrom, type Observable } from 'rxjs'
import { silentLogger } from '../../../lib/core/logging.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Venue } from '../../../lib/venues/contract/index.js'
import { createCoinbaseVenue } from '../../../lib/venues/coinbase/driver.js'
import { createFalconxVenue } from '../../../lib/venues/falconx/driver.js'
import { createFordefiVenue } from '../../../lib/venues/fordefi/driver.js'
import { unofferedCalls, type MarketCall } from '../../../lib/venues/kit/refused-streams.js'
import { createPrimeVenue } from '../../../lib/venues/prime/driver.js'

// nothing listens here: a refusal must come before any request
const options = { restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9', logger: silentLogger }
const range = { from: new Date(0), to: new Date(60_000) }

const open: Record<MarketCall, (venue: Venue) => Observable<unknown>> = {
  bookChanges$: (v) => v.bookChanges$('BTC/USD'),
  trades$: (v) => v.trades$('BTC/USD'),
  ticker$: (v) => v.ticker$('BTC/USD'),
  candles$: (v) => v.candles$('BTC/USD', '1m'),
  candleHistory: (v) => v.candleHistory('BTC/USD', { interval: '1h', ...range }),
  tradeHistory: (v) => v.tradeHistory('BTC/USD', range),
}

const refusal = (call: Observable<unknown>) =>
  firstValueFrom(call).then(
    () => 'emitted',
    (e: unknown) => (e instanceof VenueError ? `${e.kind}: ${e.message}` : String(e)),
  )

describe('drivers refuse the market data their capabilities declare absent', () => {
  const venues: readonly [string, () => Venue, readonly MarketCall[]][] = [
    ['coinbase', () => createCoinbaseVenue(options), ['tradeHistory']],
    [
      'prime',
      () => createPrimeVenue(options),
      ['trades$', 'ticker$', 'candles$', 'candleHistory', 'tradeHistory'],
    ],
    [
      'falconx',
      () => createFalconxVenue(options),
      ['bookChanges$', 'trades$', 'ticker$', 'candles$', 'candleHistory', 'tradeHistory'],
    ],
    [
      'fordefi',
      () => createFordefiVenue(options),
      ['bookChanges$', 'trades$', 'ticker$', 'candles$', 'candleHistory', 'tradeHistory'],
    ],
  ]
  for (const [id, create, absent] of venues) {
    it(`${id}: ${absent.join(', ')}`, async () => {
      const venue = create()
      try {
        expect(unofferedCalls(venue.capabilities)).to.deep.equal(absent)
        for (const call of absent) {
          expect(await refusal(open[call](venue)), call).to.match(
            new RegExp(`^invalid-request: ${id} does not support `),
          )
        }
      } finally {
        await venue.close()
      }
    })
  }
})
