/**
 * Bybit's request authentication, checked the way the venue documents it.
 * https://bybit-exchange.github.io/docs/v5/guide#authentication
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { VenueError } from '../../core/errors.js'
import { reject } from './wire.js'

/**
 * The account's credentials.
 *
 * @example
 * const credentials: BybitCredentials = { apiKey: ctx.options.apiKey, secret: ctx.options.secret }
 * verifyRequest(req.headers, rawQuery, clock.now(), credentials)
 */
export interface BybitCredentials {
  readonly apiKey: string
  readonly secret: string
}

const DEFAULT_RECV_WINDOW = 5000

/**
 * Hex HMAC-SHA256, the signature Bybit's HMAC keys use.
 *
 * @example
 * hmacHex('secret', 'GET/realtime1662350400000')
 */
export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex')
}

/**
 * Checks a private REST request: `X-BAPI-API-KEY`, `X-BAPI-TIMESTAMP`, `X-BAPI-RECV-WINDOW` (default
 * 5000) and `X-BAPI-SIGN` = hex HMAC-SHA256 of `timestamp + apiKey + recvWindow + payload`, where the
 * payload is the raw query string of a GET or the raw body of a POST. The time must satisfy
 * `serverTime - recvWindow <= timestamp < serverTime + 1000`.
 *
 * @returns `undefined` when the request is authentic, else the rejection to answer with.
 * @example
 * verifyRequest(req.headers, 'category=spot', clock.now(), credentials) // undefined or a 10002/10003/10004 error
 */
export function verifyRequest(
  headers: IncomingHttpHeaders,
  payload: string,
  serverTime: number,
  credentials: BybitCredentials,
): VenueError | undefined {
  const apiKey = header(headers, 'x-bapi-api-key')
  const timestamp = header(headers, 'x-bapi-timestamp')
  const sign = header(headers, 'x-bapi-sign')
  const recvWindowText = header(headers, 'x-bapi-recv-window')
  if (apiKey === undefined || apiKey !== credentials.apiKey) return reject('apiKey')
  if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp)) {
    return reject('params', 'X-BAPI-TIMESTAMP must be a timestamp in ms')
  }
  if (recvWindowText !== undefined && !/^\d{1,9}$/.test(recvWindowText)) {
    return reject('params', 'X-BAPI-RECV-WINDOW must be a whole number of ms')
  }
  const recvWindow = recvWindowText === undefined ? DEFAULT_RECV_WINDOW : Number(recvWindowText)
  const ts = Number(timestamp)
  if (!(serverTime - recvWindow <= ts && ts < serverTime + 1000)) {
    return reject(
      'recvWindow',
      `req_timestamp[${ts}],server_timestamp[${serverTime}],recv_window[${recvWindow}]`,
    )
  }
  if (sign === undefined) return reject('sign')
  const expected = hmacHex(credentials.secret, `${timestamp}${apiKey}${recvWindowText ?? ''}${payload}`)
  return sameText(sign, expected) ? undefined : reject('sign')
}

/**
 * Why a WebSocket `auth` failed, as Bybit words it; `undefined` when it succeeded.
 *
 * @example
 * const why: WsAuthFailure | undefined = verifySocketAuth(args, now, credentials)
 * send({ op: 'auth', success: why === undefined, ret_msg: why ?? '' })
 */
export type WsAuthFailure =
  'Params Error' | 'Request expired' | 'Invalid apikey' | 'Signature verification failed'

/**
 * Checks the args of a private WebSocket `auth`: `[apiKey, expires, signature]` with
 * `signature = hex(HMAC_SHA256(secret, 'GET/realtime' + expires))` and `expires` still in the future.
 *
 * @example
 * verifySocketAuth([key, expires, hmacHex(secret, `GET/realtime${expires}`)], now, credentials) // undefined
 */
export function verifySocketAuth(
  args: unknown,
  serverTime: number,
  credentials: BybitCredentials,
): WsAuthFailure | undefined {
  if (!Array.isArray(args) || args.length !== 3) return 'Params Error'
  const [apiKey, expires, signature] = args as unknown[]
  const expiresText = typeof expires === 'number' ? String(expires) : expires
  if (typeof apiKey !== 'string' || typeof signature !== 'string') return 'Params Error'
  if (typeof expiresText !== 'string' || !/^\d{1,16}$/.test(expiresText)) return 'Params Error'
  if (apiKey !== credentials.apiKey) return 'Invalid apikey'
  if (Number(expiresText) <= serverTime) return 'Request expired'
  const expected = hmacHex(credentials.secret, `GET/realtime${expiresText}`)
  return sameText(signature, expected) ? undefined : 'Signature verification failed'
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
