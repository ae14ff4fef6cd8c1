/**
 * Binance, registered: what the client and the package root know of it before its driver loads.
 */
import { rangedUpdateIds } from '../../book/sequence-rules.js'
import { lazyVenue } from '../kit/lazy-venue.js'
import { optionsFromEnv, type VenueModule } from '../kit/module.js'
import type { BinanceOptions, BinanceVenue } from './index.js'
import { BINANCE_CAPABILITIES } from './spec.js'

/**
 * The Binance spot venue module.
 *
 * @example
 * const binance = BINANCE_MODULE.create({ testnet: true })
 */
export const BINANCE_MODULE: VenueModule<'binance', BinanceOptions, BinanceVenue> = {
  id: 'binance',
  capabilities: BINANCE_CAPABILITIES,
  create: (options = {}) =>
    lazyVenue<BinanceVenue>(
      {
        id: 'binance',
        capabilities: BINANCE_CAPABILITIES,
        bookSequence: rangedUpdateIds,
        surfaces: { trading: Boolean(options.apiKey && (options.secret || options.privateKey)) },
        scheduler: options.scheduler,
        unloaded: { streamsPerConnection: (): readonly number[] => [] },
      },
      () => import('./index.js').then((driver) => driver.createBinanceVenue(options)),
    ),
  fromEnv: (env) =>
    optionsFromEnv<BinanceOptions>('binance', env, [
      { name: 'WS_API_URL', option: 'wsApiUrl', kind: 'text' },
    ]),
  simulator: () => import('../../testing/binance/index.js'),
}

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
