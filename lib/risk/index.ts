/**
 * Pre-trade risk: limits as data, custom rules, the kill switch.
 * @module
 */
export * from './limits.js'
export * from './rejection.js'
export * from './risk-engine.js'
export * from './risk-state.js'
export { OrderRateWindow } from './order-rate.js'
