import { expect } from 'chai'
import { firstValueFrom, of, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { BookChange, Candle, Instrument, Ticker, Trade } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { BINANCE_SPEC } from '../../../lib/venues/binance/spec.js'
import { BYBIT_SPEC } from '../../../lib/venues/bybit/spec.js'
import { marketStreams, type MarketTopics } from '../../../lib/venues/kit/market-streams.js'

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

/** The topics, each emitting what it was opened with. */
function setup(spec: typeof BYBIT_SPEC | typeof BINANCE_SPEC) {
  const lookups = { count: 0 }
  const host = {
    closed: false,
    closedError: () => new VenueError({ kind: 'invalid-request', venue: spec.id, message: 'closed' }),
    symbols: () => {
      lookups.count++
      return of(new SymbolMap(spec.id, [{ ...btc, venue: spec.id }]))
    },
  }
  const opened = <T>(what: unknown) => of(what) as unknown as Observable<T>
  const topics: MarketTopics = {
    book: (i, depth) => opened<BookChange>(['book', i.venueSymbol, depth]),
    trades: (i) => opened<Trade>(['trades', i.venueSymbol]),
    ticker: (i) => opened<Ticker>(['ticker', i.venueSymbol]),
    candles: (i, interval, code) => opened<Candle>(['candles', i.venueSymbol, interval, code]),
  }
  return { streams: marketStreams(host, spec, topics), lookups }
}

const refusal = (stream: Observable<unknown>) =>
  firstValueFrom(stream).then(
    () => 'emitted',
    (e: unknown) => (e instanceof VenueError ? `${e.kind}: ${e.message}` : String(e)),
  )

describe('kit marketStreams', () => {
  it("opens each topic with the venue's instrument, the served depth and the interval's code", async () => {
    const { streams } = setup(BYBIT_SPEC)
    expect(await firstValueFrom(streams.bookChanges$('BTC/USDT', { depth: 10 }))).to.deep.equal([
      'book',
      'BTCUSDT',
      50,
    ])
    expect(await firstValueFrom(streams.bookChanges$('BTC/USDT'))).to.deep.equal(['book', 'BTCUSDT', 200])
    expect(await firstValueFrom(streams.trades$('BTC/USDT'))).to.deep.equal(['trades', 'BTCUSDT'])
    expect(await firstValueFrom(streams.ticker$('BTC/USDT'))).to.deep.equal(['ticker', 'BTCUSDT'])
    expect(await firstValueFrom(streams.candles$('BTC/USDT', '1h'))).to.deep.equal([
      'candles',
      'BTCUSDT',
      '1h',
      '60',
    ])
  })

  it('refuses a depth or interval the spec does not serve before looking the symbol up', async () => {
    const { streams, lookups } = setup(BYBIT_SPEC)
    expect(await refusal(streams.bookChanges$('BTC/USDT', { depth: 500 }))).to.equal(
      'invalid-request: bybit does not support book depth 500: depth must be a whole number from 1 to 200 (served from its 1, 50, 200 level books)',
    )
    expect(await refusal(streams.candles$('BTC/USDT', '7m' as never))).to.equal(
      'invalid-request: bybit does not support live 7m candles (it streams 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 12h, 1d, 1w, 1M)',
    )
    expect(lookups.count).to.equal(0)
  })

  it('hands the depth asked to a venue that takes any depth', async () => {
    const { streams } = setup(BINANCE_SPEC)
    expect(await firstValueFrom(streams.bookChanges$('BTC/USDT', { depth: 7 }))).to.deep.equal([
      'book',
      'BTCUSDT',
      7,
    ])
    expect(await firstValueFrom(streams.bookChanges$('BTC/USDT'))).to.deep.equal([
      'book',
      'BTCUSDT',
      undefined,
    ])
  })
})
