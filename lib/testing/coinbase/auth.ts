/**
 * Coinbase's CDP JWT authentication, checked the way the venue documents it: an ES256 JWT signed by
 * the key its `kid` names, `sub` the same key, `iss` `cdp`, valid now (`nbf` ≤ now < `exp`, at most
 * two minutes long) and, for REST, a `uri` claim naming the request's method, host and path.
 * https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { VenueError } from '../../core/errors.js'
import { header } from '../kit/auth.js'
import { seededP256KeyPem, verifyJwt, type JwtRefusal } from '../kit/signatures.js'

/**
 * The account's CDP key as the simulator knows it: its name and public key.
 *
 * @example
 * const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
 * const key: CoinbaseSimKey = { name: 'organizations/sim/apiKeys/key-1', publicKey }
 */
export interface CoinbaseSimKey {
  readonly name: string
  readonly publicKey: KeyObject
}

/**
 * Why a JWT was refused: the kit's reasons, or a claim that is not Coinbase's.
 *
 * @example
 * const why: CoinbaseAuthFailure = 'wrong-uri'
 */
export type CoinbaseAuthFailure =
  JwtRefusal | 'missing' | 'wrong-kid' | 'wrong-sub' | 'wrong-iss' | 'wrong-uri' | 'too-long-lived'

/**
 * A CDP key of the simulator, the same for the same `tag`: a P-256 private key drawn from it, in PEM
 * (SEC1, as a CDP key file gives it). Never a real key: anyone can derive it from the tag.
 *
 * @example
 * const pem = simulatorKeyPem('16') // the default key of seed 42 ('16' in base 36)
 */
export function simulatorKeyPem(tag: string): string {
  return seededP256KeyPem(`rxvenue coinbase simulator key ${tag}`)
}

/**
 * The simulator's view of a CDP key given as the client holds it: its name, and the public key of its
 * private key (PEM; `\n` written as two characters is read as a line break).
 *
 * @throws Error when `pem` is not a P-256 private key.
 * @example
 * const key = simulatorKey(options.apiKey, options.secret)
 */
export function simulatorKey(name: string, pem: string): CoinbaseSimKey {
  const privateKey = createPrivateKey({ key: pem.replace(/\\n/g, '\n').trim(), format: 'pem' })
  if (privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error('the coinbase simulator needs a P-256 key')
  return { name, publicKey: createPublicKey(privateKey) }
}

/**
 * How far ahead of the venue's clock a JWT's `nbf` may be: Coinbase takes JWTs signed with a client's
 * own clock (https://github.com/coinbase/coinbase-advanced-py, `jwt_generator.py`), so it must allow
 * some; the docs name no figure.
 */
const NBF_LEEWAY_MS = 1000

/** Coinbase's longest JWT: two minutes. */
const MAX_LIFETIME_S = 120

/**
 * Checks a JWT: signature (ES256 only: the key is a P-256 key), `kid` and `sub` naming the key, `iss`
 * `cdp`, `nbf` at most a second after `now` (ms), `exp` after it, a lifetime of at most two minutes; and, when `uri` is given,
 * a `uri` claim equal to it.
 *
 * @returns `undefined` when the JWT is good, else why not.
 * @example
 * checkCoinbaseJwt(jwt, key, clock.now(), 'GET 127.0.0.1:4000/api/v3/brokerage/accounts') // undefined
 */
export function checkCoinbaseJwt(
  token: string | undefined,
  key: CoinbaseSimKey,
  now: number,
  uri?: string,
): CoinbaseAuthFailure | undefined {
  if (token === undefined || token === '') return 'missing'
  const keyOf = (kid: string | undefined) => (kid === key.name ? key.publicKey : undefined)
  let jwt = verifyJwt(token, keyOf, now)
  // a clock a little ahead of the venue's is allowed: the official SDK signs `nbf` with the local clock
  if (jwt === 'not-yet-valid') jwt = verifyJwt(token, keyOf, now + NBF_LEEWAY_MS)
  if (typeof jwt === 'string') {
    if (jwt !== 'unknown-key') return jwt
    // the key named but of another type (an EdDSA JWT): the algorithm, not the name, is wrong
    return headerOf(token)?.kid === key.name ? 'unsupported-alg' : 'wrong-kid'
  }
  if (jwt.header.alg !== 'ES256') return 'unsupported-alg'
  const { sub, iss, nbf, exp } = jwt.claims
  if (sub !== key.name) return 'wrong-sub'
  if (iss !== 'cdp') return 'wrong-iss'
  if (typeof nbf !== 'number' || typeof exp !== 'number') return 'malformed'
  if (exp - nbf > MAX_LIFETIME_S) return 'too-long-lived'
  if (uri !== undefined && jwt.claims.uri !== uri) return 'wrong-uri'
  return undefined
}

/**
 * Checks a REST request's `Authorization: Bearer <jwt>`; the `uri` claim must be
 * `METHOD host/path` with the host the request was sent to (`Host`) and no query string.
 *
 * @returns `undefined` when the request is authentic, else the refusal to answer (see
 * {@link coinbaseUnauthorized}).
 * @example
 * verifyCoinbaseRequest(req.headers, 'GET', '/api/v3/brokerage/accounts', clock.now(), key) // undefined
 */
export function verifyCoinbaseRequest(
  headers: IncomingHttpHeaders,
  method: string,
  path: string,
  now: number,
  key: CoinbaseSimKey,
): VenueError | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '')?.[1]
  const host = header(headers, 'host') ?? ''
  const why = checkCoinbaseJwt(bearer, key, now, `${method} ${host}${path}`)
  return why === undefined ? undefined : coinbaseUnauthorized(why)
}

/**
 * The refusal of a request that is not authentic: HTTP 401, answered with the text `Unauthorized` as
 * Coinbase does (no JSON body). `why` is kept as the error's code, for the simulator's events.
 *
 * @example
 * coinbaseUnauthorized('expired').status // 401
 */
export function coinbaseUnauthorized(why: CoinbaseAuthFailure): VenueError {
  return new VenueError({ kind: 'auth', venue: 'coinbase', status: 401, code: why, message: 'Unauthorized' })
}

function headerOf(token: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
