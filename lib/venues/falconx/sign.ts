/**
 * FalconX request signing (https://github.com/falconxio/falconx-python `FXRfqAuth`; falconx-go
 * `clients/signature.go`): base64 HMAC-SHA256, keyed by the base64-decoded secret, over
 * `timestamp + METHOD + path with query + body`.
 */
import { signHmacHeaders, type HmacHeaderScheme } from '../../auth/hmac-headers.js'
import type { HttpRequest } from '../../transport/http.js'
import { base64Secret } from '../kit/base64-secret.js'

/**
 * The credentials of a FalconX API key.
 *
 * @example
 * const credentials: FalconxCredentials = { apiKey, secret, passphrase }
 */
export interface FalconxCredentials {
  readonly apiKey: string
  /** Base64, as FalconX issues it; the HMAC key is its decoded bytes. */
  readonly secret: string
  readonly passphrase: string
}

/**
 * The HMAC key of a FalconX secret: its base64-decoded bytes.
 *
 * @throws VenueError `auth` when the secret is not base64 (falconx-go: "Bad Secret Key").
 * @example
 * falconxKey('c2VjcmV0') // the bytes of 'secret'
 */
export function falconxKey(secret: string): Uint8Array {
  return base64Secret('falconx', secret)
}

// `FX-ACCESS-SIGN`, keyed by falconxKey(secret) over the path with its query
export { hmacRequestSignature as falconxSignature } from '../../auth/hmac-headers.js'

/**
 * The timestamp FalconX's own client sends: seconds since the epoch with a fraction
 * (`str(time.time())`), here to the millisecond.
 *
 * @example
 * falconxTimestamp(1561578735123) // '1561578735.123'
 */
export function falconxTimestamp(nowMs: number): string {
  return (nowMs / 1000).toFixed(3)
}

const FALCONX_SCHEME: HmacHeaderScheme = {
  headers: {
    key: 'fx-access-key',
    signature: 'fx-access-sign',
    timestamp: 'fx-access-timestamp',
    passphrase: 'fx-access-passphrase',
  },
  timestamp: falconxTimestamp,
  signsQuery: true,
  // falconx-python sends it on every request, a GET included
  fixed: { 'content-type': 'application/json' },
}

/**
 * Signs requests with the `FX-ACCESS-*` headers.
 *
 * @throws VenueError `auth` when the secret is not base64.
 * @example
 * const sign = falconxSigner({ apiKey, secret, passphrase })
 * const signed = sign(request, Date.now())
 */
export function falconxSigner(
  credentials: FalconxCredentials,
): (request: HttpRequest, now: number) => HttpRequest {
  const hmac = { ...credentials, secret: falconxKey(credentials.secret) }
  return (request, now) => signHmacHeaders(FALCONX_SCHEME, hmac, request, now)
}
