/**
 * Bybit v5 request signing (HMAC-SHA256 keys): REST headers and the private WebSocket `auth` message.
 * https://bybit-exchange.github.io/docs/v5/guide#create-a-request and
 * https://bybit-exchange.github.io/docs/v5/ws/connect#authentication
 */
import { hmacSha256Hex } from '../../auth/hmac.js'
import type { HttpRequest } from '../../transport/http.js'
import { signedPayload } from '../kit/signed-payload.js'
import { BYBIT_SPEC } from './spec.js'

/** An API key pair and the receive window requests are signed with. */
export interface BybitCredentials {
  readonly apiKey: string
  readonly secret: string
  /** How long after its timestamp the venue still accepts a request, in ms. Default 5 000. */
  readonly recvWindowMs?: number | undefined
}

/**
 * The string Bybit signs for a REST request: `timestamp + apiKey + recvWindow + payload`, where the
 * payload is the query string of a GET or the raw body of a POST, byte for byte as sent.
 */
export function bybitPreHash(
  timestamp: number,
  apiKey: string,
  recvWindowMs: number,
  payload: string,
): string {
  return `${timestamp}${apiKey}${recvWindowMs}${payload}`
}

/**
 * Adds the `X-BAPI-*` key, timestamp, receive window and signature headers. `now` is venue time: the
 * venue refuses timestamps outside `[serverTime − recvWindow, serverTime + 1000)` with retCode 10002.
 */
export function signBybitRequest(
  request: HttpRequest,
  credentials: BybitCredentials,
  now: number,
): HttpRequest {
  const recvWindowMs = credentials.recvWindowMs ?? BYBIT_SPEC.defaults.recvWindowMs
  const timestamp = Math.floor(now)
  const sign = hmacSha256Hex(
    credentials.secret,
    bybitPreHash(timestamp, credentials.apiKey, recvWindowMs, signedPayload(request)),
  )
  return {
    ...request,
    headers: {
      ...request.headers,
      'x-bapi-api-key': credentials.apiKey,
      'x-bapi-timestamp': String(timestamp),
      'x-bapi-recv-window': String(recvWindowMs),
      'x-bapi-sign': sign,
    },
  }
}

/** The private WebSocket signature: hex HMAC-SHA256 of `"GET/realtime" + expires`. */
export function bybitWsSignature(secret: string, expires: number): string {
  return hmacSha256Hex(secret, `GET/realtime${expires}`)
}

/** The private WebSocket's `auth` message; `expires` is a venue time (ms) shortly in the future. */
export function bybitWsAuthMessage(
  credentials: Pick<BybitCredentials, 'apiKey' | 'secret'>,
  expires: number,
  reqId = 'auth',
) {
  const at = Math.floor(expires)
  return {
    req_id: reqId,
    op: 'auth' as const,
    args: [credentials.apiKey, at, bybitWsSignature(credentials.secret, at)] as const,
  }
}
