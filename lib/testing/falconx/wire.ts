/**
 * FalconX's wire vocabulary in the simulator: its error answers and how it writes numbers.
 * Sources: https://github.com/falconxio/falconx-python `falconx/client.py` (answers),
 * falconx-go `clients/datatype.go` (`status: "failure"`, `error: { code, reason }`).
 */
import { Decimal } from '../../core/decimal.js'
import { VenueError, type ErrorKind } from '../../core/errors.js'

/**
 * The simulator's refusals: FalconX documents no code list, so these codes are the simulator's own
 * (the driver's table reads them, and falls back on the reason's words). A business refusal answers
 * HTTP 200 with `status: "failure"`; auth 401, an unknown id 404, the limit 429.
 */
export const FALCONX_SIM_ERRORS = {
  expired: { code: 'QUOTE_EXPIRED', status: 200, kind: 'expired' },
  executed: { code: 'QUOTE_ALREADY_EXECUTED', status: 200, kind: 'invalid-request' },
  funds: { code: 'INSUFFICIENT_BALANCE', status: 200, kind: 'insufficient-funds' },
  invalid: { code: 'INVALID_REQUEST', status: 200, kind: 'invalid-request' },
  pair: { code: 'INVALID_TOKEN_PAIR', status: 200, kind: 'invalid-request' },
  notFound: { code: 'NOT_FOUND', status: 404, kind: 'not-found' },
  auth: { code: 'UNAUTHORIZED', status: 401, kind: 'auth' },
  tooMany: { code: 'RATE_LIMIT_EXCEEDED', status: 429, kind: 'rate-limit' },
} as const satisfies Record<string, { code: string; status: number; kind: ErrorKind }>

/** A refusal's name. */
export type FalconxRefusal = keyof typeof FALCONX_SIM_ERRORS

/**
 * A FalconX refusal, as a handler throws it.
 *
 * @example
 * throw falconxError('expired', 'quote q1 expired')
 */
export function falconxError(name: FalconxRefusal, reason: string): VenueError {
  const e = FALCONX_SIM_ERRORS[name]
  return new VenueError({ kind: e.kind, venue: 'falconx', code: e.code, status: e.status, message: reason })
}

/**
 * The body of a refusal.
 *
 * @example
 * failureBody(falconxError('funds', 'not enough USD')) // { status: 'failure', error: { code, reason } }
 */
export function failureBody(e: VenueError): Record<string, unknown> {
  return { status: 'failure', error: { code: String(e.code ?? 'INTERNAL_ERROR'), reason: e.message } }
}

/**
 * JSON as FalconX writes it: prices and balances as JSON numbers of their exact digits (`12650`,
 * `-1.3772005993291505`), never through a double.
 *
 * @example
 * falconxJson({ buy_price: new Decimal('0.1000000000000000055') }) // '{"buy_price":0.1000000000000000055}'
 */
export function falconxJson(value: unknown): string {
  // the replacer sees what `toJSON` made of a value; the holder still has the Decimal
  return JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
    const own = this[k]
    return own instanceof Decimal ? `\u0000${own.toFixed()}` : v
  }).replace(/"\\u0000(-?[0-9.]+)"/g, '$1')
}

/**
 * A time as FalconX writes it: ISO 8601 with microseconds and an offset.
 *
 * @example
 * falconxTime(0) // '1970-01-01T00:00:00.000000+00:00'
 */
export function falconxTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00')
}

/**
 * `value` with each decimal a JSON number where a double holds it exactly, else its string: the
 * body of an answer sent through the kit's `sendPlacement` (which serializes with `JSON.stringify`).
 *
 * @example
 * plainJson({ p: new Decimal('293.1') }) // { p: 293.1 }
 */
export function plainJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
      const own = this[k]
      if (!(own instanceof Decimal)) return v
      const text = own.toFixed()
      return String(Number(text)) === text ? Number(text) : text
    }),
  )
}
