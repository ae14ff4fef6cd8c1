/**
 * The node:crypto functions that sign with private keys (Binance Ed25519, Coinbase ES256/Ed25519), in one
 * place so that browser bundles get `key-crypto.browser.ts` instead (the package's `browser` field):
 * public data and HMAC-signed venues then need no Node built-in.
 */
export { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto'
