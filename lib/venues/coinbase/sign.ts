/**
 * Coinbase Advanced Trade authentication with CDP API keys: a fresh ES256 JWT per REST request
 * (`Authorization: Bearer …`) and per WebSocket subscribe message. The one file that touches
 * node:crypto (through lib/auth/key-crypto.ts), so it can move to WebCrypto alone.
 * https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication and
 * https://docs.cdp.coinbase.com/get-started/authentication/jwt-authentication
 */
import { randomBytes, sign, type KeyObject } from '../../auth/key-crypto.js'
import { p256PrivateKey } from '../../auth/p256-key.js'
import { VenueError } from '../../core/errors.js'
import type { HttpRequest } from '../../transport/http.js'

/**
 * How long a JWT is valid, in seconds: Coinbase refuses one older than two minutes.
 *
 * @example
 * const exp = nbf + COINBASE_JWT_LIFETIME_S
 */
export const COINBASE_JWT_LIFETIME_S = 120

/**
 * A CDP API key: its name (`organizations/{org}/apiKeys/{id}`) and its EC private key in PEM, as the
 * key file gives them (`name`, `privateKey`). The kit's credentials carry the PEM as `secret` or
 * `privateKey`.
 *
 * @example
 * const key: CoinbaseCredentials = { apiKey: keyFile.name, secret: keyFile.privateKey }
 */
export interface CoinbaseCredentials {
  readonly apiKey: string
  readonly secret?: string | undefined
  readonly privateKey?: string | undefined
  /**
   * How long after signing a request may still be taken, ms: each JWT expires at the first whole
   * second at least this long after it was signed, and never later than {@link COINBASE_JWT_LIFETIME_S}
   * after its `nbf`. Default: that lifetime. A create whose answer is lost is searched for this long
   * before it is sent again, so no JWT may outlive it.
   */
  readonly recvWindowMs?: number | undefined
}

/**
 * What a signer may be given besides the key, for tests: the nonce of each JWT. Default 16 random
 * bytes, hex.
 *
 * @example
 * const options: CoinbaseSignerOptions = { nonce: () => '00'.repeat(16) }
 */
export interface CoinbaseSignerOptions {
  readonly nonce?: (() => string) | undefined
}

/**
 * Signs Coinbase JWTs with one key, parsed once.
 *
 * @example
 * const signer = createCoinbaseSigner({ apiKey, secret: pem })
 * signer.restJwt('GET', 'https://api.coinbase.com/api/v3/brokerage/accounts?limit=250', Date.now())
 */
export interface CoinbaseSigner {
  /** A JWT for one REST request: its `uri` claim names the method, host and path of `url`. */
  restJwt(method: string, url: string, now: number): string
  /** A JWT for one WebSocket subscribe or unsubscribe message: no `uri` claim. */
  wsJwt(now: number): string
  /** The `sign` hook of a `RestClient`: adds `Authorization: Bearer <jwt>`. */
  signRequest(request: HttpRequest, now: number): HttpRequest
}

/**
 * The `uri` claim of a REST JWT: `METHOD host/path`, without scheme or query string (a query in the
 * claim is refused with 401; https://github.com/sieblyio/coinbase-api/issues/62).
 *
 * @example
 * coinbaseJwtUri('GET', 'https://api.coinbase.com/api/v3/brokerage/accounts?limit=1')
 * // 'GET api.coinbase.com/api/v3/brokerage/accounts'
 */
export function coinbaseJwtUri(method: string, url: string): string {
  const u = new URL(url)
  return `${method.toUpperCase()} ${u.host}${u.pathname}`
}

export { unescapePem } from '../../auth/p256-key.js'

/**
 * Parses the key's PEM (SEC1 `EC PRIVATE KEY` or PKCS#8) and checks it is a P-256 key.
 *
 * @throws VenueError `auth` when it is not; the message never holds the key.
 * @example
 * const key = coinbasePrivateKey(keyFile.privateKey)
 */
export function coinbasePrivateKey(pem: string): KeyObject {
  return p256PrivateKey(
    pem,
    (why) =>
      new VenueError({
        kind: 'auth',
        venue: 'coinbase',
        message: `the coinbase API secret ${why}; give the key file's privateKey (an EC P-256 key in PEM)`,
        secrets: [pem],
      }),
  )
}

