import type { VenueOptions } from '../kit/options.js'
import type { ResolvedVenueOptions } from '../kit/resolved-options.js'

/**
 * Options of the Coinbase Prime driver. Everything is optional; the defaults talk to
 * `https://api.prime.coinbase.com` and `wss://ws-feed.prime.coinbase.com`. Prime has no test network:
 * `testnet: true` is `invalid-request`. A key is `apiKey` (the access key), `secret` (its signing key,
 * used as its text), `passphrase` and, for the WebSocket feed, `serviceAccountId`; all are scrubbed
 * from every log line and error. Without `portfolioId` the driver takes the key's one portfolio.
 *
 * @example
 * createPrimeVenue({ apiKey, secret, passphrase, serviceAccountId, portfolioId })
 */
export interface PrimeOptions extends VenueOptions {
  /** The API key's passphrase (`X-CB-ACCESS-PASSPHRASE`). */
  readonly passphrase?: string | undefined
  /** The service account id of the key (`api_key_id` of a WebSocket subscription). */
  readonly serviceAccountId?: string | undefined
  /**
   * The portfolio every call is scoped to. Default: the only portfolio `GET /v1/portfolios` lists; with
   * several, calls fail with `invalid-request` naming them.
   */
  readonly portfolioId?: string | undefined
}

/** {@link PrimeOptions} with the defaults filled in. */
export type ResolvedPrimeOptions = ResolvedVenueOptions & {
  readonly passphrase: string
  readonly serviceAccountId: string
  readonly portfolioId: string | undefined
}
