import { expect } from 'chai'
import * as t from 'io-ts'
import { firstValueFrom, of } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Instrument } from '../../../lib/core/model.js'
import type { RestClient, RestRequest } from '../../../lib/transport/rest.js'
import { klineSource } from '../../../lib/venues/kit/kline-source.js'
import { klineCandle, type KlineRow } from '../../../lib/venues/kit/kline.js'

describe('klineCandle', () => {
  it('reads open time, open, high, low, close and volume from the leading columns, the rest as the venue says', () => {
    const d = (text: string) => new Decimal(text)
    const row: KlineRow = [
      { timestamp: new Date(3_600_000), rawTimestamp: 3_600_000 },
      d('1'),
      d('4'),
      d('0.5'),
      d('2'),
      d('10'),
      7_199_999,
      d('25'),
    ]
    const candle = klineCandle({ venue: 'binance', symbol: 'BTC/USDT', interval: '1h' }, row, d('25'), false)
    expect({
      ...candle,
      timestamp: candle.timestamp.toISOString(),
      open: candle.open.toString(),
      high: candle.high.toString(),
      low: candle.low.toString(),
      close: candle.close.toString(),
      volume: candle.volume.toString(),
      quoteVolume: candle.quoteVolume?.toString(),
    }).to.deep.equal({
      venue: 'binance',
      symbol: 'BTC/USDT',
      interval: '1h',
      timestamp: '1970-01-01T01:00:00.000Z',
      rawTimestamp: 3_600_000,
      open: '1',
      high: '4',
      low: '0.5',
      close: '2',
      volume: '10',
      quoteVolume: '25',
      closed: false,
    })
  })
})

describe('klineSource', () => {
  const d = (text: string) => new Decimal(text)
  const row = (openMs: number): KlineRow => [
    { timestamp: new Date(openMs), rawTimestamp: openMs },
    d('1'),
    d('4'),
    d('0.5'),
    d('2'),
    d('10'),
    d('25'),
  ]
  const instrument = { symbol: 'BTC/USDT', venueSymbol: 'BTCUSDT' } as unknown as Instrument

  it('asks the page the walk names and reads each row as a candle, closed once the venue clock passed it', async () => {
    const asked: RestRequest<unknown>[] = []
    const rest = {
      request$: (request: RestRequest<unknown>) => {
        asked.push(request)
        return of({ time: 7_200_000, list: [row(3_600_000), row(7_200_000)] })
      },
    } as unknown as RestClient
    const source = klineSource(rest, {
      venue: 'bybit',
      intervals: { '1h': '60' },
      pageLimit: 1000,
      path: '/klines',
      codec: t.type({ time: t.number, list: t.array(t.unknown) }) as unknown as t.Decoder<
        unknown,
        { time: number; list: KlineRow[] }
      >,
      cost: 2,
      range: ['from', 'to'],
      query: { category: 'spot' },
      rows: (answer) => answer.list,
      quoteVolume: (r) => r[6] as Decimal,
      now: (answer) => answer.time,
    })
    const page = await firstValueFrom(
      source.fetch({ instrument, interval: '1h', code: '60', start: 3_600_000, end: 7_200_000, limit: 2 }),
    )
    expect(asked.map((r) => [r.path, r.query, r.cost, r.context])).to.deep.equal([
      [
        '/klines',
        { category: 'spot', symbol: 'BTCUSDT', interval: '60', from: 3_600_000, to: 7_200_000, limit: 2 },
        2,
        'GET /klines BTCUSDT 60',
      ],
    ])
    expect(page.now).to.equal(7_200_000)
    expect(
      page.candles.map((c) => [c.symbol, c.interval, c.rawTimestamp, c.quoteVolume?.toString(), c.closed]),
    ).to.deep.equal([
      ['BTC/USDT', '1h', 3_600_000, '25', true],
      ['BTC/USDT', '1h', 7_200_000, '25', false],
    ])
  })
})
