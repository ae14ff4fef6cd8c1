/**
 * Bybit, registered: what the client and the package root know of it before its driver loads.
 */
import { consecutiveUpdateIds } from '../../book/sequence-rules.js'
import { lazyVenue } from '../kit/lazy-venue.js'
import { optionsFromEnv, type VenueModule } from '../kit/module.js'
import type { BybitOptions, BybitVenue } from './index.js'
import { BYBIT_CAPABILITIES } from './spec.js'

/**
 * The Bybit v5 spot venue module.
 *
 * @example
 * const bybit = BYBIT_MODULE.create(BYBIT_MODULE.fromEnv(process.env))
 */
export const BYBIT_MODULE: VenueModule<'bybit', BybitOptions, BybitVenue> = {
  id: 'bybit',
  capabilities: BYBIT_CAPABILITIES,
  create: (options = {}) =>
    lazyVenue<BybitVenue>(
      {
        id: 'bybit',
        capabilities: BYBIT_CAPABILITIES,
        bookSequence: consecutiveUpdateIds,
        surfaces: { trading: Boolean(options.apiKey && options.secret) },
        scheduler: options.scheduler,
      },
      () => import('./index.js').then((driver) => driver.createBybitVenue(options)),
    ),
  fromEnv: (env) =>
    optionsFromEnv<BybitOptions>('bybit', env, [
      { name: 'DEMO', option: 'demo', kind: 'switch' },
      { name: 'PRIVATE_WS_URL', option: 'privateWsUrl', kind: 'text' },
    ]),
  simulator: () => import('../../testing/bybit/index.js'),
}
