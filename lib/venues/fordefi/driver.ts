/**
 * The Fordefi driver, assembled: `createFordefiVenue` loads with this module. Custody only: every
 * market-data call fails with `invalid-request`.
 */
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import type { VenueCustody } from '../contract/custody.js'
import { assembleVenue } from '../kit/assemble.js'
import { MARKET_CALLS, refusedStreams } from '../kit/refused-streams.js'
import { createCustody } from '../kit/custody/surface.js'
import { createFordefiContext } from './context.js'
import { fordefiCustodyWire } from './custody.js'
import type { FordefiOptions } from './options.js'
import { FORDEFI_SPEC } from './spec.js'

/**
 * The Fordefi venue: the {@link Venue} contract with custody (present with an access token and a
 * request-signing key) and no market data.
 *
 * @example
 * const fordefi: FordefiVenue = createFordefiVenue({ apiKey: token, secret: signingKeyPem })
 * fordefi.custody?.vaults$().subscribe((vaults) => console.log(vaults.length))
 */
export interface FordefiVenue extends Venue {
  readonly id: 'fordefi'
  readonly trading: undefined
  readonly rfq: undefined
  /** Present when `apiKey` (the access token) and `secret` (the request-signing key) were given. */
  readonly custody: VenueCustody | undefined
  /** The REST clients, the limiter and the breaker, now. */
  health(): VenueHealthSnapshot
}

/**
 * The eager driver behind the package's `createFordefiVenue` (module.ts).
 *
 * @example
 * const fordefi = createFordefiVenue({ restUrl: sim.restUrl, apiKey, secret }) // no lazy load in between
 */
export function createFordefiVenue(options: FordefiOptions = {}): FordefiVenue {
  const ctx = createFordefiContext(options)
  const venue = assembleVenue(FORDEFI_SPEC, ctx, {
    streams: refusedStreams('fordefi', MARKET_CALLS, 'a custody venue'),
    calls: {},
    trading: undefined,
  })
  const rest = ctx.privateRest
  const custody =
    rest === undefined
      ? undefined
      : createCustody(fordefiCustodyWire(ctx, rest, options), {
          scheduler: ctx.scheduler,
          poll: { initialMs: 2000, maxMs: 30_000, multiplier: 1.5, ...options.poll },
          emit: (event) => ctx.emit(event),
          untilClosed: () => ctx.untilClosed(),
          newId: () => globalThis.crypto.randomUUID(),
        })
  return { ...venue, custody }
}
