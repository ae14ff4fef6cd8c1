/**
 * Coinbase Prime signatures: REST requests and WebSocket subscriptions, base64 HMAC-SHA256 keyed by
 * the secret's own text (not base64-decoded, unlike Coinbase Exchange).
 * https://docs.cdp.coinbase.com/prime/rest-api/authentication
 */
import { hmacSha256Base64 } from '../../auth/hmac.js'
import { signHmacHeaders, type HmacHeaderScheme } from '../../auth/hmac-headers.js'
import type { HttpRequest } from '../../transport/http.js'
import type { SubscriptionOp } from '../../transport/socket.js'
import { signedWhenSent, type SigningHost } from '../kit/signed-when-sent.js'

/** A Prime API key. */
export interface PrimeKey {
  readonly apiKey: string
  readonly secret: string
  readonly passphrase: string
  readonly serviceAccountId: string
}

/** Whole seconds: https://docs.cdp.coinbase.com/prime/rest-api/authentication */
const primeTimestamp = (now: number): string => String(Math.floor(now / 1000))

// the docs' sample signs `urlparse(uri).path`: the path without its query
const PRIME_SCHEME: HmacHeaderScheme = {
  headers: {
    key: 'x-cb-access-key',
    passphrase: 'x-cb-access-passphrase',
    timestamp: 'x-cb-access-timestamp',
    signature: 'x-cb-access-signature',
  },
  timestamp: primeTimestamp,
  signsQuery: false,
}

export { hmacRequestSignature as primeRestSignature } from '../../auth/hmac-headers.js'

/** Signs a REST request with the four `X-CB-ACCESS-*` headers at venue time `now` (ms). */
export function signPrimeRequest(key: PrimeKey, request: HttpRequest, now: number): HttpRequest {
  return signHmacHeaders(PRIME_SCHEME, key, request, now)
}

/**
 * A signed WebSocket subscription (or unsubscription) of one channel: the signature covers `channel +
 * access_key + api_key_id + timestamp + portfolio_id + product_ids` joined without separators
 * (https://docs.cdp.coinbase.com/prime/websocket-feed/channels).
 */
export function primeSubscription(
  key: PrimeKey,
  type: SubscriptionOp,
  channel: string,
  productIds: readonly string[],
  portfolioId: string,
  now: number,
): Record<string, unknown> {
  const timestamp = primeTimestamp(now)
  const text = `${channel}${key.apiKey}${key.serviceAccountId}${timestamp}${portfolioId}${productIds.join('')}`
  return {
    type,
    channel,
    access_key: key.apiKey,
    api_key_id: key.serviceAccountId,
    timestamp,
    passphrase: key.passphrase,
    signature: hmacSha256Base64(key.secret, text),
    portfolio_id: portfolioId,
    product_ids: productIds,
    ...(channel === 'l2_data' ? { venue_filtering: false } : {}),
  }
}

/** Subscriptions signed at venue time when sent, each signature kept among the secrets scrubbed from logs. */
export function primeSubscriber(host: SigningHost, key: PrimeKey) {
  const signed = signedWhenSent(host, 'signature')
  return (op: SubscriptionOp, channel: string, productIds: readonly string[] = [], portfolioId = '') =>
    signed((now) => primeSubscription(key, op, channel, productIds, portfolioId, now))
}
