/**
 * Fordefi's authentication: the API user's access token as `Authorization: Bearer …` on every request,
 * and on a create (`POST /api/v1/transactions`) an ECDSA P-256 / SHA-256 signature of
 * `path|timestamp|body` (timestamp in ms, signature DER and base64) in `X-Signature`, with
 * `X-Timestamp`; and the check of Fordefi's signature on a webhook body. The one file of the driver
 * that signs (through `lib/auth/key-crypto`, which browsers swap for stand-ins that refuse). FordefiHQ/web3-provider `src/api/request-body-sign.ts`, `src/api/headers.ts`;
 * FordefiHQ/api-examples `typescript/webhooks/webhooks_fordefi.ts`.
 */
import { createPublicKey, sign, verify, type KeyObject } from '../../auth/key-crypto.js'
import { p256PrivateKey, unescapePem } from '../../auth/p256-key.js'
import { VenueError } from '../../core/errors.js'
import type { HttpRequest } from '../../transport/http.js'
import type { SignerCredentials } from '../kit/spec-context.js'

/** The one path whose requests are signed besides the token (web3-provider `endpointRequiresSignature`). */
export const FORDEFI_SIGNED_PATH = '/api/v1/transactions'

/**
 * The string Fordefi signs: `${path}|${timestamp}|${body}`, the path without host or query, the
 * timestamp in ms, the body exactly as sent.
 *
 * @example
 * fordefiPayload('/api/v1/transactions', '1714485238000', '{"a":1}') // '/api/v1/transactions|1714485238000|{"a":1}'
 */
export function fordefiPayload(path: string, timestamp: string, body: string): string {
  return `${path}|${timestamp}|${body}`
}

/**
 * The request-signing key of an API user: its PEM (SEC1 `EC PRIVATE KEY` or PKCS#8), checked to be
 * P-256. `\n` written as two characters (as JSON and env files carry it) is read as a line break.
 *
 * @throws VenueError `auth` when it is not; the message never holds the key.
 * @example
 * const key = fordefiPrivateKey(process.env.FORDEFI_SIGNING_KEY ?? '')
 */
export function fordefiPrivateKey(pem: string): KeyObject {
  return p256PrivateKey(
    pem,
    (why) =>
      new VenueError({
        kind: 'auth',
        venue: 'fordefi',
        message: `the fordefi request-signing key ${why}; give the API user's EC P-256 private key in PEM as secret`,
        secrets: [pem],
      }),
  )
}

/**
 * The base64 DER ECDSA P-256 / SHA-256 signature of a payload.
 *
 * @example
 * const signature = signFordefiPayload(key, fordefiPayload(path, timestamp, body))
 */
export function signFordefiPayload(key: KeyObject, payload: string): string {
  return sign('sha256', Buffer.from(payload, 'utf8'), { key, dsaEncoding: 'der' }).toString('base64')
}

/**
 * The `signer` hook of the kit's spec context: adds the Bearer token to every request, and the
 * timestamp and signature to a `POST /api/v1/transactions`. The key is parsed on first use.
 *
 * @throws VenueError `auth` (on the first signed create) when the key is not a P-256 private key.
 * @example
 * createSpecContext(FORDEFI_SPEC, options, { signer: fordefiSigner, signatureHeader: 'x-signature', … })
 */
export function fordefiSigner(
  credentials: Pick<SignerCredentials, 'apiKey' | 'secret' | 'privateKey'>,
): (request: HttpRequest, now: number) => HttpRequest {
  const pem = credentials.privateKey || credentials.secret
  let key: KeyObject | undefined
  return (request, now) => {
    const headers: Record<string, string> = {
      ...request.headers,
      authorization: `Bearer ${credentials.apiKey}`,
    }
    const path = new URL(request.url).pathname
    if (request.method === 'POST' && path === FORDEFI_SIGNED_PATH) {
      key ??= fordefiPrivateKey(pem)
      const timestamp = String(Math.floor(now))
      headers['x-timestamp'] = timestamp
      headers['x-signature'] = signFordefiPayload(key, fordefiPayload(path, timestamp, request.body ?? ''))
    }
    return { ...request, headers }
  }
}

/**
 * True when `signature` (the webhook's `X-Signature` header: base64 DER ECDSA P-256 / SHA-256) is
 * Fordefi's signature of `body`, the raw request body exactly as received. `publicKey` is Fordefi's
 * webhook public key in PEM (from the Fordefi console). A bad signature, key or encoding is `false`,
 * never a throw.
 *
 * @example
 * app.post('/fordefi', express.raw({ type: 'application/json' }), (req, res) => {
 *   const ok = verifyFordefiWebhook(req.body.toString('utf8'), req.header('x-signature') ?? '', FORDEFI_PUBLIC_KEY)
 *   res.sendStatus(ok ? 200 : 401)
 * })
 */
export function verifyFordefiWebhook(
  body: string | Uint8Array,
  signature: string,
  publicKey: string | KeyObject,
): boolean {
  try {
    const key =
      typeof publicKey === 'string'
        ? createPublicKey({ key: unescapePem(publicKey), format: 'pem' })
        : publicKey
    if (key.asymmetricKeyType !== 'ec') return false
    return verify('sha256', Buffer.from(body), { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}
