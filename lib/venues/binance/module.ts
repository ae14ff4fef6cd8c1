/**
 * Binance, registered: what the client and the package root know of it before its driver loads.
 */
import type { VenueModule } from '../kit/module.js'
import { specModule } from '../kit/spec-module.js'
import type { BinanceOptions, BinanceVenue } from './index.js'
import { BINANCE_SPEC } from './spec.js'

/**
 * The Binance spot venue module.
 *
 * @example
 * const binance = BINANCE_MODULE.create({ testnet: true })
 */
export const BINANCE_MODULE: VenueModule<'binance', BinanceOptions, BinanceVenue> = specModule(BINANCE_SPEC, {
  options: {
    wsApiUrl: true,
    privateKey: true,
    depthUpdateSpeed: true,
    plannedReconnectMs: true,
    maxStreamsPerConnection: true,
  },
  surfaces: (options) => ({ trading: Boolean(options.apiKey && (options.secret || options.privateKey)) }),
  load: (options) => import('./index.js').then((driver) => driver.createBinanceVenue(options)),
  env: [{ name: 'WS_API_URL', option: 'wsApiUrl', kind: 'text' }],
  unloaded: { streamsPerConnection: (): readonly number[] => [] },
})

/**
 * Creates a Binance driver. Nothing loads or connects until a stream or request is subscribed; then the
 * driver's code is loaded, and every stream of it shares its connections. Trading is present only with
 * credentials.
 *
 * @example
 * const binance = createBinanceVenue({ testnet: true })
 * binance.trades$('BTC/USDT').subscribe((t) => console.log(t.price.toString()))
 * await binance.close()
 */
export function createBinanceVenue(options?: BinanceOptions): BinanceVenue {
  return BINANCE_MODULE.create(options)
}
