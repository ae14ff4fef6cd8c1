/**
 * The Coinbase Prime driver, assembled: `createPrimeVenue` loads with this module.
 */
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import type { RfqWire, VenueRfq } from '../contract/rfq.js'
import { assembleVenue } from '../kit/assemble.js'
import { createPrimeContext } from './context.js'
import type { PrimeOptions } from './options.js'
import { PRIME_SPEC } from './spec.js'
import { createPrimePublicStreams } from './streams.js'
import { createPrimeTrading, type PrimeTrading } from './trading.js'

/**
 * The Prime venue: the {@link Venue} contract (books from `l2_data`), and with a key trading and RFQ.
 *
 * @example
 * const prime: PrimeVenue = createPrimeVenue({ apiKey, secret, passphrase, serviceAccountId })
 * prime.bookChanges$('BTC/USD').subscribe(show)
 */
export interface PrimeVenue extends Venue {
  readonly id: 'prime'
  /** Present with a key. */
  readonly trading: PrimeTrading | undefined
  /** `POST /rfq` and `/accept_quote` on the kit's RFQ surface, present with a key. */
  readonly rfq: VenueRfq | undefined
  /** The wire `rfq` is built on, present with a key. */
  readonly rfqWire: RfqWire | undefined
  readonly custody: undefined
  health(): VenueHealthSnapshot
}

/**
 * The eager driver behind the package's `createPrimeVenue` (module.ts).
 *
 * @example
 * const prime = createPrimeVenue({ scheduler, restUrl: sim.restUrl, apiKey, secret, passphrase })
 */
export function createPrimeVenue(options: PrimeOptions = {}): PrimeVenue {
  const ctx = createPrimeContext(options)
  const account =
    ctx.privateRest !== undefined ? createPrimeTrading(ctx, { backoff: options.backoff }) : undefined
  return {
    ...assembleVenue(PRIME_SPEC, ctx, {
      streams: { ...createPrimePublicStreams(ctx) },
      calls: {},
      trading: account?.trading,
    }),
    rfq: account?.rfq,
    rfqWire: account?.rfqWire,
  }
}
