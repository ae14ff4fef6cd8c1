/**
 * Prime's signature checks: the four `X-CB-ACCESS-*` headers of a REST request and the fields of a
 * WebSocket subscription, each a base64 HMAC-SHA256 keyed by the secret's text (a key made from its
 * base64-decoded bytes fails, as Prime fails), over the path without its query, with a timestamp in
 * seconds within 30 s. https://docs.cdp.coinbase.com/prime/rest-api/authentication
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { VenueError } from '../../core/errors.js'
import { header, hmac, sameText, timestampIn } from '../kit/auth.js'
import { primeError } from './wire.js'

/**
 * The key the simulator accepts.
 *
 * @example
 * const key: PrimeSimKey = { apiKey, secret, passphrase, serviceAccountId }
 */
export interface PrimeSimKey {
  readonly apiKey: string
  readonly secret: string
  readonly passphrase: string
  readonly serviceAccountId: string
}

const WINDOW = { behindMs: 30_000, aheadMs: 30_000 }

/** A timestamp in whole seconds, within 30 s of `now`; else why not. */
function timestampError(text: string | undefined, now: number): VenueError | undefined {
  if (text === undefined || !/^\d+$/.test(text))
    return primeError('auth', 'timestamp must be integer seconds')
  return timestampIn(Number(text) * 1000, now, WINDOW) === 'ok'
    ? undefined
    : primeError('auth', 'timestamp is outside the 30 s window')
}

/**
 * Checks a REST request's headers; `undefined` when it is signed right.
 *
 * @example
 * verifyPrimeRequest(req.headers, 'GET', '/v1/portfolios', '', clock.now(), key) // undefined
 */
export function verifyPrimeRequest(
  headers: IncomingHttpHeaders,
  method: string,
  path: string,
  body: string,
  now: number,
  key: PrimeSimKey,
): VenueError | undefined {
  const given = (name: string) => header(headers, name)
  if (given('x-cb-access-key') !== key.apiKey) return primeError('auth', 'unknown access key')
  if (given('x-cb-access-passphrase') !== key.passphrase) return primeError('auth', 'wrong passphrase')
  const timestamp = given('x-cb-access-timestamp')
  const late = timestampError(timestamp, now)
  if (late !== undefined) return late
  const want = hmac(key.secret, `${timestamp}${method}${path}${body}`, 'base64')
  return sameText(given('x-cb-access-signature') ?? '', want)
    ? undefined
    : primeError('auth', 'invalid signature')
}

/**
 * Checks a subscription's signature: `channel + access_key + api_key_id + timestamp + portfolio_id +
 * product_ids`; `undefined` when right, else the reason.
 *
 * @example
 * verifyPrimeSubscription(message, clock.now(), key) // undefined
 */
export function verifyPrimeSubscription(
  m: Readonly<Record<string, unknown>>,
  now: number,
  key: PrimeSimKey,
): string | undefined {
  const text = (name: string) => (typeof m[name] === 'string' ? (m[name] as string) : '')
  if (text('access_key') !== key.apiKey || text('passphrase') !== key.passphrase)
    return 'authentication failed'
  if (text('api_key_id') !== key.serviceAccountId) return 'unknown api_key_id'
  const late = timestampError(text('timestamp'), now)
  if (late !== undefined) return late.message
  const ids = Array.isArray(m['product_ids']) ? (m['product_ids'] as unknown[]).map(String).join('') : ''
  const signed = `${text('channel')}${key.apiKey}${key.serviceAccountId}${text('timestamp')}${text('portfolio_id')}${ids}`
  return sameText(text('signature'), hmac(key.secret, signed, 'base64')) ? undefined : 'invalid signature'
}
