/**
 * A secret a venue issues in base64 (FalconX), whose decoded bytes, not its text, key the venue's HMAC.
 */
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'

/** Base64 of the standard alphabet, padded to whole groups of four. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * The bytes of a secret `venue` issues in base64. A secret that is not base64 is refused rather than
 * decoded as far as it goes (a key of the wrong bytes signs every request wrong, and the venue only
 * says the signature is bad).
 *
 * @throws VenueError `auth`, `<venue> secret is not base64`, for an empty secret or one that is not base64.
 * @example
 * base64Secret('falconx', 'c2VjcmV0') // the bytes of 'secret'
 */
export function base64Secret(venue: VenueId, secret: string): Uint8Array {
  if (secret === '' || !BASE64.test(secret)) {
    throw new VenueError({ kind: 'auth', venue, message: `${venue} secret is not base64` })
  }
  return Buffer.from(secret, 'base64')
}
