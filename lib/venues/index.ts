/**
 * The venue driver contract and the drivers.
 * @module
 */
export * from './contract/index.js'
export * from './mock/index.js'
export * from './bybit/index.js'
export * from './binance/index.js'
