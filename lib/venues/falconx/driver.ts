/**
 * The FalconX driver, assembled: `createFalconxVenue` loads with this module.
 */
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue, VenueRfq } from '../contract/index.js'
import { assembleVenue } from '../kit/assemble.js'
import { MARKET_CALLS, refusedStreams } from '../kit/refused-streams.js'
import { driverRfqSurface } from '../kit/rfq/driver-rfq.js'
import { createFalconxContext } from './context.js'
import type { FalconxOptions } from './options.js'
import { falconxRfqWire } from './rfq-wire.js'
import { FALCONX_SPEC } from './spec.js'
import { createFalconxTrading, type FalconxTrading } from './trading.js'

/**
 * The FalconX venue: RFQ and immediate orders with credentials; no market-data streams (each refuses
 * with `invalid-request`, as `capabilities` say).
 *
 * @example
 * const falconx: FalconxVenue = createFalconxVenue({ apiKey, secret, passphrase })
 * falconx.rfq?.quote$({ symbol: 'BTC/USD', side: 'two-way', quantity: d('1') }).subscribe(show)
 */
export interface FalconxVenue extends Venue {
  readonly id: 'falconx'
  /** Present with a key, its secret and its passphrase. */
  readonly trading: FalconxTrading | undefined
  /** Present with a key, its secret and its passphrase. */
  readonly rfq: VenueRfq | undefined
  readonly custody: undefined
  /** The REST clients, the limiter and the breaker, now. */
  health(): VenueHealthSnapshot
}

/**
 * The eager driver behind the package's `createFalconxVenue` (module.ts): the kit's `assembleVenue`
 * with the RFQ surface (`rfqSurface` on FalconX's wire: an accept never executed may be sent once more
 * while valid, since FalconX executes a quote once) and trading, whose streams carry the RFQ fills.
 *
 * @example
 * const falconx = createFalconxVenue({ apiKey, secret, passphrase, scheduler })
 */
export function createFalconxVenue(options: FalconxOptions = {}): FalconxVenue {
  const ctx = createFalconxContext(options)
  const rest = ctx.signed ? ctx.privateRest : undefined
  let rfq: VenueRfq | undefined
  let trading: FalconxTrading | undefined
  if (rest !== undefined) {
    const surface = driverRfqSurface(ctx, falconxRfqWire(ctx, rest), {
      resendOnce: true,
      backoff: options.backoff,
      // the venue clock is read from whole-second Date headers: it may lag the venue's by up to 1 s
      clockLagMs: 1000,
    })
    rfq = surface.rfq
    trading = createFalconxTrading(ctx, surface)
  }
  const venue = assembleVenue(FALCONX_SPEC, ctx, {
    streams: refusedStreams('falconx', MARKET_CALLS, 'it quotes on request: rfq.quote$'),
    calls: {},
    trading,
  })
  return { ...venue, rfq }
}
