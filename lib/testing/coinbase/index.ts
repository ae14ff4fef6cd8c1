/**
 * The loopback Coinbase Advanced Trade simulator.
 * @module
 */
export {
  CoinbaseFaults,
  CoinbaseSimulator,
  type CoinbaseClientOptions,
  type CoinbaseOrderRef,
} from './coinbase-simulator.js'
export type { CoinbaseSimEvent } from './context.js'
export {
  DEFAULT_COINBASE_ALIASES,
  DEFAULT_COINBASE_BALANCES,
  DEFAULT_COINBASE_INSTRUMENTS,
  DEFAULT_COINBASE_RATE_LIMITS,
  type CoinbaseAliasOptions,
  type CoinbaseInstrumentOptions,
  type CoinbaseRateLimits,
  type CoinbaseSimulatorOptions,
} from './options.js'
