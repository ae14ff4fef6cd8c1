/**
 * Bybit's request authentication, checked the way the venue documents it.
 * https://bybit-exchange.github.io/docs/v5/guide#authentication
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { VenueError } from '../../core/errors.js'
import { findKey, header, hmac, sameText, timestampIn } from '../kit/auth.js'
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
  if (findKey([credentials], apiKey) === undefined) return reject('apiKey')
  if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp)) {
    return reject('params', 'X-BAPI-TIMESTAMP must be a timestamp in ms')
  }
  if (recvWindowText !== undefined && !/^\d{1,9}$/.test(recvWindowText)) {
    return reject('params', 'X-BAPI-RECV-WINDOW must be a whole number of ms')
  }
  const recvWindow = recvWindowText === undefined ? DEFAULT_RECV_WINDOW : Number(recvWindowText)
  const ts = Number(timestamp)
  if (timestampIn(ts, serverTime, { behindMs: recvWindow, aheadMs: 1000 }) !== 'ok') {
    return reject(
      'recvWindow',
      `req_timestamp[${ts}],server_timestamp[${serverTime}],recv_window[${recvWindow}]`,
    )
  }
  if (sign === undefined) return reject('sign')
  const expected = hmac(credentials.secret, `${timestamp}${apiKey}${recvWindowText ?? ''}${payload}`, 'hex')
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
 * verifySocketAuth([key, expires, hmac(secret, `GET/realtime${expires}`, 'hex')], now, credentials) // undefined
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
  if (findKey([credentials], apiKey) === undefined) return 'Invalid apikey'
  if (Number(expiresText) <= serverTime) return 'Request expired'
  const expected = hmac(credentials.secret, `GET/realtime${expiresText}`, 'hex')
  return sameText(signature, expected) ? undefined : 'Signature verification failed'
}
