/**
 * Browser stand-ins for `key-crypto.ts`: private-key signing (Binance Ed25519, Coinbase CDP keys) needs
 * Node.js. Failing when a key is used, not on import, keeps public streams and HMAC venues working.
 */
import type * as nodeCrypto from 'node:crypto'
import { VenueError } from '../core/errors.js'

export type { KeyObject } from 'node:crypto'

const unavailable = (): never => {
  throw new VenueError({
    kind: 'auth',
    message:
      'signing with a private key (Ed25519, ES256) needs Node.js; in a browser use public data or HMAC keys',
  })
}

/** Throws: private keys are not read in browsers. */
export const createPrivateKey = unavailable as unknown as typeof nodeCrypto.createPrivateKey
/** Throws: only key signing uses it. */
export const randomBytes = unavailable as unknown as typeof nodeCrypto.randomBytes
/** Throws: private keys are not read in browsers. */
export const sign = unavailable as unknown as typeof nodeCrypto.sign
/** Throws: keys are not read in browsers. */
export const createPublicKey = unavailable as unknown as typeof nodeCrypto.createPublicKey
/** Throws: signatures are checked in Node.js (a webhook receiver is a server). */
export const verify = unavailable as unknown as typeof nodeCrypto.verify
