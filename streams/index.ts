export * from './functions.js'
export { conflateMap } from './conflate-map.js'
export {
  createClient,
  type AggregateOptions,
  type BookStreamOptions,
  type Client,
  type ClientOptions,
  type ClientTransports,
  type HealthOptions,
  type MergedBookOptions,
  type OnlyConfiguredRefusal,
  type VenueRef,
} from './client.js'
export {
  closeDefaultClient,
  defaultClient,
  defaultClientOptions,
  type Environment,
} from './default-client.js'
export { BookResyncError, bookFromChanges, type OrderBookOptions } from '../lib/venues/kit/book-stream.js'
export type {
  BestBidAsk,
  CrossSpread,
  MarketPair,
  MergedBook,
  MergedContribution,
  MergedLevel,
  PairQuote,
  StaleReason,
  VenuePrice,
} from './aggregate/index.js'
export type { ConnectionHealthSample, ConnectionStatus, VenueHealth } from './health.js'
export type { VenueSettings } from '../lib/venues/registry.js'
export type { VenueTradingOf, VenueTradings } from './venue-tradings.js'
