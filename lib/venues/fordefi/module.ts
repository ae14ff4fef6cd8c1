/**
 * Fordefi, registered: what the client and the package root know of it before its driver loads.
 */
import type { VenueModule } from '../kit/module.js'
import { specModule } from '../kit/spec-module.js'
import type { FordefiVenue } from './driver.js'
import type { FordefiOptions } from './options.js'
import { FORDEFI_SPEC } from './spec.js'

/**
 * The Fordefi custody venue module.
 *
 * @example
 * const fordefi = FORDEFI_MODULE.create(FORDEFI_MODULE.fromEnv(process.env))
 */
export const FORDEFI_MODULE: VenueModule<'fordefi', FordefiOptions, FordefiVenue> = specModule(FORDEFI_SPEC, {
  options: { poll: true, webhooks: true },
  surfaces: (options) => ({ custody: Boolean(options.apiKey && options.secret) }),
  load: (options) => import('./driver.js').then((driver) => driver.createFordefiVenue(options)),
})

/**
 * Creates a Fordefi driver. Nothing loads or connects until a request is subscribed. Custody is present
 * with the API user's access token (`apiKey`) and request-signing key (`secret`, EC P-256 PEM).
 *
 * @example
 * const fordefi = createFordefiVenue({ apiKey: token, secret: signingKeyPem })
 * fordefi.custody?.transaction$(id).subscribe((tx) => console.log(tx.state))
 * await fordefi.close()
 */
export function createFordefiVenue(options?: FordefiOptions): FordefiVenue {
  return FORDEFI_MODULE.create(options)
}
