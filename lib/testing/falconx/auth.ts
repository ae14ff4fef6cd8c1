/**
 * The FalconX signature check (https://github.com/falconxio/falconx-python `FXRfqAuth`): the
 * `FX-ACCESS-*` headers, and base64 HMAC-SHA256 keyed by the base64-decoded secret over
 * `timestamp + METHOD + path with query + body`.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { VenueError } from '../../core/errors.js'
import { header, hmac, sameText, timestampIn } from '../kit/auth.js'
import { falconxError } from './wire.js'

/**
 * The account's key as the simulator checks it.
 *
 * @example
 * const key: FalconxSimKey = { apiKey, secret, passphrase }
 */
export interface FalconxSimKey {
  readonly apiKey: string
  /** Base64; the HMAC key is its decoded bytes. */
  readonly secret: string
  readonly passphrase: string
}

/** How far a request's timestamp may be from the simulator's clock (FalconX documents none). */
const WINDOW = { behindMs: 30_000, aheadMs: 30_000 }

/**
 * `undefined` when the request carries the key's valid signature, else the `auth` refusal.
 *
 * @example
 * verifyFalconxRequest(req.headers, 'GET', '/v1/quotes', 't_start=a&t_end=b', '', sim.now(), key)
 */
export function verifyFalconxRequest(
  headers: IncomingHttpHeaders,
  method: string,
  path: string,
  rawQuery: string,
  body: string,
  now: number,
  key: FalconxSimKey,
): VenueError | undefined {
  const apiKey = header(headers, 'fx-access-key')
  const sign = header(headers, 'fx-access-sign')
  const timestamp = header(headers, 'fx-access-timestamp')
  const passphrase = header(headers, 'fx-access-passphrase')
  if (apiKey === undefined || sign === undefined || timestamp === undefined || passphrase === undefined) {
    return falconxError('auth', 'missing FX-ACCESS headers')
  }
  if (!sameText(apiKey, key.apiKey)) return falconxError('auth', 'invalid api key')
  if (!sameText(passphrase, key.passphrase)) return falconxError('auth', 'invalid passphrase')
  const seconds = /^\d+(\.\d+)?$/.test(timestamp) ? Number(timestamp) : NaN
  if (!Number.isFinite(seconds) || timestampIn(seconds * 1000, now, WINDOW) !== 'ok') {
    return falconxError('auth', 'request timestamp outside the allowed window')
  }
  const target = rawQuery === '' ? path : `${path}?${rawQuery}`
  const expected = hmac(Buffer.from(key.secret, 'base64'), `${timestamp}${method}${target}${body}`, 'base64')
  return sameText(sign, expected) ? undefined : falconxError('auth', 'invalid signature')
}
