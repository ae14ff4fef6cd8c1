/**
 * Persistence of the order manager: the store interface and the in-memory store.
 * @module
 */
export * from './memory-store.js'
export * from './order-store.js'
