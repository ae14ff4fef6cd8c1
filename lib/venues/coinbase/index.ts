/**
 * The Coinbase Advanced Trade driver: `createCoinbaseVenue`, and the types the package root names.
 * @module
 */
export { createCoinbaseVenue, type CoinbaseVenue } from './driver.js'
export type { CoinbaseOptions } from './options.js'
export type { CoinbaseOrderBookOptions, CoinbasePublicRest, CoinbaseRecentTradesOptions } from './rest.js'
export type { CoinbaseOrderRequest } from './order-entry.js'
export type { CoinbaseHistoryQuery, CoinbaseTrading } from './trading.js'
