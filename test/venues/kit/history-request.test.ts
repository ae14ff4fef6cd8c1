import { expect } from 'chai'
import { VenueError } from '../../../lib/core/errors.js'
import { checkCandleHistory, checkHistoryRange } from '../../../lib/venues/kit/history-request.js'

const from = new Date('2024-01-01T00:00:00Z')
const to = new Date('2024-01-02T00:00:00Z')

describe('history request checks', () => {
  it('gives the venue code and the range in ms', () => {
    expect(checkCandleHistory('bybit', { '1h': '60' }, { interval: '1h', from, to })).to.deep.equal({
      fromMs: from.getTime(),
      toMs: to.getTime(),
      empty: false,
      code: '60',
    })
  })

  it('refuses an interval the venue lacks, and invalid dates, with invalid-request', () => {
    const noInterval = checkCandleHistory('binance', { '1h': '1h' }, { interval: '3m', from, to })
    expect(noInterval).to.be.instanceOf(VenueError)
    expect((noInterval as VenueError).message).to.equal(
      'binance does not support 3m candles: interval must be one of 1h',
    )
    const codes = { '1m': '1m', '1h': '1h', '1d': '1d' }
    const missing = checkCandleHistory('coinbase', codes, { from, to } as never) as VenueError
    expect([missing.kind, missing.venue, missing.message]).to.deep.equal([
      'invalid-request',
      'coinbase',
      'candle history: interval is required (coinbase serves 1m, 1h, 1d)',
    ])
    const empty = checkCandleHistory('bybit', codes, { interval: '' as never, from, to }) as VenueError
    expect(empty.message).to.equal(
      'bybit does not support string "" candles: interval must be one of 1m, 1h, 1d',
    )
    const badDate = checkHistoryRange('binance', { from: new Date('x'), to }, 'trade history')
    expect([(badDate as VenueError).kind, (badDate as VenueError).message]).to.deep.equal([
      'invalid-request',
      'trade history: from an invalid Date is not a time: give a Date, epoch milliseconds or an ISO 8601 string (2024-01-01, 2024-01-01T12:00:00Z)',
    ])
  })

  it('marks a range whose start is its end as empty, and refuses a start after the end', () => {
    expect(checkHistoryRange('bybit', { from, to: from }, 'x')).to.include({ empty: true })
    const reversed = checkHistoryRange('bybit', { from: to, to: from }, 'trade history')
    expect(reversed).to.be.instanceOf(VenueError)
    expect([
      (reversed as VenueError).kind,
      (reversed as VenueError).venue,
      (reversed as VenueError).message,
    ]).to.deep.equal([
      'invalid-request',
      'bybit',
      'trade history: from (2024-01-02T00:00:00.000Z) is after to (2024-01-01T00:00:00.000Z)',
    ])
  })
})
