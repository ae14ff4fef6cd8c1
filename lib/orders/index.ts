/**
 * The order manager: commands apart from state, reconciliation, the kill switch.
 * @module
 */
export * from './events.js'
export * from './lanes.js'
export * from './manager-types.js'
export * from './order-manager.js'
export * from './position.js'
export * from './trading-state.js'
