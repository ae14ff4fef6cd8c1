/**
 * rxvenue: reliable, decimal-exact, reactive connectivity to crypto venues.
 * @packageDocumentation
 */
export * from './lib/core/index.js'
export * from './lib/codec/index.js'
export * from './lib/transport/index.js'
export * from './lib/book/index.js'
export * from './lib/venues/index.js'
export * from './streams/index.js'
