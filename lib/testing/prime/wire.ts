/**
 * Prime's wire vocabulary: its error body `{code, message, subcode?, trace_id?}` and statuses (the
 * codes of coinbase/prime-sdk-ts `ErrorCode.ts` and coinbase/prime-sdk-py's error tests), how numbers
 * and times are written, and the ids drawn from the seed.
 */
import type { ErrorKind, VenueError } from '../../core/errors.js'
import { errorMaker, type ErrorRow } from '../kit/error-table.js'
import type { RestAnswer } from '../kit/rest-api.js'
import { seededUuid } from '../kit/wire-text.js'

export { fixed, isoTime, plain } from '../kit/wire-text.js'

const ERR = {
  invalid: { code: 'VALIDATION_ERROR', text: 'invalid request', status: 400 },
  missing: { code: 'REQUIRED_FIELD_MISSING', text: 'required field missing', status: 400 },
  auth: { code: 'AUTHENTICATION_FAILED', text: 'authentication failed', status: 401, kind: 'auth' },
  denied: { code: 'PERMISSION_DENIED', text: 'permission denied', status: 403, kind: 'auth' },
  notFound: { code: 'RESOURCE_NOT_FOUND', text: 'resource not found', status: 404, kind: 'not-found' },
  tooMany: { code: 'RATE_LIMIT_EXCEEDED', text: 'rate limit exceeded', status: 429, kind: 'rate-limit' },
  internal: { code: 'INTERNAL_ERROR', text: 'internal error', status: 500, kind: 'temporary' },
} as const satisfies Record<string, ErrorRow>

const make = errorMaker('prime', ERR)

/**
 * A refusal the simulator answers with Prime's error body; `detail` replaces the generic text.
 *
 * @example
 * throw primeError('notFound', 'order not found')
 */
export function primeError(name: keyof typeof ERR, detail?: string, kind?: ErrorKind): VenueError {
  return make(name, { message: detail, kind })
}

/**
 * A `VALIDATION_ERROR` (400) that names its cause in `subcode`: `INSUFFICIENT_FUNDS`,
 * `DUPLICATE_CLIENT_ORDER_ID`, `QUOTE_EXPIRED` (the venue's own subcodes are not published).
 *
 * @example
 * throw primeRefusal('QUOTE_EXPIRED', 'quote expired')
 */
export function primeRefusal(subcode: string, message: string): VenueError {
  const error = primeError(
    'invalid',
    message,
    subcode === 'INSUFFICIENT_FUNDS' ? 'insufficient-funds' : undefined,
  )
  return Object.assign(error, { subcode })
}

/**
 * The answer of a route: the result as JSON, or the error body.
 *
 * @example
 * primeRestAnswer(undefined, primeError('notFound')) // { status: 404, body: { code: 'RESOURCE_NOT_FOUND', … } }
 */
export function primeRestAnswer(result: unknown, error: VenueError | undefined, traceId = ''): RestAnswer {
  if (error === undefined) return { status: 200, body: result }
  const code = typeof error.code === 'string' ? error.code : 'INTERNAL_ERROR'
  const subcode = (error as { subcode?: string }).subcode
  const body = {
    code,
    message: error.message,
    ...(subcode === undefined ? {} : { subcode }),
    trace_id: traceId,
  }
  return { status: error.status ?? 500, body, code: subcode ?? code }
}

/**
 * A UUID drawn from `seed` and `n`.
 *
 * @example
 * uuidOf(7, 1) // the same every run
 */
export function uuidOf(seed: number, n: number): string {
  return seededUuid(seed, 0x5f3759df, n)
}
