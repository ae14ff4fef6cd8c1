/**
 * The capabilities of a venue that serves no market data (one that quotes on request, a custody
 * platform): no book, trades, ticker or candles, live or past.
 */
import type { VenueCapabilities } from '../contract/capabilities.js'

/**
 * `marketData` and `history` declaring nothing offered, to spread into a venue's capabilities; each
 * market-data call of such a venue is refused (see `refusedStreams`).
 *
 * @example
 * const caps: VenueCapabilities = Object.freeze({ ...NO_MARKET_DATA, rfq: Object.freeze({ twoWay: true, quoteQuantity: false }) })
 * caps.marketData.book // false
 */
export const NO_MARKET_DATA: Pick<VenueCapabilities, 'marketData' | 'history'> = Object.freeze({
  marketData: Object.freeze({
    book: false,
    trades: false,
    ticker: false,
    candleIntervals: Object.freeze([]),
  }),
  history: Object.freeze({ candleIntervals: Object.freeze([]), trades: false }),
})
