/**
 * The HMAC header scheme of Coinbase Prime and FalconX: base64 HMAC-SHA256 over `timestamp + METHOD +
 * path + body`, sent beside the key, the passphrase and the timestamp. What differs between venues is
 * data: the HMAC key's bytes, the header names, the timestamp and whether the path carries the query.
 */
import type { HttpRequest } from '../transport/http.js'
import { hmacSha256Base64 } from './hmac.js'

/**
 * A venue's HMAC header scheme, as data.
 *
 * @example
 * const scheme: HmacHeaderScheme = {
 *   headers: { key: 'x-key', passphrase: 'x-passphrase', timestamp: 'x-timestamp', signature: 'x-sign' },
 *   timestamp: (nowMs) => String(Math.floor(nowMs / 1000)),
 *   signsQuery: false,
 * }
 */
export interface HmacHeaderScheme {
  /** The header name of each value (lower case), in the order the headers are sent. */
  readonly headers: Readonly<Record<'key' | 'passphrase' | 'timestamp' | 'signature', string>>
  /** The timestamp sent and signed, from venue time in ms. */
  readonly timestamp: (nowMs: number) => string
  /** Whether the signed path carries the query string as the URL does (`/v1/quotes?a=1`). */
  readonly signsQuery: boolean
  /** Headers set after the scheme's four on every signed request. */
  readonly fixed?: Readonly<Record<string, string>>
}

/**
 * The credentials of one API key under an {@link HmacHeaderScheme}.
 *
 * @example
 * const credentials: HmacHeaderCredentials = { apiKey, secret: Buffer.from(secret, 'base64'), passphrase }
 */
export interface HmacHeaderCredentials {
  readonly apiKey: string
  /** The HMAC key: a string is keyed by its UTF-8 bytes. */
  readonly secret: string | Uint8Array
  readonly passphrase: string
}

/**
 * Base64 HMAC-SHA256 of `timestamp + METHOD + path + body` (the body the exact text sent, `''` when none).
 *
 * @example
 * hmacRequestSignature(secret, '1700000000', 'GET', '/v1/portfolios', '') // base64, 44 characters
 */
export function hmacRequestSignature(
  secret: string | Uint8Array,
  timestamp: string,
  method: string,
  path: string,
  body: string,
): string {
  return hmacSha256Base64(secret, `${timestamp}${method.toUpperCase()}${path}${body}`)
}

/**
 * Signs a request under `scheme` at venue time `now` (ms): its headers, with the scheme's added.
 *
 * @example
 * new RestClient({ baseUrl, sign: (request, now) => signHmacHeaders(scheme, credentials, request, now) })
 */
export function signHmacHeaders(
  scheme: HmacHeaderScheme,
  credentials: HmacHeaderCredentials,
  request: HttpRequest,
  now: number,
): HttpRequest {
  const url = new URL(request.url)
  const timestamp = scheme.timestamp(now)
  const path = scheme.signsQuery ? `${url.pathname}${url.search}` : url.pathname
  const { apiKey: key, passphrase, secret } = credentials
  const signature = hmacRequestSignature(secret, timestamp, request.method, path, request.body ?? '')
  const values = { key, passphrase, timestamp, signature }
  const headers: Record<string, string> = { ...request.headers }
  for (const [role, name] of Object.entries(scheme.headers))
    headers[name] = values[role as keyof typeof values]
  return { ...request, headers: { ...headers, ...scheme.fixed } }
}
