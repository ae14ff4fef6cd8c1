/**
 * FalconX request signing (https://github.com/falconxio/falconx-python `FXRfqAuth`; falconx-go
 * `clients/signature.go`): base64 HMAC-SHA256, keyed by the base64-decoded secret, over
 * `timestamp + METHOD + path with query + body`.
 */
import { hmacSha256Base64 } from '../../auth/hmac.js'
import { VenueError } from '../../core/errors.js'
import type { HttpRequest } from '../../transport/http.js'

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

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * The HMAC key of a FalconX secret: its base64-decoded bytes.
 *
 * @throws VenueError `auth` when the secret is not base64 (falconx-go: "Bad Secret Key").
 * @example
 * falconxKey('c2VjcmV0') // the bytes of 'secret'
 */
export function falconxKey(secret: string): Uint8Array {
  if (secret === '' || !BASE64.test(secret)) {
    throw new VenueError({ kind: 'auth', venue: 'falconx', message: 'falconx secret is not base64' })
  }
  return Buffer.from(secret, 'base64')
}

/**
 * `FX-ACCESS-SIGN` of a request: base64 of HMAC-SHA256(key, timestamp + METHOD + path + body), where
 * `path` includes the query string and `body` is the exact text sent (`''` when none).
 *
 * @example
 * falconxSignature(falconxKey(secret), '1561578735.123', 'GET', '/v1/quotes?t_start=a&t_end=b', '')
 */
export function falconxSignature(
  key: Uint8Array,
  timestamp: string,
  method: string,
  pathWithQuery: string,
  body: string,
): string {
  return hmacSha256Base64(key, `${timestamp}${method.toUpperCase()}${pathWithQuery}${body}`)
}

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
  const key = falconxKey(credentials.secret)
  return (request, now) => {
    const url = new URL(request.url)
    const timestamp = falconxTimestamp(now)
    return {
      ...request,
      headers: {
        ...request.headers,
        'fx-access-key': credentials.apiKey,
        'fx-access-sign': falconxSignature(
          key,
          timestamp,
          request.method,
          `${url.pathname}${url.search}`,
          request.body ?? '',
        ),
        'fx-access-timestamp': timestamp,
        'fx-access-passphrase': credentials.passphrase,
        'content-type': 'application/json',
      },
    }
  }
}
