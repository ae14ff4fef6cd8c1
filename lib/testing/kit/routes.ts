/**
 * A venue's REST endpoints as a table keyed by `METHOD /path`, where a path segment `{name}` matches
 * any one segment and hands it to the handler (`/v1/quotes/{fx_quote_id}`,
 * `/portfolios/{portfolio_id}/orders/{order_id}`).
 */
import { decodedOrKept } from './uri-decode.js'

/**
 * A matched endpoint and the path segments its `{name}`s took.
 *
 * @example
 * const found: RouteMatch<Route> | undefined = routes.find('GET', '/v1/quotes/q-1')
 * found?.pathParams.fx_quote_id // 'q-1'
 */
export interface RouteMatch<R> {
  readonly route: R
  readonly pathParams: Readonly<Record<string, string>>
}

/**
 * Endpoints by method and path.
 *
 * @example
 * const routes = new Routes({ 'GET /api/v3/time': time, 'GET /api/v1/transactions/{id}': transaction })
 * routes.find('GET', '/api/v1/transactions/tx-7') // { route: transaction, pathParams: { id: 'tx-7' } }
 */
export class Routes<R> {
  private readonly exact = new Map<string, R>()
  private readonly patterns: {
    readonly method: string
    readonly parts: readonly string[]
    readonly route: R
  }[] = []

  constructor(table: Readonly<Record<string, R>>) {
    for (const [key, route] of Object.entries(table)) {
      const [method = '', path = ''] = key.split(' ')
      if (path.includes('{')) this.patterns.push({ method, parts: path.split('/'), route })
      else this.exact.set(key, route)
    }
  }

  /** The endpoint of a request, or `undefined` for a path or method the venue does not serve. */
  find(method: string, path: string): RouteMatch<R> | undefined {
    const route = this.exact.get(`${method} ${path}`)
    if (route !== undefined) return { route, pathParams: {} }
    const parts = path.split('/')
    for (const p of this.patterns) {
      if (p.method !== method || p.parts.length !== parts.length) continue
      const pathParams: Record<string, string> = {}
      const matches = p.parts.every((part, i) => {
        const given = parts[i] as string
        if (!part.startsWith('{')) return part === given
        if (given === '') return false
        pathParams[part.slice(1, -1)] = decodedOrKept(given)
        return true
      })
      if (matches) return { route: p.route, pathParams }
    }
    return undefined
  }
}
