/**
 * The loopback Bybit v5 spot simulator.
 * @module
 */
export {
  BybitSimulator,
  type BybitClientOptions,
  type BybitOrderRef,
  type RestingOrderRequest,
} from './bybit-simulator.js'
export type { BybitSimEvent } from './context.js'
export { BybitFaults, type HttpFailure, type MalformedKind, type SpoiledAnswer } from './faults.js'
export {
  DEFAULT_BYBIT_BALANCES,
  DEFAULT_BYBIT_INSTRUMENTS,
  DEFAULT_BYBIT_RATE_LIMITS,
  type BybitInstrumentOptions,
  type BybitRateLimits,
  type BybitSimulatorOptions,
} from './options.js'
export type { OrderAck } from './trading.js'
