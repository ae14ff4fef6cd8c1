/**
 * Options of the FalconX driver: the common ones and the API key's passphrase.
 */
import type { VenueOptions } from '../kit/options.js'
import type { FALCONX_PLATFORMS } from './spec.js'

/**
 * Options of the FalconX driver. Everything is optional; the default talks to
 * `https://api.falconx.io`. FalconX has no test network: `testnet: true` is `invalid-request`.
 * Credentials are an API key, its secret (base64, as FalconX issues it) and its passphrase; without
 * all three the driver has neither `rfq` nor `trading`. They are scrubbed from every log line and
 * error.
 *
 * @example
 * createFalconxVenue({ apiKey, secret, passphrase })
 */
export interface FalconxOptions extends VenueOptions {
  /** The API key's passphrase (`FX-ACCESS-PASSPHRASE`). */
  readonly passphrase?: string | undefined
  /** Which FalconX platform's balances and executed quotes are read. Default `api`. */
  readonly platform?: (typeof FALCONX_PLATFORMS)[number] | undefined
}
