/**
 * The FalconX driver: `createFalconxVenue`, and the types the package root names.
 * @module
 */
export { createFalconxVenue, type FalconxVenue } from './driver.js'
export type { FalconxOptions } from './options.js'
export type { FalconxOrderRequest, FalconxTrading } from './trading.js'
