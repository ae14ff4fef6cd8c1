/**
 * A small in-process Binance for the private REST tests: checks every signature with node:crypto (not
 * the signer under test) and the timestamp against its own clock, keeps orders by client order id, and
 * injects faults on order placement.
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Instrument } from '../../../lib/core/model.js'
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../lib/transport/http.js'

export const API_KEY = 'test-api-key'
export const SECRET = 'test-secret-0123456789'

export const BTCUSDT: Instrument = {
  venue: 'binance',
  symbol: 'BTC/USDT',
  venueSymbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: new Decimal('0.01'),
  lotSize: new Decimal('0.00001'),
  minSize: new Decimal('0.00001'),
  minNotional: new Decimal('5'),
  status: 'trading',
}

export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/binance/${name}`, import.meta.url), 'utf8'))

/** What happens to the next order placement. */
export type OrderFault = 'lose-after-accept' | 'lose-before-accept' | 503 | 'skew'

interface Seen {
  readonly method: string
  readonly path: string
  readonly params: ReadonlyMap<string, string>
  readonly query: string
}

export class FakeBinance implements HttpTransport {
  /** Venue time minus local time: a skewed local clock. */
  skewMs = 0
  readonly requests: Seen[] = []
  readonly faults: OrderFault[] = []
  readonly orders = new Map<string, Record<string, unknown>>()
  private nextId = 100

  constructor(private readonly localNow: () => number) {}

  serverTime(): number {
    return this.localNow() + this.skewMs
  }

  request(request: HttpRequest): Promise<HttpResponse> {
    return Promise.resolve().then(() => this.answer(request))
  }

  private answer(request: HttpRequest): HttpResponse {
    const url = new URL(request.url)
    const query = url.search.slice(1)
    const params = new Map(
      query
        .split('&')
        .filter((kv) => kv !== '')
        .map((kv) => {
          const i = kv.indexOf('=')
          return [decodeURIComponent(kv.slice(0, i)), decodeURIComponent(kv.slice(i + 1))] as [string, string]
        }),
    )
    this.requests.push({ method: request.method, path: url.pathname, params, query })
    if (url.pathname === '/api/v3/time') return ok({ serverTime: this.serverTime() })
    const at = query.lastIndexOf('&signature=')
    const expected = createHmac('sha256', SECRET)
      .update(query.slice(0, at) + (request.body ?? ''))
      .digest('hex')
    if (at < 0 || params.get('signature') !== expected || request.headers['x-mbx-apikey'] !== API_KEY) {
      return fail(400, -1022, 'Signature for this request is not valid.')
    }
    const timestamp = Number(params.get('timestamp'))
    const recvWindow = Number(params.get('recvWindow') ?? '5000')
    const now = this.serverTime()
    if (!(timestamp < now + 1000 && now - timestamp <= recvWindow)) {
      return fail(400, -1021, 'Timestamp for this request is outside of the recvWindow.')
    }
    const route = `${request.method} ${url.pathname}`
    switch (route) {
      case 'POST /api/v3/order':
        return this.place(params)
      case 'GET /api/v3/order':
      case 'DELETE /api/v3/order': {
        const order = this.find(params)
        if (order === undefined) {
          return request.method === 'GET'
            ? fail(400, -2013, 'Order does not exist.')
            : fail(400, -2011, 'Unknown order sent.')
        }
        if (request.method === 'DELETE') {
          order.status = 'CANCELED'
          return ok({ ...order, origClientOrderId: order.clientOrderId, clientOrderId: 'cancel-1' })
        }
        return ok(order)
      }
      case 'GET /api/v3/openOrders':
        return ok([...this.orders.values()].filter((o) => o.status === 'NEW'))
      case 'GET /api/v3/allOrders':
        // newest first, as a reader must not rely on the venue's order
        return ok([...this.orders.values()].reverse())
      case 'GET /api/v3/myTrades': {
        const [trade] = fixture('rest-my-trades.json') as Record<string, unknown>[]
        const at = (id: number, time: number) => ({ ...trade, symbol: 'BTCUSDT', id, time })
        return ok([at(2, 1_700_000_002_000), at(1, 1_700_000_001_000)])
      }
      case 'GET /api/v3/account':
        return ok(fixture('rest-account.json'))
      default:
        return fail(404, -1, `no route ${route}`)
    }
  }

  private find(params: ReadonlyMap<string, string>): Record<string, unknown> | undefined {
    const id = params.get('orderId')
    if (id !== undefined) return [...this.orders.values()].find((o) => String(o.orderId) === id)
    return this.orders.get(params.get('origClientOrderId') ?? '')
  }

  private place(params: ReadonlyMap<string, string>): HttpResponse {
    const fault = this.faults.shift()
    if (fault === 503) return { status: 503, headers: {}, body: '<html>503 Service Unavailable</html>' }
    if (fault === 'lose-before-accept')
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    const cid = params.get('newClientOrderId') ?? ''
    if (this.orders.get(cid)?.status === 'NEW') return fail(400, -2010, 'Duplicate order sent.')
    const time = this.serverTime()
    const order = {
      symbol: params.get('symbol'),
      orderId: this.nextId++,
      orderListId: -1,
      clientOrderId: cid,
      transactTime: time,
      price: params.get('price') ?? '0.00000000',
      origQty: params.get('quantity') ?? '0.00000000',
      executedQty: '0.00000000',
      origQuoteOrderQty: params.get('quoteOrderQty') ?? '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'NEW',
      timeInForce: params.get('timeInForce') ?? 'GTC',
      type: params.get('type'),
      side: params.get('side'),
      workingTime: time,
      time,
      updateTime: time,
      selfTradePreventionMode: 'NONE',
    }
    this.orders.set(cid, order)
    if (fault === 'lose-after-accept')
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    const { time: _t, updateTime: _u, ...ack } = order
    return ok({ ...ack, fills: [] }, { 'x-mbx-order-count-10s': '1', 'x-mbx-used-weight-1m': '3' })
  }
}

function ok(body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }
}

function fail(status: number, code: number, msg: string): HttpResponse {
  return { status, headers: {}, body: JSON.stringify({ code, msg }) }
}
