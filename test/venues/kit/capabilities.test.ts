import { expect } from 'chai'
import { CANDLE_INTERVALS } from '../../../lib/core/candle-time.js'
import { BINANCE_CAPABILITIES, BINANCE_INTERVALS } from '../../../lib/venues/binance/spec.js'
import { BYBIT_CAPABILITIES } from '../../../lib/venues/bybit/spec.js'
import { COINBASE_CAPABILITIES } from '../../../lib/venues/coinbase/spec.js'
import { spotCapabilities, spotTrading } from '../../../lib/venues/kit/capabilities.js'

const SPOT_TRADING = {
  orderTypes: ['limit', 'market'],
  timeInForce: ['GTC', 'IOC', 'FOK', 'PostOnly'],
  quoteQuantityMarketOrders: true,
  amend: false,
  cancelAll: true,
  positions: false,
  privateStreams: { orders: true, fills: true, balances: true },
}

describe('spot capabilities as data', () => {
  it('spotTrading is the common spot order entry, with only what a venue names changed', () => {
    expect(spotTrading()).to.deep.equal(SPOT_TRADING)
    expect(spotTrading({ amend: true })).to.deep.equal({ ...SPOT_TRADING, amend: true })
    expect(Object.isFrozen(spotTrading())).to.equal(true)
  })

  it('spotCapabilities takes the intervals from the tables, live ones apart where given', () => {
    const trading = spotTrading()
    const caps = spotCapabilities({
      intervals: { '1m': 'ONE_MINUTE', '1h': 'ONE_HOUR' },
      liveIntervals: { '5m': 'FIVE_MINUTE' },
      tradeHistory: false,
      trading,
    })
    expect(caps).to.deep.equal({
      marketData: { book: true, trades: true, ticker: true, candleIntervals: ['5m'] },
      history: { candleIntervals: ['1m', '1h'], trades: false },
      trading,
    })
    expect('bookDepths' in caps.marketData).to.equal(false)
    const deep = spotCapabilities({
      intervals: { '1d': 'D' },
      bookDepths: [1, 50],
      tradeHistory: true,
      trading,
    })
    expect(deep.marketData).to.deep.equal({
      book: true,
      bookDepths: [1, 50],
      trades: true,
      ticker: true,
      candleIntervals: ['1d'],
    })
    expect(deep.history.trades).to.equal(true)
  })

  it('Bybit, Binance and Coinbase declare what they declared before the kit made it', () => {
    expect(BYBIT_CAPABILITIES).to.deep.equal({
      marketData: {
        book: true,
        bookDepths: [1, 50, 200],
        trades: true,
        ticker: true,
        candleIntervals: CANDLE_INTERVALS,
      },
      history: { candleIntervals: CANDLE_INTERVALS, trades: false },
      trading: { ...SPOT_TRADING, amend: true },
    })
    expect(BINANCE_CAPABILITIES).to.deep.equal({
      marketData: { book: true, trades: true, ticker: true, candleIntervals: CANDLE_INTERVALS },
      history: { candleIntervals: CANDLE_INTERVALS, trades: true },
      trading: SPOT_TRADING,
    })
    expect(BINANCE_INTERVALS['1M']).to.equal('1M')
    expect(BINANCE_INTERVALS['1m']).to.equal('1m')
    expect(COINBASE_CAPABILITIES).to.deep.equal({
      marketData: { book: true, trades: true, ticker: true, candleIntervals: ['5m'] },
      history: { candleIntervals: ['1m', '5m', '15m', '30m', '1h', '2h', '6h', '1d'], trades: false },
      trading: {
        ...SPOT_TRADING,
        cancelAll: false,
        privateStreams: { orders: true, fills: true, balances: false },
      },
    })
  })
})
