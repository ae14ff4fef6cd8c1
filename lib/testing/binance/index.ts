/**
 * The loopback Binance spot simulator.
 * @module
 */
export {
  BinanceSimulator,
  type BinanceClientOptions,
  type BinanceMarketTrade,
  type BinanceOrderRef,
} from './binance-simulator.js'
export type { BinanceSimEvent } from './context.js'
export { BinanceFaults } from './faults.js'
export {
  DEFAULT_BINANCE_BALANCES,
  DEFAULT_BINANCE_INSTRUMENTS,
  DEFAULT_BINANCE_RATE_LIMITS,
  DEFAULT_BINANCE_STREAM_LIMITS,
  type BinanceInstrumentOptions,
  type BinanceRateLimits,
  type BinanceSimulatorOptions,
  type BinanceStreamLimits,
} from './options.js'
