/**
 * HMAC signing shared by the venues that sign with a shared secret (Bybit, Binance, Coinbase Prime).
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
