/**
 * HMAC signing shared by the venues that sign with a shared secret (Bybit, Binance, Coinbase Prime, FalconX).
 * Pure JavaScript (@noble/hashes) rather than node:crypto: it runs unchanged in browsers and stays
 * synchronous there, where WebCrypto's HMAC is only asynchronous.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * Lower-case hex HMAC-SHA256 of `text` (UTF-8) under `secret`.
 *
 * @example
 * hmacSha256Hex(secret, 'symbol=LTCBTC&side=BUY') // 64 hex characters
 */
export function hmacSha256Hex(secret: string, text: string): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(text)))
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
  const mac = hmac(sha256, typeof key === 'string' ? utf8ToBytes(key) : key, utf8ToBytes(text))
  return btoa(String.fromCharCode(...mac))
}
