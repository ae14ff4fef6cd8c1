/**
 * The loopback Coinbase Prime simulator.
 * @module
 */
export { PrimeFaults, PrimeSimulator, type PrimeClientOptions } from './prime-simulator.js'
export type { PrimeSimEvent } from './context.js'
export {
  DEFAULT_PRIME_BALANCES,
  DEFAULT_PRIME_INSTRUMENTS,
  DEFAULT_PRIME_RATE_LIMITS,
  type PrimeInstrumentOptions,
  type PrimeRateLimits,
  type PrimeSimulatorOptions,
} from './options.js'
