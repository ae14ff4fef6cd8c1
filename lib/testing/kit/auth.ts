/**
 * Protocol-neutral pieces of request authentication: HMAC digests, comparison in constant time,
 * header and key lookup, and timestamp windows. Each venue checks its own scheme with them.
 */
import { createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * HMAC-SHA256 of `text`, hex (Bybit, Binance) or base64 (Coinbase Prime, FalconX). `key` is used as
 * given: a venue whose secret is base64 decodes it first.
 *
 * @example
 * hmac('secret', 'GET/realtime1662350400000', 'hex')
 * hmac(Buffer.from(secret, 'base64'), prehash, 'base64')
 */
export function hmac(key: BinaryLike, text: string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', key).update(text).digest(encoding)
}

/**
 * True when two texts are equal, compared in constant time (a signature check must not tell an
 * attacker how much of a guess was right).
 *
 * @example
 * sameText(given.toLowerCase(), hmac(secret, payload, 'hex'))
 */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * A request header's first value (names are lower case, as node gives them).
 *
 * @example
 * header(req.headers, 'x-bapi-api-key')
 */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/**
 * The account a key names, or `undefined`; keys are compared in constant time.
 *
 * @example
 * const account = findKey([{ apiKey: options.apiKey, secret: options.secret }], given)
 * if (account === undefined) return reject('apiKey')
 */
export function findKey<A extends { readonly apiKey: string }>(
  accounts: readonly A[],
  apiKey: string | undefined,
): A | undefined {
  return apiKey === undefined ? undefined : accounts.find((a) => sameText(a.apiKey, apiKey))
}

/**
 * How far a request's timestamp may be from the server's time: at most `behindMs` older and less
 * than `aheadMs` newer.
 *
 * @example
 * const window: TimeWindow = { behindMs: recvWindow, aheadMs: 1000 } // Bybit, Binance
 * const prime: TimeWindow = { behindMs: 30_000, aheadMs: 30_000 }    // seconds-based venues, in ms
 */
export interface TimeWindow {
  readonly behindMs: number
  readonly aheadMs: number
}

/**
 * Where `timestamp` (ms) falls against the server's time: `ok`, too `old`, or too far `ahead`.
 *
 * @example
 * timestampIn(ts, clock.now(), { behindMs: 5000, aheadMs: 1000 }) // 'ok'
 */
export function timestampIn(
  timestamp: number,
  serverTime: number,
  window: TimeWindow,
): 'ok' | 'old' | 'ahead' {
  if (timestamp >= serverTime + window.aheadMs) return 'ahead'
  return serverTime - timestamp > window.behindMs ? 'old' : 'ok'
}
