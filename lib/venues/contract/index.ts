/**
 * The driver contract every venue implements, one concept per file.
 * @module
 */
export * from './capabilities.js'
export * from './capability-check.js'
export * from './custody.js'
export * from './events.js'
export * from './health.js'
export * from './infrastructure.js'
export * from './requests.js'
export * from './rfq.js'
export * from './trading.js'
export * from './venue.js'
