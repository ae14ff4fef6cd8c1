/**
 * Options of the Fordefi driver: the common ones, the API user's credentials, how transactions are
 * polled, and the webhook deliveries of a receiver the user runs.
 */
import type { Observable } from 'rxjs'
import type { CustodyPolling } from '../contract/custody.js'
import type { VenueOptions } from '../kit/options.js'

/**
 * One webhook delivery as the user's receiver got it: the raw body and its `X-Signature` header.
 *
 * @example
 * deliveries.next({ body: req.body.toString('utf8'), signature: req.header('x-signature') ?? '' })
 */
export interface FordefiWebhookDelivery {
  readonly body: string
  readonly signature: string
}

/**
 * Options of the Fordefi driver. Credentials: `apiKey` is the API user's access token (sent as
 * `Authorization: Bearer`), `secret` its request-signing private key (EC P-256, PEM) that signs each
 * create; both are scrubbed from every log line and error. Default host `https://api.fordefi.com`.
 *
 * @example
 * createFordefiVenue({ apiKey: process.env.FORDEFI_TOKEN, secret: process.env.FORDEFI_SIGNING_KEY })
 */
export interface FordefiOptions extends Omit<VenueOptions, 'wsUrl' | 'testnet'> {
  /**
   * How `transaction$` polls: `initialMs` after each change (default 2 000, as Fordefi's samples
   * poll), growing by `multiplier` (default 1.5) while nothing changes, at most `maxMs` (default 30 000).
   */
  readonly poll?: Partial<CustodyPolling> | undefined
  /**
   * Webhook deliveries of a receiver you run: each is checked against `publicKey` (Fordefi's webhook
   * key, PEM) and its transaction fed into every `transaction$` of it; a delivery that fails the check
   * is dropped with a `custody-warning` event.
   */
  readonly webhooks?:
    { readonly deliveries$: Observable<FordefiWebhookDelivery>; readonly publicKey: string } | undefined
}
