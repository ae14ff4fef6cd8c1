/**
 * Fordefi's REST API in the simulator: every request must carry the API user's token
 * (`Authorization: Bearer`); a create must also carry `X-Timestamp` and `X-Signature`, Fordefi's
 * ECDSA P-256 signature of `path|timestamp|body`, checked with the configured key. A refused
 * signature is a 401, as Fordefi answers.
 */
import { VenueError } from '../../core/errors.js'
import { header, sameText, timestampIn } from '../kit/auth.js'
import type { SimHttpRequest } from '../kit/http-intake.js'
import { jsonParams, type Params } from '../kit/params.js'
import { RestApi, type VenueRest } from '../kit/rest-api.js'
import { Routes } from '../kit/routes.js'
import { verifySignature } from '../kit/signatures.js'
import type { FordefiContext } from './context.js'
import { fordefiAnswer, fordefiFailure } from './wire.js'

/** The parameter name under which a handler reads the create's `x-idempotence-id` header. */
const IDEMPOTENCE = 'x-idempotence-id'
/** How far a create's timestamp may be from the simulator's time; Fordefi publishes no figure. */
const WINDOW = { behindMs: 5 * 60_000, aheadMs: 60_000 }

interface Route {
  readonly signed?: true | undefined
  handle(ctx: FordefiContext, params: Params, path: Readonly<Record<string, string>>): unknown
}

const all = (params: Params): string[] => {
  const v = params.get('vault_ids')
  return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [String(v)]
}

const ROUTES: Readonly<Record<string, Route>> = {
  'GET /api/v1/vaults': { handle: (ctx) => ctx.desk.vaults() },
  'GET /api/v1/assets/owned-assets': { handle: (ctx, params) => ctx.desk.ownedAssets(all(params)) },
  'POST /api/v1/transactions': {
    signed: true,
    handle: (ctx, params) => {
      const id = params.get(IDEMPOTENCE)
      return ctx.desk.create((name) => params.get(name), typeof id === 'string' ? id : undefined)
    },
  },
  'GET /api/v1/transactions': { handle: (ctx, params) => ctx.desk.list(all(params)) },
  'GET /api/v1/transactions/{id}': { handle: (ctx, _params, path) => ctx.desk.transaction(path.id ?? '') },
  'POST /api/v1/transactions/{id}/abort': { handle: (ctx, _params, path) => ctx.desk.abort(path.id ?? '') },
}

/**
 * The REST side of one Fordefi simulator.
 *
 * @example
 * const rest = fordefiRest(ctx)
 * rest.answer(request, res) // a request that passed the injected faults
 */
export function fordefiRest(ctx: FordefiContext): VenueRest {
  return new RestApi<Route>(
    {
      venue: 'fordefi',
      routes: new Routes(ROUTES),
      contentType: 'application/json',
      notFound: () => fordefiAnswer(undefined, fordefiFailure(404, 'Not found')),
      guard: (route, request) => checkAuth(ctx, route, request),
      params: (request) => params(request),
      handle: (route, p, path) => route.handle(ctx, p, path),
      answer: (result, error) => fordefiAnswer(result, error),
      // a create's answer may be lost (faults.loseNextResponse) after the transaction was made
      placement: (route) => (route.signed === true ? () => ({}) : undefined),
      report: ({ method, path }, status) => ctx.emit({ type: 'request', method, path, status }),
    },
    ctx.faults,
  )
}

function checkAuth(ctx: FordefiContext, route: Route, request: SimHttpRequest): VenueError | undefined {
  const { req, path, body } = request
  const bearer = header(req.headers, 'authorization') ?? ''
  if (!bearer.startsWith('Bearer ') || !sameText(bearer.slice(7), ctx.options.apiKey)) {
    return fordefiFailure(401, 'Invalid or missing access token')
  }
  if (route.signed !== true) return undefined
  const timestamp = header(req.headers, 'x-timestamp')
  const signature = header(req.headers, 'x-signature')
  if (timestamp === undefined || signature === undefined)
    return fordefiFailure(401, 'Missing request signature')
  if (!verifySignature(ctx.options.publicKey, `${path}|${timestamp}|${body}`, signature)) {
    ctx.emit({ type: 'signature-refused', path })
    return fordefiFailure(401, 'Invalid request signature')
  }
  if (!/^\d+$/.test(timestamp) || timestampIn(Number(timestamp), ctx.clock.now(), WINDOW) !== 'ok') {
    return fordefiFailure(401, 'Request timestamp out of range')
  }
  return undefined
}

/** A GET's query (a repeated name gives an array), a POST's JSON body; the idempotence header either way. */
function params(request: SimHttpRequest): Params {
  const idempotence = header(request.req.headers, IDEMPOTENCE)
  const own: Params =
    request.method === 'GET'
      ? (() => {
          const query = new URLSearchParams(request.rawQuery)
          return {
            get: (name: string) => {
              const values = query.getAll(name)
              return values.length === 0 ? undefined : values.length === 1 ? values[0] : values
            },
          }
        })()
      : jsonParams(request.body, (why) => fordefiFailure(400, why))
  return { get: (name) => (name === IDEMPOTENCE ? idempotence : own.get(name)) }
}
