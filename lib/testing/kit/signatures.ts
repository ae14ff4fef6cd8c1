/**
 * Public-key signatures as venues use them to authenticate requests: ECDSA P-256 / SHA-256 (DER,
 * base64) over a canonical string (Fordefi), Ed25519 (Binance's Ed25519 keys), and JWTs signed with
 * ES256 or EdDSA (Coinbase's CDP keys). Each venue builds its own canonical string and checks its own
 * claims; these only say whether a signature is good.
 */
import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  verify,
  type KeyObject,
} from 'node:crypto'
import type { VenueError } from '../../core/errors.js'

/**
 * True when `signature` (base64; DER for ECDSA, as `crypto.sign` writes it) signs `payload` with
 * `key`'s private half. Ed25519 keys sign the payload itself, ECDSA keys its SHA-256.
 *
 * @example
 * verifySignature(fordefiKey, `${path}|${timestamp}|${body}`, header(req.headers, 'x-signature') ?? '')
 */
export function verifySignature(key: KeyObject, payload: string, signature: string): boolean {
  return check(key, Buffer.from(payload), Buffer.from(signature, 'base64'), 'der')
}

/**
 * A JWT whose signature was good: its header and claims, still to be checked by the venue.
 *
 * @example
 * const jwt: VerifiedJwt = result as VerifiedJwt
 * jwt.claims.uri === `GET 127.0.0.1:${port}/api/v3/brokerage/accounts`
 */
export interface VerifiedJwt {
  readonly header: Readonly<Record<string, unknown>>
  readonly claims: Readonly<Record<string, unknown>>
}

/**
 * Why a JWT was refused.
 *
 * @example
 * const why: JwtRefusal = 'expired'
 */
export type JwtRefusal =
  'malformed' | 'unsupported-alg' | 'unknown-key' | 'bad-signature' | 'expired' | 'not-yet-valid'

/**
 * Checks a compact JWT: its `alg` (ES256 or EdDSA) and signature against the key its `kid` names, and
 * `nbf`/`exp` (seconds) against `now` (ms).
 *
 * @example
 * const jwt = verifyJwt(bearer, (kid) => (kid === keyName ? publicKey : undefined), clock.now())
 * if (typeof jwt === 'string') return unauthorized(jwt)
 */
export function verifyJwt(
  token: string,
  keyOf: (kid: string | undefined) => KeyObject | undefined,
  now: number,
): VerifiedJwt | JwtRefusal {
  const [h, c, s, extra] = token.split('.')
  if (h === undefined || c === undefined || s === undefined || extra !== undefined) return 'malformed'
  const header = jsonPart(h)
  const claims = jsonPart(c)
  if (header === undefined || claims === undefined) return 'malformed'
  const alg = header.alg
  if (alg !== 'ES256' && alg !== 'EdDSA') return 'unsupported-alg'
  const key = keyOf(typeof header.kid === 'string' ? header.kid : undefined)
  if (key === undefined) return 'unknown-key'
  const wantType = alg === 'ES256' ? 'ec' : 'ed25519'
  if (key.asymmetricKeyType !== wantType) return 'unknown-key'
  // JWS ES256 signatures are the raw r || s pair, not DER: https://www.rfc-editor.org/rfc/rfc7518#section-3.4
  if (!check(key, Buffer.from(`${h}.${c}`), Buffer.from(s, 'base64url'), 'ieee-p1363')) return 'bad-signature'
  const seconds = now / 1000
  if (typeof claims.exp === 'number' && seconds >= claims.exp) return 'expired'
  if (typeof claims.nbf === 'number' && seconds < claims.nbf) return 'not-yet-valid'
  return { header, claims }
}

function check(key: KeyObject, data: Buffer, signature: Buffer, dsaEncoding: 'der' | 'ieee-p1363'): boolean {
  try {
    if (key.asymmetricKeyType === 'ed25519') return verify(null, data, key, signature)
    return verify('sha256', data, { key, dsaEncoding }, signature)
  } catch {
    return false
  }
}

function jsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * A P-256 private key drawn from `seed` (any text), in PEM (SEC1, as key files give it): the same seed
 * always gives the same key. For simulators' default keys; never a real key, since anyone can derive it.
 *
 * @example
 * const pem = seededP256KeyPem('rxvenue fordefi simulator key 1')
 */
export function seededP256KeyPem(seed: string): string {
  const ecdh = createECDH('prime256v1')
  // a digest at or above the curve order (odds about 2^-32) is drawn again
  for (let round = 0; ; round++) {
    const d = createHash('sha256').update(`${seed} ${round}`).digest()
    try {
      ecdh.setPrivateKey(d)
    } catch {
      continue
    }
    const point = ecdh.getPublicKey()
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      d: d.toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    }
    return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'sec1', format: 'pem' }).toString()
  }
}

/**
 * A public key given as PEM or as a `KeyObject`, checked to be of `type`.
 *
 * @throws VenueError `bad(why)` for a key of another type.
 * @example
 * const key = publicKeyOf(options.ed25519PublicKey, 'ed25519', invalidOption('binance'), 'ed25519PublicKey')
 */
export function publicKeyOf(
  key: string | KeyObject,
  type: 'ed25519' | 'ec',
  bad: (why: string) => VenueError,
  name: string,
): KeyObject {
  const k = typeof key === 'string' ? createPublicKey(key) : key
  if (k.asymmetricKeyType !== type) throw bad(`${name} is not an ${type === 'ec' ? 'EC' : 'Ed25519'} key`)
  return k
}
