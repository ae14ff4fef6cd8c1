/**
 * Persistence of the order manager: the store interface, the in-memory store and the SQLite store.
 * @module
 */
export * from './memory-store.js'
export * from './order-store.js'
export { SQLITE_SCHEMA_VERSION, sqliteStore, type SqliteStoreOptions } from './sqlite-store.js'
