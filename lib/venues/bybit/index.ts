/**
 * The Bybit v5 spot driver: `createBybitVenue`, and the types the package root names.
 * @module
 */
export { createBybitVenue, type BybitVenue } from './driver.js'
export type { BybitOptions } from './options.js'
export type { BybitOrderBookOptions, BybitPublicRest, BybitRecentTradesOptions } from './rest.js'
export type { BybitHistoryQuery } from './order-queries.js'
export type { BybitTrading } from './trading.js'
