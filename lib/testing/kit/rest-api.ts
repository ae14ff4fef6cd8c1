/**
 * A venue's REST API behind the shell's intake, in the order every venue answers: a request turned
 * away before routing (an IP over its limit), routing (an unknown path), the route's checks (signature,
 * limits), the parameters and the handler, then the venue's answer; an order placement's answer goes
 * through the lost and spoiled answer faults. The venue gives its dialect: envelope, checks, headers.
 */
import type { ServerResponse } from 'node:http'
import { toVenueError, type VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import { sendPlacement, type SimFaults } from './faults.js'
import type { SimHttpRequest } from './http-intake.js'
import type { Params } from './params.js'
import type { Routes } from './routes.js'

/**
 * An answer as sent: its status, its body (JSON, or `text` as it is), and the venue's code it
 * reports, if any.
 *
 * @example
 * const notFound: RestAnswer = { status: 404, text: '404 page not found', contentType: 'text/plain' }
 * const refused: RestAnswer = { status: 400, body: { code: -1121, msg: 'Invalid symbol.' }, code: -1121 }
 */
export interface RestAnswer {
  readonly status: number
  readonly body?: unknown
  readonly text?: string | undefined
  /** Default the venue's JSON content type. */
  readonly contentType?: string | undefined
  readonly code?: number | string | undefined
}

/**
 * What a venue reports on its `events$` for every REST answer it sent.
 *
 * @example
 * const created = firstValueFrom(binance.events$.pipe(filter((e): e is RestRequestEvent<number> => e.type === 'request')))
 * expect(await created).to.include({ path: '/api/v3/order', status: 200, code: undefined })
 */
export interface RestRequestEvent<Code> {
  readonly type: 'request'
  readonly method: string
  readonly path: string
  /** HTTP status sent; `0` when the response was dropped. */
  readonly status: number
  /** The venue's error code (or name), when the answer was an error body. */
  readonly code: Code | undefined
}

/**
 * The dialect of one venue's REST API.
 *
 * @example
 * const dialect: RestDialect<Route> = {
 *   venue: 'bybit', routes: ROUTES, contentType: 'application/json',
 *   notFound: () => ({ status: 404, text: '404 page not found', contentType: 'text/plain' }),
 *   guard: (route, request) => (route.signed ? verifyRequest(request) : undefined),
 *   params: (request) => requestParams(request),
 *   handle: (route, params) => route.handle(ctx, params),
 *   answer: (result, error) => ({ status: 200, body: envelope(result, error), code: error?.code ?? 0 }),
 *   report: (request, status, code) => emit({ type: 'request', ...request, status, retCode: code }),
 * }
 */
export interface RestDialect<R> {
  readonly venue: VenueId
  readonly routes: Routes<R>
  /** The content type of a JSON answer. */
  readonly contentType: string
  /** A request turned away before routing, or `undefined` to go on. */
  admit?(request: SimHttpRequest): RestAnswer | undefined
  /** The answer to a path or method the venue does not serve. */
  notFound(request: SimHttpRequest, headers: Record<string, string>): RestAnswer
  /** The route's checks (signature, limits), which may add headers; a refusal is answered as an error. */
  guard(route: R, request: SimHttpRequest, headers: Record<string, string>): VenueError | undefined
  /** The request's parameters; a throw is answered as an error. */
  params(request: SimHttpRequest): Params
  handle(route: R, params: Params, pathParams: Readonly<Record<string, string>>): unknown
  /** The answer to a result, or to a refusal. */
  answer(result: unknown, error: VenueError | undefined, headers: Record<string, string>): RestAnswer
  /**
   * For a route that places orders, after it succeeded: the answer without its order id (for the
   * `no-id` spoiled answer); it may add headers. `undefined` for other routes.
   */
  placement?(route: R, headers: Record<string, string>): ((body: unknown) => unknown) | undefined
  /** Reports an answer sent (status 0: the response was lost). */
  report(request: SimHttpRequest, status: number, code: number | string | undefined): void
}

/**
 * What the shell asks of a venue's REST side: {@link RestApi} is one, whatever its routes.
 *
 * @example
 * const rest: VenueRest = bybitRest(ctx)
 * rest.failed(request, 503) // reported as the venue reports any answer
 */
export interface VenueRest {
  /** Answers a request that passed the injected faults. */
  answer(request: SimHttpRequest, res: ServerResponse): void
  /** Reports a request the intake answered with an injected failure (`status`, no venue code). */
  failed(request: SimHttpRequest, status: number): void
}

/**
 * The REST side of one simulator.
 *
 * @example
 * const rest = new RestApi(dialect, faults)
 * rest.answer(request, res) // a request that passed the injected faults
 */
export class RestApi<R> implements VenueRest {
  constructor(
    private readonly dialect: RestDialect<R>,
    private readonly faults: SimFaults,
  ) {}

  /** Answers one request. */
  answer(request: SimHttpRequest, res: ServerResponse): void {
    const d = this.dialect
    const headers: Record<string, string> = { 'Content-Type': d.contentType }
    const turned = d.admit?.(request)
    if (turned !== undefined) return this.send(request, res, headers, turned)
    const found = d.routes.find(request.method, request.path)
    if (found === undefined) return this.send(request, res, headers, d.notFound(request, headers))
    const { route, pathParams } = found
    const refused = d.guard(route, request, headers)
    if (refused !== undefined) return this.send(request, res, headers, d.answer({}, refused, headers))
    let result: unknown
    try {
      result = d.handle(route, d.params(request), pathParams)
    } catch (e) {
      const error = toVenueError(e, { kind: 'temporary', venue: d.venue })
      return this.send(request, res, headers, d.answer({}, error, headers))
    }
    const answer = d.answer(result, undefined, headers)
    const withoutId = answer.status === 200 ? d.placement?.(route, headers) : undefined
    if (withoutId === undefined) return this.send(request, res, headers, answer)
    const { req } = request
    const status = sendPlacement(this.faults, req, res, headers, answer.body, withoutId(answer.body))
    d.report(request, status, answer.code)
  }

  /** Reports a request the intake answered with an injected failure. */
  failed(request: SimHttpRequest, status: number): void {
    this.dialect.report(request, status, undefined)
  }

  private send(request: SimHttpRequest, res: ServerResponse, headers: Record<string, string>, a: RestAnswer) {
    res.writeHead(
      a.status,
      a.contentType === undefined ? headers : { ...headers, 'Content-Type': a.contentType },
    )
    res.end(a.text ?? JSON.stringify(a.body))
    this.dialect.report(request, a.status, a.code)
  }
}
