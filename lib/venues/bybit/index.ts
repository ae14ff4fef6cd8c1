/**
 * The Bybit v5 spot driver: `createBybitVenue`, and what its parts export.
 * @module
 */
export { createBybitVenue, type BybitVenue } from './driver.js'
export type { BybitOptions, ResolvedBybitOptions } from './options.js'
export { bybitRequestCost, bybitResponseError, createBybitContext, type BybitContext } from './context.js'
export {
  createBybitPublicRest,
  type BybitOrderBookOptions,
  type BybitPublicRest,
  type BybitRecentTradesOptions,
} from './rest.js'
export { BYBIT_KLINE_PAGE_LIMIT } from './klines.js'
export { createBybitPublicStreams, type BybitPublicStreams } from './streams.js'
export { TextLevel } from './codecs.js'
export {
  BYBIT_CAPABILITIES,
  BYBIT_INTERVALS,
  BYBIT_MAX_BODY_BYTES,
  BYBIT_SPEC,
  BYBIT_TRADING_CAPABILITIES,
  bybitUpdateIds,
} from './spec.js'
export {
  createBybitTrading,
  type BybitHistoryQuery,
  type BybitTrading,
  type BybitTradingOptions,
} from './trading.js'
