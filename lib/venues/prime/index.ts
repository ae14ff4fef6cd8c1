/**
 * The Coinbase Prime driver: `createPrimeVenue`, and the types the package root names.
 * @module
 */
export { createPrimeVenue, type PrimeVenue } from './driver.js'
export type { PrimeOptions } from './options.js'
export type { PrimeOrderRequest, PrimeOrderTerms } from './order-entry.js'
export type { PrimeOrderPreview, PrimeWallet } from './orders.js'
export type { PrimeHistoryQuery, PrimeTrading } from './trading.js'
