/**
 * The Binance spot driver: `createBinanceVenue`, and the types of its surface.
 * @module
 */
export { createBinanceVenue, type BinanceVenue } from './driver.js'
export type { BinanceOptions } from './options.js'
export type { BinanceHistoryQuery, BinanceTrading } from './private.js'
export {
  binanceDepthWeight,
  binanceSnapshotLimit,
  type BinanceAggTradesOptions,
  type BinanceOrderBookOptions,
  type BinancePublicRest,
  type BinanceRecentTradesOptions,
} from './public.js'
