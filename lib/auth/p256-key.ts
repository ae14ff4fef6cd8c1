/**
 * EC P-256 private keys read from PEM, as the ES256 (Coinbase CDP) and ECDSA P-256 (Fordefi) signers
 * take them.
 */
import { createPrivateKey, type KeyObject } from './key-crypto.js'

/**
 * A PEM as it is meant: keys copied through JSON or env files often carry `\n` as two characters.
 *
 * @example
 * unescapePem('-----BEGIN EC PRIVATE KEY-----\\nMHcC…') // '-----BEGIN EC PRIVATE KEY-----\nMHcC…'
 */
export function unescapePem(pem: string): string {
  return pem.replace(/\\n/g, '\n').trim()
}

/**
 * Parses a private key's PEM (SEC1 `EC PRIVATE KEY` or PKCS#8) and checks it is a P-256 key.
 *
 * @throws what `refused(why)` makes when it is not (`why`: "is not a private key in PEM", "is a ed25519
 *   key, not ECDSA P-256"); the parser's own message, which may quote the key, is not passed on.
 * @example
 * const key = p256PrivateKey(pem, (why) => new VenueError({ kind: 'auth', message: `the key ${why}` }))
 */
export function p256PrivateKey(pem: string, refused: (why: string) => Error): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: unescapePem(pem), format: 'pem' })
  } catch {
    throw refused('is not a private key in PEM')
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw refused(`is a ${key.asymmetricKeyType ?? 'unknown'} key, not ECDSA P-256`)
  }
  return key
}
