/**
 * The live candle stream of a driver never goes back in time, and names the interval when none is given.
 */
import { expect } from 'chai'
import { firstValueFrom, from, of, toArray, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { createLogger } from '../../../lib/core/logging.js'
import type { Candle, Instrument } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { BYBIT_SPEC } from '../../../lib/venues/bybit/spec.js'
import { marketStreams } from '../../../lib/venues/kit/market-streams.js'
import { capabilityError } from '../../../lib/venues/contract/capability-check.js'
import { createMockVenue } from '../../../lib/venues/mock/index.js'

const btc: Instrument = {
  venue: 'bybit',
  symbol: 'BTC/USDT',
  venueSymbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: new Decimal('0.01'),
  lotSize: new Decimal('0.001'),
  minSize: new Decimal('0.001'),
  status: 'trading',
}

const MIN = 60_000
const candle = (minute: number, close: string, closed: boolean): Candle => ({
  venue: 'bybit',
  symbol: 'BTC/USDT',
  interval: '1m',
  timestamp: new Date(minute * MIN),
  rawTimestamp: minute * MIN,
  open: new Decimal('100'),
  high: new Decimal('110'),
  low: new Decimal('90'),
  close: new Decimal(close),
  volume: new Decimal('1'),
  closed,
})
const shown = (c: Candle) => `${c.timestamp.getTime() / MIN}${c.closed ? ' closed' : ''} ${c.close.toFixed()}`

function streamsOf(sent: Observable<Candle>, debug: string[] = []) {
  const logger = createLogger({
    level: 'debug',
    sink: {
      trace: () => undefined,
      debug: (message: string) => debug.push(message),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  })
  const host = {
    closed: false,
    closedError: () => new VenueError({ kind: 'invalid-request', venue: 'bybit', message: 'closed' }),
    symbols: () => of(new SymbolMap('bybit', [btc])),
    logger,
  }
  const never = () => of() as Observable<never>
  return marketStreams(host, BYBIT_SPEC, { book: never, trades: never, ticker: never, candles: () => sent })
}

describe('kit marketStreams: candles$', () => {
  it('drops a candle older than one it emitted (the closed candle a venue re-sends after a reconnect); a repeat passes', async () => {
    const debug: string[] = []
    const sent = from([
      candle(50, '101', false),
      candle(49, '99', true), // re-sent after a reconnect: 50 is already forming
      candle(50, '102', false),
      candle(50, '103', true),
      candle(51, '103', false),
    ])
    const got = await firstValueFrom(streamsOf(sent, debug).candles$('BTC/USDT', '1m').pipe(toArray()))
    expect(got.map(shown)).to.deep.equal(['50 101', '50 102', '50 closed 103', '51 103'])
    expect(debug).to.deep.equal(['a candle older than one already emitted is dropped'])
  })

  it('names the missing interval, and the ones the venue streams', async () => {
    const refused = await firstValueFrom(streamsOf(of()).candles$('BTC/USDT', undefined as never)).catch(
      (e: unknown) => e,
    )
    expect(refused).to.be.instanceOf(VenueError)
    expect(refused).to.include({
      kind: 'invalid-request',
      message:
        'bybit candles$ needs an interval: one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 12h, 1d, 1w, 1M',
    })
  })
})

describe('the capability check of candles$', () => {
  it('names a missing interval, as the kit does, for a venue without the kit (the mock)', () => {
    const refused = capabilityError(createMockVenue({ seed: 1 }), {
      kind: 'candles',
      interval: undefined as never,
    })
    expect(refused).to.include({ kind: 'invalid-request' })
    expect(refused?.message).to.match(/^mock candles\$ needs an interval: one of 1m/)
  })
})
