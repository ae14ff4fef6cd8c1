/**
 * Bybit, registered: what the client and the package root know of it before its driver loads.
 */
import type { VenueModule } from '../kit/module.js'
import { specModule } from '../kit/spec-module.js'
import type { BybitVenue } from './driver.js'
import type { BybitOptions } from './options.js'
import { BYBIT_SPEC } from './spec.js'

/**
 * The Bybit v5 spot venue module.
 *
 * @example
 * const bybit = BYBIT_MODULE.create(BYBIT_MODULE.fromEnv(process.env))
 */
export const BYBIT_MODULE: VenueModule<'bybit', BybitOptions, BybitVenue> = specModule(BYBIT_SPEC, {
  options: { demo: true, privateWsUrl: true },
  surfaces: (options) => ({ trading: Boolean(options.apiKey && options.secret) }),
  load: (options) => import('./driver.js').then((driver) => driver.createBybitVenue(options)),
  env: [
    { name: 'DEMO', option: 'demo', kind: 'switch' },
    { name: 'PRIVATE_WS_URL', option: 'privateWsUrl', kind: 'text' },
  ],
})

/**
 * Creates a Bybit driver. Nothing loads or connects until a stream or request is subscribed; then the
 * driver's code is loaded, and every stream of it shares its connections. Trading is present only with
 * credentials.
 *
 * @example
 * const bybit = createBybitVenue({ testnet: true })
 * bybit.trades$('BTC/USDT').subscribe((t) => console.log(t.price.toString()))
 * await bybit.close()
 */
export function createBybitVenue(options?: BybitOptions): BybitVenue {
  return BYBIT_MODULE.create(options)
}
