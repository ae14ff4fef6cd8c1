/** Coinbase Prime, registered: what the client and the package root know of it before its driver loads. */
import type { VenueModule } from '../kit/module.js'
import { specModule } from '../kit/spec-module.js'
import type { PrimeVenue } from './driver.js'
import type { PrimeOptions } from './options.js'
import { PRIME_SPEC } from './spec.js'

/**
 * The Coinbase Prime venue module.
 *
 * @example
 * const prime = PRIME_MODULE.create(PRIME_MODULE.fromEnv(process.env))
 */
export const PRIME_MODULE: VenueModule<'prime', PrimeOptions, PrimeVenue> = specModule(PRIME_SPEC, {
  options: { passphrase: 'credential', serviceAccountId: 'credential', portfolioId: 'text' },
  surfaces: (options) => {
    // a key is whole with its passphrase: without it every signed call is refused
    const keyed = Boolean(options.apiKey && options.secret && options.passphrase)
    return { trading: keyed, rfq: keyed }
  },
  load: (options) => import('./driver.js').then((driver) => driver.createPrimeVenue(options)),
  env: [
    { name: 'PASSPHRASE', option: 'passphrase', kind: 'text' },
    { name: 'SERVICE_ACCOUNT_ID', option: 'serviceAccountId', kind: 'text' },
    { name: 'PORTFOLIO_ID', option: 'portfolioId', kind: 'text' },
  ],
})

/**
 * Creates a Coinbase Prime driver. Nothing loads or connects until a stream or request is subscribed.
 * Every Prime call, the book feed's too, is signed: give `apiKey`, `secret`, `passphrase` and (for the
 * feed) `serviceAccountId`.
 *
 * @example
 * const prime = createPrimeVenue({ apiKey, secret, passphrase, serviceAccountId })
 * prime.bookChanges$('BTC/USD').subscribe((c) => console.log(c.bids.length))
 * await prime.close()
 */
export function createPrimeVenue(options?: PrimeOptions): PrimeVenue {
  return PRIME_MODULE.create(options)
}
