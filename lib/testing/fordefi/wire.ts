/**
 * Fordefi's wire words in the simulator: its error answers (status, `title`, `detail`; the body's
 * field names are not confirmed, see the README) and its ids.
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { RestAnswer } from '../kit/rest-api.js'
import { seededHex } from '../kit/wire-text.js'

const KIND: Readonly<Record<number, ErrorKind>> = {
  400: 'invalid-request',
  401: 'auth',
  403: 'auth',
  404: 'not-found',
  409: 'invalid-request',
  429: 'rate-limit',
  500: 'temporary',
}

/**
 * A refusal with its HTTP status, answered as Fordefi's error body.
 *
 * @example
 * throw fordefiFailure(404, 'Transaction not found')
 */
export function fordefiFailure(status: number, detail: string, code?: string): VenueError {
  return new VenueError({
    kind: KIND[status] ?? 'invalid-request',
    venue: 'fordefi',
    status,
    code,
    message: detail,
  })
}

/**
 * The answer of a route: the result as JSON, or the error body `{title, detail, system_error_code?}`.
 *
 * @example
 * fordefiAnswer(undefined, fordefiFailure(401, 'Invalid token')).status // 401
 */
export function fordefiAnswer(result: unknown, error: VenueError | undefined): RestAnswer {
  if (error === undefined) return { status: 200, body: result }
  const status = error.status ?? 500
  const code = typeof error.code === 'string' ? error.code : undefined
  const body = {
    title: TITLES[status] ?? 'Error',
    detail: error.message,
    ...(code === undefined ? {} : { system_error_code: code }),
  }
  return { status, body, code }
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

/**
 * A UUID drawn from `seed` and `n`: the same two give the same id.
 *
 * @example
 * fordefiId(7, 1) // 'xxxxxxxx-xxxx-4xxx-axxx-xxxxxxxxxxxx', the same every run
 */
export function fordefiId(seed: number, n: number): string {
  const hex = (salt: number, length: number) => seededHex(seed, 0x5f0d3f1, n * 8 + salt, length)
  return `${hex(1, 8)}-${hex(2, 4)}-4${hex(3, 3)}-a${hex(4, 3)}-${hex(5, 12)}`
}

/**
 * A transaction hash drawn from `seed` and `n`.
 *
 * @example
 * fordefiHash(7, 1).length // 66
 */
export function fordefiHash(seed: number, n: number): string {
  return `0x${seededHex(seed, 0x7a5c11, n, 64)}`
}
