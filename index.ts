/**
 * rxvenue: reliable, decimal-exact, reactive connectivity to crypto venues.
 * @packageDocumentation
 */
export * from './lib/core/index.js'
