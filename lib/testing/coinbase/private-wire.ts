/**
 * The wire of Coinbase's private endpoints: the error body and its statuses, a request's parameters,
 * and the ids the simulator draws from its seed.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/introduction
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { SimHttpRequest } from '../kit/http-intake.js'
import { jsonParams, type Params } from '../kit/params.js'
import type { RestAnswer } from '../kit/rest-api.js'
import { seededUuid } from '../kit/wire-text.js'

/** The error body's codes (gRPC names and numbers) with their HTTP statuses. */
const ERROR_BODY: Readonly<
  Record<string, { readonly status: number; readonly grpc: number; readonly kind: ErrorKind }>
> = {
  INVALID_ARGUMENT: { status: 400, grpc: 3, kind: 'invalid-request' },
  NOT_FOUND: { status: 404, grpc: 5, kind: 'not-found' },
  PERMISSION_DENIED: { status: 403, grpc: 7, kind: 'auth' },
  RESOURCE_EXHAUSTED: { status: 429, grpc: 8, kind: 'rate-limit' },
  INTERNAL: { status: 500, grpc: 13, kind: 'temporary' },
}

/**
 * A refusal answered with the docs' error body, `{error, code, message, details}`.
 *
 * @example
 * throw coinbaseFailure('NOT_FOUND', 'order not found') // HTTP 404
 */
export function coinbaseFailure(error: keyof typeof ERROR_BODY, message: string): VenueError {
  const row = ERROR_BODY[error] ?? { status: 400, grpc: 3, kind: 'invalid-request' as const }
  return new VenueError({ kind: row.kind, venue: 'coinbase', code: error, status: row.status, message })
}

/**
 * The answer of a route: the result as JSON (status 200), or a refusal: the text `Unauthorized` for a
 * 401 (Coinbase sends no JSON then), else the error body.
 *
 * @example
 * const dialect = { …, answer: (result, error) => coinbaseRestAnswer(result, error) }
 */
export function coinbaseRestAnswer(result: unknown, error: VenueError | undefined): RestAnswer {
  if (error === undefined) return { status: 200, body: result }
  if (error.status === 401)
    return { status: 401, text: 'Unauthorized\n', contentType: 'text/plain', code: error.code }
  const code =
    typeof error.code === 'string' && ERROR_BODY[error.code] !== undefined ? error.code : 'INTERNAL'
  const row = ERROR_BODY[code] ?? { status: 500, grpc: 13 }
  const body = { error: code, code: row.grpc, message: error.message, details: [] }
  return { status: error.status ?? row.status, body, code }
}

/**
 * A request's parameters: the query's (a repeated name gives an array: `product_ids=A&product_ids=B`)
 * for a GET, the JSON body's otherwise.
 *
 * @throws VenueError `INVALID_ARGUMENT` for a body that is not a JSON object.
 * @example
 * coinbaseParams(request).get('product_ids') // ['BTC-USD', 'ETH-USD']
 */
export function coinbaseParams(request: Pick<SimHttpRequest, 'method' | 'rawQuery' | 'body'>): Params {
  if (request.method !== 'GET')
    return jsonParams(request.body, (why) => coinbaseFailure('INVALID_ARGUMENT', why))
  const query = new URLSearchParams(request.rawQuery)
  return {
    get: (name) => {
      const all = query.getAll(name).filter((v) => v !== '')
      return all.length === 0 ? undefined : all.length === 1 ? all[0] : all
    },
  }
}

/**
 * A UUID drawn from `seed` and `n`: the same two give the same id.
 *
 * @example
 * uuidOf(7, 1) // 'xxxxxxxx-xxxx-4xxx-axxx-xxxxxxxxxxxx', the same every run
 */
export function uuidOf(seed: number, n: number): string {
  return seededUuid(seed, 0x27d4eb2d, n)
}