/**
 * The claims and header of one Coinbase JWT, before signing.
 *
 * @example
 * const parts: CoinbaseJwtParts = { keyName, nowS: 1700000000, nonce: 'ab12', uri: 'GET api.coinbase.com/api/v3/brokerage/accounts' }
 */
export interface CoinbaseJwtParts {
  readonly keyName: string
  /** Venue time, whole seconds: `nbf`; `exp` is 120 s later unless `expS` is given. */
  readonly nowS: number
  /** `exp`, whole seconds; at most 120 s after `nowS`. Default `nowS + 120`. */
  readonly expS?: number | undefined
  readonly nonce: string
  /** REST only. */
  readonly uri?: string | undefined
}

/**
 * A compact ES256 JWT: header `{alg: ES256, kid, nonce}`, claims `{sub, iss: cdp, nbf, exp,
 * uri?}`, signed with the raw `r || s` signature JWS asks for (RFC 7518 §3.4), base64url.
 *
 * @example
 * coinbaseJwt(key, { keyName, nowS: Math.floor(Date.now() / 1000), nonce: 'ab12' }) // 'eyJ…'
 */
export function coinbaseJwt(key: KeyObject, parts: CoinbaseJwtParts): string {
  const header = { alg: 'ES256', kid: parts.keyName, nonce: parts.nonce }
  const claims = {
    sub: parts.keyName,
    iss: 'cdp',
    nbf: parts.nowS,
    exp: Math.min(parts.expS ?? Infinity, parts.nowS + COINBASE_JWT_LIFETIME_S),
    ...(parts.uri === undefined ? {} : { uri: parts.uri }),
  }
  const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  const signature = sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' })
  return `${signed}.${signature.toString('base64url')}`
}

/**
 * A signer of one CDP key. The key is parsed on first use, so a driver made with a bad key fails on
 * its first signed request, with `auth`.
 *
 * @throws VenueError `auth` (on first use) when the key name or the PEM is missing or not a P-256 key.
 * @example
 * const signer = createCoinbaseSigner({ apiKey: keyFile.name, secret: keyFile.privateKey })
 * new RestClient({ baseUrl, clock, sign: (request, now) => signer.signRequest(request, now) })
 */
export function createCoinbaseSigner(
  credentials: CoinbaseCredentials,
  options: CoinbaseSignerOptions = {},
): CoinbaseSigner {
  const keyName = credentials.apiKey
  const pem = credentials.privateKey || credentials.secret || ''
  const nonce = options.nonce ?? (() => randomBytes(16).toString('hex'))
  const windowMs = credentials.recvWindowMs
  let key: KeyObject | undefined
  const jwt = (now: number, uri?: string): string => {
    if (keyName === '' || pem === '') {
      throw new VenueError({
        kind: 'auth',
        venue: 'coinbase',
        message: 'coinbase needs an API key name and its private key',
      })
    }
    key ??= coinbasePrivateKey(pem)
    const nowS = Math.floor(now / 1000)
    const expS = windowMs === undefined ? undefined : Math.max(nowS + 1, Math.ceil((now + windowMs) / 1000))
    return coinbaseJwt(key, { keyName, nowS, expS, nonce: nonce(), uri })
  }
  return {
    restJwt: (method, url, now) => jwt(now, coinbaseJwtUri(method, url)),
    wsJwt: (now) => jwt(now),
    signRequest: (request, now) => ({
      ...request,
      headers: {
        ...request.headers,
        authorization: `Bearer ${jwt(now, coinbaseJwtUri(request.method, request.url))}`,
      },
    }),
  }
}

/**
 * The `signer` hook of the kit's spec context (`SpecContextHooks.signer`): signs every attempt with
 * the venue time the REST client passes.
 *
 * @example
 * createSpecContext(COINBASE_SPEC, options, { signer: coinbaseSigner, signatureHeader: 'authorization', … })
 */
export function coinbaseSigner(
  credentials: CoinbaseCredentials,
): (request: HttpRequest, now: number) => HttpRequest {
  const signer = createCoinbaseSigner(credentials)
  return (request, now) => signer.signRequest(request, now)
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}
