/** Bybit's request authentication. https://bybit-exchange.github.io/docs/v5/guide#authentication */
import type { IncomingHttpHeaders } from 'node:http'
import type { VenueError } from '../../core/errors.js'
import { findKey, header, hmac, sameText, timestampIn } from '../kit/auth.js'
import { reject } from './wire.js'

interface Credentials {
  readonly apiKey: string
  readonly secret: string
}

const DEFAULT_RECV_WINDOW = 5000

/**
 * The refusal of a private REST request, `undefined` when authentic: `X-BAPI-SIGN` = hex HMAC-SHA256 of
 * `timestamp + apiKey + recvWindow + payload` (the raw query of a GET, the raw body of a POST), and
 * `serverTime - recvWindow <= timestamp < serverTime + 1000` (`X-BAPI-RECV-WINDOW` default 5000).
 */
export function verifyRequest(
  headers: IncomingHttpHeaders,
  payload: string,
  serverTime: number,
  credentials: Credentials,
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

/** Why a WebSocket `auth` failed, as Bybit words it. */
type WsAuthFailure = 'Params Error' | 'Request expired' | 'Invalid apikey' | 'Signature verification failed'

/**
 * Checks the args of a private WebSocket `auth`: `[apiKey, expires, signature]` with
 * `signature = hex(HMAC_SHA256(secret, 'GET/realtime' + expires))` and `expires` still in the future.
 */
export function verifySocketAuth(
  args: unknown,
  serverTime: number,
  credentials: Credentials,
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
