import { expect } from 'chai'
import { NO_MARKET_DATA } from '../../../lib/venues/kit/no-market-data.js'

describe('kit: the capabilities of a venue with no market data (NO_MARKET_DATA)', () => {
  it('declares no book, trades, ticker or candles, live or past', () => {
    expect(NO_MARKET_DATA).to.deep.equal({
      marketData: { book: false, trades: false, ticker: false, candleIntervals: [] },
      history: { candleIntervals: [], trades: false },
    })
  })

  it('is frozen all the way down, so a venue spreading it cannot change another’s', () => {
    const parts = [
      NO_MARKET_DATA,
      NO_MARKET_DATA.marketData,
      NO_MARKET_DATA.marketData.candleIntervals,
      NO_MARKET_DATA.history,
      NO_MARKET_DATA.history.candleIntervals,
    ]
    expect(parts.map((p) => Object.isFrozen(p))).to.deep.equal([true, true, true, true, true])
  })
})
