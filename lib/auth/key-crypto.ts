/// <reference types="node" preserve="true" />
// its declaration names node:crypto: bring the Node types along (`"types": []`)
/**
 * The node:crypto functions that sign with private keys (Binance Ed25519, Coinbase ES256/Ed25519, Fordefi
 * ECDSA P-256) and verify signatures (Fordefi webhooks), in one
 * place so that browser bundles get `key-crypto.browser.ts` instead (the package's `browser` field):
 * public data and HMAC-signed venues then need no Node built-in.
 */
export { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto'
