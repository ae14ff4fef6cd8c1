/**
 * Binance request signing: REST `SIGNED` endpoints (HMAC-SHA256 hex, or Ed25519 base64) and WebSocket
 * API requests. https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security and
 * https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/request-security
 */
import { createPrivateKey, sign as cryptoSign, type KeyObject } from '../../auth/key-crypto.js'
import { hmacSha256Hex } from '../../auth/hmac.js'
import type { HttpRequest } from '../../transport/http.js'
import { BINANCE_SPEC } from './spec.js'

/** An API key and what signs for it: an HMAC `secret`, or an Ed25519 `privateKey` (PEM, PKCS#8). */
export interface BinanceCredentials {
  readonly apiKey: string
  readonly secret?: string | undefined
  readonly privateKey?: string | KeyObject | undefined
  /** How long after its timestamp the venue still accepts a request, in ms. Default 5 000, at most 60 000. */
  readonly recvWindowMs?: number | undefined
}

/** A parameter value as Binance takes it. */
export type BinanceParamValue = string | number | boolean

/** Percent-encodes (UTF-8) every non-ASCII character: Binance signs the payload as sent, encoded. */
export function encodeNonAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]+/g, (run) => encodeURIComponent(run))
}

/** A query string from parameters in the order given, encoded as the REST client encodes them. */
export function binanceQueryString(
  params: Iterable<readonly [string, BinanceParamValue]> | Readonly<Record<string, BinanceParamValue>>,
): string {
  const entries = Symbol.iterator in params ? [...params] : Object.entries(params)
  return entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')
}

/** What a REST signature covers: the query string, then the body, with no separator. */
export function binanceSignaturePayload(queryString: string, body = ''): string {
  return encodeNonAscii(queryString) + encodeNonAscii(body)
}

/**
 * Lower-case hex HMAC-SHA256 under the secret, or base64 Ed25519 under the private key (which wins).
 *
 * @throws RangeError when the credentials hold neither.
 */
export function binanceSignature(credentials: BinanceCredentials, payload: string): string {
  const key = credentials.privateKey
  if (key !== undefined) {
    const keyObject = typeof key === 'string' ? createPrivateKey(key) : key
    return cryptoSign(null, Buffer.from(payload, 'ascii'), keyObject).toString('base64')
  }
  if (credentials.secret === undefined || credentials.secret === '') {
    throw new RangeError('binance signing needs a secret or an Ed25519 private key')
  }
  return hmacSha256Hex(credentials.secret, payload)
}

/**
 * Signs a REST request: appends `recvWindow` and `timestamp` to its query string, signs query + body,
 * appends `signature` (percent-encoded: an Ed25519 signature holds `+ / =`) and adds `X-MBX-APIKEY`.
 * `now` is venue time (a synced clock): the venue refuses a timestamp outside
 * `[serverTime − recvWindow, serverTime + 1000)` with -1021.
 */
export function signBinanceRequest(
  request: HttpRequest,
  credentials: BinanceCredentials,
  now: number,
): HttpRequest {
  const recvWindowMs = credentials.recvWindowMs ?? BINANCE_SPEC.defaults.recvWindowMs
  const hash = request.url.indexOf('#')
  const bare = hash < 0 ? request.url : request.url.slice(0, hash)
  const q = bare.indexOf('?')
  const base = q < 0 ? bare : bare.slice(0, q)
  const query = encodeNonAscii(q < 0 ? '' : bare.slice(q + 1))
  const stamped = `${query}${query ? '&' : ''}recvWindow=${recvWindowMs}&timestamp=${Math.floor(now)}`
  const body = request.body === undefined ? undefined : encodeNonAscii(request.body)
  const signature = binanceSignature(credentials, binanceSignaturePayload(stamped, body))
  return {
    ...request,
    url: `${base}?${stamped}&signature=${encodeURIComponent(signature)}`,
    body,
    headers: { ...request.headers, 'x-mbx-apikey': credentials.apiKey },
  }
}

/** What a WebSocket API signature covers: every parameter but `signature`, sorted by name. */
export function binanceWsApiPayload(params: Readonly<Record<string, BinanceParamValue>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&')
}

/** `params` plus `apiKey`, `timestamp` (venue time), `recvWindow` when set, and `signature`. */
export function binanceWsApiSigned(
  params: Readonly<Record<string, BinanceParamValue>>,
  credentials: BinanceCredentials,
  now: number,
): Readonly<Record<string, BinanceParamValue>> {
  const unsigned: Record<string, BinanceParamValue> = {
    ...params,
    apiKey: credentials.apiKey,
    ...(credentials.recvWindowMs === undefined ? {} : { recvWindow: credentials.recvWindowMs }),
    timestamp: Math.floor(now),
  }
  return { ...unsigned, signature: binanceSignature(credentials, binanceWsApiPayload(unsigned)) }
}
