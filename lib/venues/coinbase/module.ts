/**
 * Coinbase, registered: what the client and the package root know of it before its driver loads.
 */
import type { VenueModule } from '../kit/module.js'
import { specModule } from '../kit/spec-module.js'
import type { CoinbaseVenue } from './driver.js'
import type { CoinbaseOptions } from './options.js'
import { COINBASE_SPEC } from './spec.js'

/**
 * The Coinbase Advanced Trade venue module.
 *
 * @example
 * const coinbase = COINBASE_MODULE.create(COINBASE_MODULE.fromEnv(process.env))
 */
export const COINBASE_MODULE: VenueModule<'coinbase', CoinbaseOptions, CoinbaseVenue> = specModule(
  COINBASE_SPEC,
  {
    options: { privateWsUrl: true },
    surfaces: (options) => ({ trading: Boolean(options.apiKey && options.secret) }),
    load: (options) => import('./driver.js').then((driver) => driver.createCoinbaseVenue(options)),
    env: [{ name: 'PRIVATE_WS_URL', option: 'privateWsUrl', kind: 'text' }],
  },
)

/**
 * Creates a Coinbase Advanced Trade driver. Nothing loads or connects until a stream or request is
 * subscribed; then the driver's code is loaded, and every stream of it shares one socket. Trading is
 * present only with a CDP key.
 *
 * @example
 * const coinbase = createCoinbaseVenue()
 * coinbase.trades$('BTC/USD').subscribe((t) => console.log(t.price.toString()))
 * await coinbase.close()
 */
export function createCoinbaseVenue(options?: CoinbaseOptions): CoinbaseVenue {
  return COINBASE_MODULE.create(options)
}
