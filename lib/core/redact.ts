/**
 * Redaction of secrets from anything that may be logged or shown: object keys that name a secret,
 * secret-looking query parameters and JSON fields inside text, and any explicitly known secret value.
 */

const SECRET_KEY =
  /^(?:api[-_]?key|api[-_]?secret|secret|secret[-_]?key|private[-_]?key|passphrase|password|signature|sign|sig|token|access[-_]?token|authorization|x-bapi-api-key|x-bapi-sign|x-mbx-apikey|cb-access-key|cb-access-sign|cb-access-passphrase|x-cb-access-signature|x-cb-access-passphrase|x-cb-access-key|fx-access-key|fx-access-sign|fx-access-passphrase|fordefi-signature)$/i

const REDACTED = '[redacted]'

/**
 * True when an object key or header name names a secret.
 *
 * @example
 * isSecretKey('X-BAPI-SIGN') // true
 * isSecretKey('symbol')      // false
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

const KEY_ALT =
  'api[-_]?key|api[-_]?secret|secret|secret[-_]?key|private[-_]?key|passphrase|password|signature|sign|sig|token|access[-_]?token|authorization|x-bapi-api-key|x-bapi-sign|x-mbx-apikey|x-cb-access-key|x-cb-access-signature|x-cb-access-passphrase|cb-access-key|cb-access-sign|cb-access-passphrase|fx-access-key|fx-access-sign|fx-access-passphrase'
// key=value in query strings and form bodies
const QUERY_RE = new RegExp(`([?&;\\s]|^)(${KEY_ALT})=([^&\\s"']*)`, 'gi')
// "key": "value" and 'key': 'value' in JSON-ish text
const JSON_RE = new RegExp(`(["']?)(${KEY_ALT})\\1(\\s*[:=]\\s*)(["'])((?:\\\\.|(?!\\4).)*)\\4`, 'gi')
// header-style `name: value` lines (an echoed `x-bapi-sign: 9f…`), the value unquoted
const HEADER_RE = new RegExp(
  `\\b(${KEY_ALT})(\\s*:[ \\t]*)(?!["'\\s]|Bearer\\s|\\[redacted\\])[^\\s,;"'&]+`,
  'gi',
)
// `sig 9f86d081…`: a secret's name, a space, then a token that looks like a key or signature
const SPACED_RE = new RegExp(`\\b(${KEY_ALT})(\\s+)(?=[A-Za-z0-9+/=_-]*\\d)[A-Za-z0-9+/=_-]{16,}`, 'gi')
// Bearer tokens and PEM blocks
const BEARER_RE = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g
const PEM_RE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g

/**
 * Removes secrets from a piece of text: secret query parameters, JSON fields and header lines, a
 * secret's name followed by a key- or signature-like token (`sig 9f86d081…`), bearer tokens, PEM
 * private keys, and the exact values in `secrets` (keys, secrets, signatures).
 *
 * @example
 * redactText('GET /api/v3/order?symbol=BTCUSDT&signature=abc123') // 'GET /api/v3/order?symbol=BTCUSDT&signature=[redacted]'
 * redactText('x-bapi-sign: 9f86d081884c7d65')                    // 'x-bapi-sign: [redacted]'
 * redactText(`key ${apiKey} leaked`, [apiKey])                     // 'key [redacted] leaked'
 */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED)
  return out
    .replace(PEM_RE, REDACTED)
    .replace(BEARER_RE, `$1 ${REDACTED}`)
    .replace(QUERY_RE, `$1$2=${REDACTED}`)
    .replace(JSON_RE, `$1$2$1$3$4${REDACTED}$4`)
    .replace(HEADER_RE, `$1$2${REDACTED}`)
    .replace(SPACED_RE, `$1$2${REDACTED}`)
}

/**
 * A venue's answer as an error shows it: scrubbed of secrets first ({@link redactText}), then blanks
 * folded and cut to `max` characters. In that order, so that a cut through a secret never leaves a
 * part of it that the scrubbing would no longer recognise.
 *
 * @example
 * snippet(`{"msg":"bad key ${apiKey}"}`, [apiKey]) // '{"msg":"bad key [redacted]"}'
 */
export function snippet(text: string, secrets: Iterable<string> = [], max = 200): string {
  return redactText(text, secrets).replace(/\s+/g, ' ').trim().slice(0, max)
}

/**
 * Returns a copy of `value` safe to log: secret-named fields replaced, text scrubbed with
 * {@link redactText}, cycles and depth bounded. Errors become `{ name, message }`.
 *
 * @example
 * redact({ headers: { 'x-mbx-apikey': key }, url: '/o?signature=1' })
 * // { headers: { 'x-mbx-apikey': '[redacted]' }, url: '/o?signature=[redacted]' }
 */
export function redact(value: unknown, secrets: Iterable<string> = [], depth = 6): unknown {
  const seen = new WeakSet<object>()
  const walk = (v: unknown, d: number): unknown => {
    if (typeof v === 'string') return redactText(v, secrets)
    if (v === null || typeof v !== 'object') return v
    if (seen.has(v)) return '[circular]'
    if (d <= 0) return '[…]'
    seen.add(v)
    if (v instanceof Error) {
      // Errors that describe themselves (VenueError) keep their kind, code and status.
      const toJSON = (v as { toJSON?: unknown }).toJSON
      const json: unknown = typeof toJSON === 'function' ? toJSON.call(v) : undefined
      return json !== null && typeof json === 'object'
        ? walk(json, d - 1)
        : { name: v.name, message: redactText(v.message, secrets) }
    }
    if (v instanceof Date) return v
    if (typeof (v as { toFixed?: unknown }).toFixed === 'function' && 'd' in v && 'e' in v) return String(v)
    if (Array.isArray(v)) return v.map((x) => walk(x, d - 1))
    if (v instanceof Map) return walk(Object.fromEntries(v), d)
    if (v instanceof Headers) return walk(Object.fromEntries(v.entries()), d)
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = isSecretKey(k) ? REDACTED : walk(x, d - 1)
    return out
  }
  return walk(value, depth)
}
