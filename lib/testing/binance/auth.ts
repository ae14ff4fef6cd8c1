/**
 * Binance's request security, checked the way the venue documents it: the API key in
 * `X-MBX-APIKEY`, `timestamp` within `recvWindow`, and a signature over the exact payload (HMAC-SHA256
 * hex, or base64 Ed25519 for an Ed25519 key).
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security
 */
import type { KeyObject } from 'node:crypto'
import type { VenueError } from '../../core/errors.js'
import { findKey, hmac, sameText, timestampIn } from '../kit/auth.js'
import { verifySignature } from '../kit/signatures.js'
import type { Params } from './params.js'
import { binanceError, missing } from './wire.js'

/**
 * The account's credentials.
 *
 * @example
 * const credentials: BinanceCredentials = { apiKey, secret, ed25519PublicKey: undefined } // an HMAC key
 * verifySigned(key, params, restPayload(query, body), clock.now(), credentials)
 */
export interface BinanceCredentials {
  readonly apiKey: string
  readonly secret: string
  /** Set when the key is an Ed25519 key: signatures are checked against it instead of the secret. */
  readonly ed25519PublicKey: KeyObject | undefined
}

const DEFAULT_RECV_WINDOW = 5000
const MAX_RECV_WINDOW = 60_000

/**
 * The payload a REST signature covers: the query string then the body, exactly as sent, joined with
 * no separator, each without its `signature` parameter.
 *
 * @example
 * restPayload('symbol=LTCBTC&timeInForce=GTC', 'quantity=1&signature=ab') // 'symbol=LTCBTC&timeInForce=GTCquantity=1'
 */
export function restPayload(rawQuery: string, rawBody: string): string {
  const strip = (text: string) =>
    text === ''
      ? ''
      : text
          .split('&')
          .filter((part) => !part.startsWith('signature='))
          .join('&')
  return strip(rawQuery) + strip(rawBody)
}

/**
 * The payload a WebSocket API signature covers: every parameter but `signature`, sorted by name, as
 * `name=value` joined with `&`.
 *
 * @example
 * wsApiPayload({ timestamp: 1, apiKey: 'k', signature: 's' }) // 'apiKey=k&timestamp=1'
 */
export function wsApiPayload(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&')
}

/**
 * Checks a signed request: key, `timestamp` against `recvWindow` (default 5000, at most 60000, ms with
 * up to 3 decimals), then the signature over `payload`. Binance's rule: accepted when
 * `timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow`.
 *
 * @returns `undefined` when the request is authentic, else the rejection (-2014, -2015, -1102, -1131,
 * -1021, -1022).
 * @example
 * verifySigned(key, params, restPayload(query, body), clock.now(), credentials)
 */
export function verifySigned(
  apiKey: string | undefined,
  params: Params,
  payload: string,
  serverTime: number,
  credentials: BinanceCredentials,
): VenueError | undefined {
  if (apiKey === undefined || !/^[A-Za-z0-9]{1,128}$/.test(apiKey)) return binanceError('badApiKeyFormat')
  if (findKey([credentials], apiKey) === undefined) return binanceError('rejectedKey')
  const timestamp = params.get('timestamp')
  const signature = params.get('signature')
  if (timestamp === undefined || timestamp === '') return missing('timestamp')
  if (signature === undefined || signature === '') return missing('signature')
  if (!/^\d{1,16}$/.test(timestamp)) {
    return binanceError(
      'illegalChars',
      "Illegal characters found in parameter 'timestamp'; legal range is '^[0-9]{1,16}$'.",
    )
  }
  const recvText = params.get('recvWindow')
  let recvWindow = DEFAULT_RECV_WINDOW
  if (recvText !== undefined && recvText !== '') {
    if (!/^\d{1,5}(\.\d{1,3})?$/.test(recvText)) {
      return binanceError('illegalChars', "Illegal characters found in parameter 'recvWindow'.")
    }
    recvWindow = Number(recvText)
    if (recvWindow > MAX_RECV_WINDOW) return binanceError('badRecvWindow')
  }
  const when = timestampIn(Number(timestamp), serverTime, { behindMs: recvWindow, aheadMs: 1000 })
  if (when !== 'ok') return binanceError(when === 'ahead' ? 'timestampAhead' : 'timestamp')
  return signatureMatches(signature, payload, credentials) ? undefined : binanceError('badSignature')
}

function signatureMatches(signature: string, payload: string, credentials: BinanceCredentials): boolean {
  const key = credentials.ed25519PublicKey
  if (key !== undefined) return verifySignature(key, payload, signature)
  // Binance reads the hex signature case-insensitively.
  return sameText(signature.toLowerCase(), hmac(credentials.secret, payload, 'hex'))
}
