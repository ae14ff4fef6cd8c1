/**
 * The loopback FalconX simulator.
 * @module
 */
export { FalconxFaults, FalconxSimulator, type FalconxClientOptions } from './falconx-simulator.js'
export type { FalconxSimEvent } from './context.js'
export {
  DEFAULT_FALCONX_BALANCES,
  DEFAULT_FALCONX_INSTRUMENTS,
  DEFAULT_FALCONX_RATE_LIMITS,
  type FalconxInstrumentOptions,
  type FalconxRateLimits,
  type FalconxSimulatorOptions,
} from './options.js'
