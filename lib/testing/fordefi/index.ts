/**
 * The loopback Fordefi simulator.
 * @module
 */
export { FordefiSimulator, type FordefiClientOptions } from './fordefi-simulator.js'
export { FordefiFaults } from './faults.js'
export type { FordefiSimEvent } from './context.js'
export { type FlowFault } from './desk.js'
export {
  DEFAULT_FORDEFI_VAULTS,
  type FordefiSimAsset,
  type FordefiSimulatorOptions,
  type FordefiSimVault,
  type FordefiTimings,
} from './options.js'
