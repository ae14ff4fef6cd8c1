/**
 * HMAC signing shared by the venues that sign with a shared secret (Bybit, Binance, Coinbase Prime, FalconX).
 */
import { createHmac } from 'node:crypto'

/**
 * Lower-case hex HMAC-SHA256 of `text` (UTF-8) under `secret`.
 *
 * @example
 * hmacSha256Hex(secret, 'symbol=LTCBTC&side=BUY') // 64 hex characters
 */
export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex')
}

/**
 * Base64 HMAC-SHA256 of `text` (UTF-8). A string key is used as its UTF-8 bytes (Coinbase Prime); pass
 * the decoded bytes for a venue whose secret is base64 (FalconX).
 *
 * @example
 * hmacSha256Base64(secret, `${timestamp}GET/v1/portfolios`)                  // Prime: the secret's text
 * hmacSha256Base64(Buffer.from(secret, 'base64'), `${timestamp}GET/v1/pairs`) // FalconX: its decoded bytes
 */
export function hmacSha256Base64(key: string | Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64')
}
