import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
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
