/**
 * The kind of a subscription refusal, read from the venue's words: one of the credentials (a key,
 * signature, passphrase or service account the venue does not take) is `auth`, which subscribing again
 * does not cure; any other is `invalid-request`.
 */
import type { ErrorKind } from '../../core/errors.js'

const CREDENTIALS =
  /auth|signature|api[_ ]?key|passphrase|service account|unauthori[sz]ed|forbidden|permission/i

/**
 * `auth` for a refusal of the credentials, else `invalid-request`.
 *
 * @example
 * refusalKind('authentication failure') // 'auth' (Coinbase's user channel)
 * refusalKind('unknown api_key_id')     // 'auth' (Prime)
 * refusalKind('unknown product BTC-XYZ') // 'invalid-request'
 */
export function refusalKind(reason: string): ErrorKind {
  return CREDENTIALS.test(reason) ? 'auth' : 'invalid-request'
}
