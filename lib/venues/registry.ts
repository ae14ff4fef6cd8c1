/**
 * The venues a client can make, derived from the list of venue modules: their settings, their
 * environment variables, and the lookup by id.
 */
import type { KnownVenueId, VenueId } from '../core/model.js'
import type { Venue } from './contract/venue.js'
import type { Environment, VenueModule } from './kit/module.js'
import { VENUE_MODULES } from './modules.js'

/**
 * Per-venue settings of `createClient`: endpoints, credentials and tuning of each driver, keyed by venue
 * id (a venue module of your own reads its settings under its id).
 *
 * @example
 * const venues: VenueSettings = { bybit: { apiKey, secret }, binance: { restUrl: 'https://api1.binance.com' } }
 */
export type VenueSettings = {
  readonly [M in (typeof VENUE_MODULES)[number] as M['id']]?:
    (M extends VenueModule<VenueId, infer O, Venue> ? O : never) | undefined
} & { readonly [id: string]: unknown }

/**
 * A venue module of any venue, as the client holds it.
 *
 * @example
 * const modules: readonly AnyVenueModule[] = [...VENUE_MODULES, myVenueModule]
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module takes its own options type
export type AnyVenueModule = VenueModule<VenueId, any, Venue>

/** Venues named by the package but not available in this version. */
export const PLANNED_VENUES: readonly KnownVenueId[] = Object.freeze([])

/**
 * The module of a venue id among `modules` (own ids only: `constructor` is no venue).
 *
 * @example
 * findVenueModule(VENUE_MODULES, 'bybit')?.capabilities.marketData.bookDepths // [1, 50, 200]
 */
export function findVenueModule(modules: readonly AnyVenueModule[], id: unknown): AnyVenueModule | undefined {
  return typeof id === 'string' ? modules.find((m) => m.id === id) : undefined
}

/**
 * Every venue's settings from its `RXVENUE_<ID>_*` environment variables; venues with none set are
 * left out.
 *
 * @example
 * settingsFromEnv(VENUE_MODULES, { RXVENUE_BYBIT_TESTNET: '1' }) // { bybit: { testnet: true } }
 */
export function settingsFromEnv(modules: readonly AnyVenueModule[], env: Environment): VenueSettings {
  const out: Record<string, unknown> = {}
  for (const m of modules) {
    const options: unknown = m.fromEnv(env)
    if (options !== undefined) out[m.id] = options
  }
  return out as VenueSettings
}

export { VENUE_MODULES }
