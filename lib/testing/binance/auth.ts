/**
 * Binance's request security: the API key in `X-MBX-APIKEY`, `timestamp` within `recvWindow`, and a
 * signature over the exact payload (HMAC-SHA256 hex, or base64 Ed25519 for an Ed25519 key).
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security
 */
import type { VenueError } from '../../core/errors.js'
import { findKey, hmac, sameText, timestampIn } from '../kit/auth.js'
import { sortedParams, withoutParam } from '../kit/params.js'
import { verifySignature } from '../kit/signatures.js'
import type { ResolvedBinanceOptions } from './options.js'
import { binanceError, missing, type Params } from './wire.js'

type Credentials = Pick<ResolvedBinanceOptions, 'apiKey' | 'secret' | 'ed25519PublicKey'>

/** A REST signature covers the query string then the body, exactly as sent, each without `signature`. */
export const restPayload = (rawQuery: string, rawBody: string): string =>
  withoutParam(rawQuery, 'signature') + withoutParam(rawBody, 'signature')

/** A WebSocket API signature covers every parameter but `signature`, sorted by name, as `a=1&b=2`. */
export const wsApiPayload = (params: Readonly<Record<string, unknown>>): string =>
  sortedParams(params, 'signature')

/**
 * Checks key, `timestamp` against `recvWindow` (default 5000, at most 60000, ms with up to 3
 * decimals: accepted when `timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow`),
 * then the signature over `payload`. Returns the rejection, or `undefined` when authentic.
 */
export function verifySigned(
  apiKey: string | undefined,
  params: Params,
  payload: string,
  serverTime: number,
  credentials: Credentials,
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
  let recvWindow = 5000
  if (recvText !== undefined && recvText !== '') {
    if (!/^\d{1,5}(\.\d{1,3})?$/.test(recvText)) {
      return binanceError('illegalChars', "Illegal characters found in parameter 'recvWindow'.")
    }
    recvWindow = Number(recvText)
    if (recvWindow > 60_000) return binanceError('badRecvWindow')
  }
  const when = timestampIn(Number(timestamp), serverTime, { behindMs: recvWindow, aheadMs: 1000 })
  if (when !== 'ok') return binanceError(when === 'ahead' ? 'timestampAhead' : 'timestamp')
  const key = credentials.ed25519PublicKey
  const valid =
    key !== undefined
      ? verifySignature(key, payload, signature)
      : // Binance reads the hex signature case-insensitively.
        sameText(signature.toLowerCase(), hmac(credentials.secret, payload, 'hex'))
  return valid ? undefined : binanceError('badSignature')
}
