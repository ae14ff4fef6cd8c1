/**
 * The built-in drivers by venue id, and the settings each takes: the one place a new venue is added
 * for `createClient` and the top-level stream functions to offer it. The stream layer only looks
 * drivers up here.
 */
import type { Logger } from '../core/logging.js'
import type { VenueId } from '../core/model.js'
import type { HttpTransport } from '../transport/http.js'
import type { WebSocketCtor } from '../transport/socket.js'
import { createBinanceVenue, type BinanceOptions } from './binance/index.js'
import { createBybitVenue, type BybitOptions } from './bybit/index.js'
import { createMockVenue, type MockVenueOptions } from './mock/index.js'
import type { Venue } from './contract/index.js'

/**
 * Per-venue settings of `createClient`: endpoints, credentials and tuning of each driver.
 *
 * @example
 * const venues: VenueSettings = { bybit: { apiKey, secret }, binance: { restUrl: 'https://api1.binance.com' } }
 */
export interface VenueSettings {
  readonly bybit?: BybitOptions | undefined
  readonly binance?: BinanceOptions | undefined
  readonly mock?: MockVenueOptions | undefined
}

/** What a client shares with every driver it makes; a venue's own settings win over it. */
export interface DriverDefaults {
  readonly logger?: Logger | undefined
  readonly transport?: HttpTransport | undefined
  readonly WebSocketCtor?: WebSocketCtor | undefined
}

/** Makes a driver from its venue's settings and the client's defaults. */
export type VenueFactory = (settings: unknown, defaults: DriverDefaults) => Venue

/** The built-in drivers. */
export const VENUE_FACTORIES: Readonly<Partial<Record<VenueId, VenueFactory>>> = Object.freeze({
  mock: (settings: unknown) => createMockVenue(settings as MockVenueOptions | undefined),
  bybit: (settings: unknown, defaults: DriverDefaults) =>
    createBybitVenue({ ...defaults, ...(settings as BybitOptions | undefined) }),
  binance: (settings: unknown, defaults: DriverDefaults) =>
    createBinanceVenue({ ...defaults, ...(settings as BinanceOptions | undefined) }),
})

/** Every venue id the package knows, built or planned. */
export const KNOWN_VENUES: readonly VenueId[] = Object.freeze([
  'bybit',
  'binance',
  'coinbase',
  'prime',
  'falconx',
  'fordefi',
  'mock',
])
