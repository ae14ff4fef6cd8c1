/**
 * A small fake of Bybit's private API for the driver's tests: a node:http server that checks every
 * signature itself (node:crypto, not the driver's signer) and keeps an order book of the account's
 * orders, and a `ws` server that speaks the private WebSocket's auth / subscribe / ping protocol.
 * Faults are scripted per path: lose the answer (after recording the order or not), answer 5xx, answer a
 * retCode.
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export const API_KEY = 'fake-api-key-0001'
export const SECRET = 'fake-secret-0123456789abcdef'

export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/bybit/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >

/** One request as the fake saw it. */
export interface SeenRequest {
  readonly method: string
  readonly path: string
  /** The raw query string as received. */
  readonly query: string
  readonly params: URLSearchParams
  readonly body: string
  readonly headers: IncomingMessage['headers']
  readonly signatureOk: boolean
  readonly timestamp: number | undefined
}

/** What the fake does with the next request to a path. */
export type Fault =
  | { readonly kind: 'lose'; readonly record: boolean }
  | { readonly kind: 'status'; readonly status: number; readonly record: boolean }
  | { readonly kind: 'retCode'; readonly retCode: number; readonly retMsg: string }

type Wire = Record<string, unknown>

const OPEN = new Set(['New', 'PartiallyFilled', 'Untriggered'])

export class FakeBybit {
  readonly requests: SeenRequest[] = []
  /** Orders by orderLinkId, in the venue's wire shape. */
  readonly orders = new Map<string, Wire>()
  readonly wsMessages: Wire[] = []
  readonly authReplies: boolean[] = []
  connections = 0
  clockOffsetMs = 0
  checkTimestamps = false
  restUrl = ''
  wsUrl = ''
  private readonly faults = new Map<string, Fault[]>()
  private readonly sockets = new Set<WebSocket>()
  private readonly authed = new Set<WebSocket>()
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = []
  private nextId = 1000
  private http!: Server
  private wss!: WebSocketServer

  static async start(): Promise<FakeBybit> {
    const fake = new FakeBybit()
    fake.http = createServer((req, res) => fake.handle(req, res))
    await new Promise<void>((resolve) => fake.http.listen(0, '127.0.0.1', resolve))
    fake.restUrl = `http://127.0.0.1:${(fake.http.address() as AddressInfo).port}`
    fake.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => fake.wss.once('listening', resolve))
    fake.wsUrl = `ws://127.0.0.1:${(fake.wss.address() as AddressInfo).port}/v5/private`
    fake.wss.on('connection', (ws) => fake.connected(ws))
    return fake
  }

  now(): number {
    return Date.now() + this.clockOffsetMs
  }

  /** Scripts what happens to the next request(s) to `path`. */
  fail(path: string, ...faults: Fault[]): void {
    this.faults.set(path, [...(this.faults.get(path) ?? []), ...faults])
  }

  /** Requests to a path, in order. */
  seen(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path)
  }

  /** Resolves once `check` holds, re-checked whenever the fake handles something. */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ check, resolve }))
  }

  /** Adds an order as if placed earlier. */
  seed(order: Wire): void {
    this.orders.set(String(order['orderLinkId']), order)
  }

  /** Sends a frame to every authenticated private socket. */
  push(frame: unknown): void {
    for (const ws of this.authed) ws.send(JSON.stringify(frame))
  }

  /** Drops every private socket (the client should reconnect). */
  dropSockets(): void {
    for (const ws of this.sockets) ws.terminate()
  }

  subscriptions(): string[] {
    return this.wsMessages.filter((m) => m['op'] === 'subscribe').flatMap((m) => m['args'] as string[])
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate()
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  private changed(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1)
        w.resolve()
      }
    }
  }

  // ---- REST ----

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      try {
        this.route(req, res, body)
      } finally {
        this.changed()
      }
    })
  }

  private route(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const query = q < 0 ? '' : url.slice(q + 1)
    const method = req.method ?? 'GET'
    const headers = req.headers
    const key = header(headers, 'x-bapi-api-key')
    const ts = header(headers, 'x-bapi-timestamp')
    const recv = header(headers, 'x-bapi-recv-window')
    const sign = header(headers, 'x-bapi-sign')
    const payload = method === 'GET' ? query : body
    const expected =
      ts !== undefined && recv !== undefined
        ? createHmac('sha256', SECRET).update(`${ts}${API_KEY}${recv}${payload}`).digest('hex')
        : undefined
    const signatureOk = key === API_KEY && sign !== undefined && sign === expected
    const seen: SeenRequest = {
      method,
      path,
      query,
      params: new URLSearchParams(query),
      body,
      headers,
      signatureOk,
      timestamp: ts === undefined ? undefined : Number(ts),
    }
    this.requests.push(seen)

    if (path === '/v5/market/time') {
      const now = this.now()
      return send(res, ok({ timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` }, now))
    }
    if (path === '/v5/market/instruments-info')
      return send(res, JSON.stringify(fixture('rest-instruments-info-spot')))

    if (key !== API_KEY) return send(res, error(10003, 'API key is invalid.'))
    if (!signatureOk) {
      // Bybit echoes the pre-hash string, API key included; the driver must not repeat it.
      return send(res, error(10004, `error sign! origin_string[${ts ?? ''}${key}${recv ?? ''}${payload}]`))
    }
    if (this.checkTimestamps) {
      const now = this.now()
      const t = Number(ts)
      if (!(now - Number(recv) <= t && t < now + 1000)) {
        return send(
          res,
          error(10002, 'invalid request, please check your server timestamp or recv_window param'),
        )
      }
    }
    const fault = this.faults.get(path)?.shift()
    if (fault?.kind === 'retCode') return send(res, error(fault.retCode, fault.retMsg))
    const record = fault === undefined || fault.record
    const answer = this.answer(method, path, seen.params, body, record)
    if (fault?.kind === 'lose') {
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/html' })
      res.end('<html><body>502 Bad Gateway</body></html>')
      return
    }
    send(res, answer, {
      'x-bapi-limit-status': '19',
      'x-bapi-limit': '20',
      'x-bapi-limit-reset-timestamp': String(this.now()),
    })
  }

  private answer(
    method: string,
    path: string,
    params: URLSearchParams,
    body: string,
    record: boolean,
  ): string {
    const json = body ? (JSON.parse(body) as Wire) : {}
    switch (`${method} ${path}`) {
      case 'POST /v5/order/create': {
        const linkId = String(json['orderLinkId'])
        if (this.orders.has(linkId)) return error(170141, 'Duplicate clientOrderId.')
        const order = this.newOrder(json)
        if (record) this.orders.set(linkId, order)
        return ok({ orderId: order['orderId'], orderLinkId: linkId })
      }
      case 'POST /v5/order/cancel': {
        const order = this.find(json)
        if (!order) return error(170213, 'Order does not exist.')
        if (order['orderStatus'] === 'Filled') return error(170139, 'Order has been filled.')
        if (!OPEN.has(String(order['orderStatus']))) return error(170142, 'Order has been cancelled.')
        order['orderStatus'] = 'Cancelled'
        order['updatedTime'] = String(this.now())
        return ok({ orderId: order['orderId'], orderLinkId: order['orderLinkId'] })
      }
      case 'POST /v5/order/amend': {
        const order = this.find(json)
        if (!order) return error(170213, 'Order does not exist.')
        if (json['price'] !== undefined) order['price'] = json['price']
        if (json['qty'] !== undefined) order['qty'] = json['qty']
        return ok({ orderId: order['orderId'], orderLinkId: order['orderLinkId'] })
      }
      case 'POST /v5/order/cancel-all': {
        const list = [...this.orders.values()].filter(
          (o) =>
            OPEN.has(String(o['orderStatus'])) &&
            (json['symbol'] === undefined || o['symbol'] === json['symbol']),
        )
        for (const o of list) o['orderStatus'] = 'Cancelled'
        return ok({ list: list.map((o) => ({ orderId: o['orderId'], orderLinkId: o['orderLinkId'] })) })
      }
      case 'GET /v5/order/realtime':
      case 'GET /v5/order/history': {
        const openOnly = params.get('openOnly')
        const list = [...this.orders.values()].filter((o) => {
          if (params.get('orderId') && o['orderId'] !== params.get('orderId')) return false
          if (params.get('orderLinkId') && o['orderLinkId'] !== params.get('orderLinkId')) return false
          if (params.get('symbol') && o['symbol'] !== params.get('symbol')) return false
          const open = OPEN.has(String(o['orderStatus']))
          if (path.endsWith('realtime')) return openOnly === '1' ? !open : open
          return true
        })
        return ok({ category: 'spot', list: [...list].reverse(), nextPageCursor: '' })
      }
      case 'GET /v5/account/wallet-balance': {
        const answer = fixture('rest-wallet-balance-unified')
        const result = answer['result'] as { list: { coin: Wire[] }[] }
        const coins = result.list[0]?.coin ?? []
        coins.push({ ...coins[0], coin: 'USDT', walletBalance: '1000.123456', locked: '200.1' })
        return JSON.stringify(answer)
      }
      case 'GET /v5/execution/list': {
        const push = fixture('ws-execution')
        const x = (push['data'] as Wire[])[0]
        return ok({
          category: 'spot',
          list: [{ ...x, symbol: 'BTCUSDT', category: undefined }],
          nextPageCursor: '',
        })
      }
      default:
        return error(10001, `no route ${method} ${path}`)
    }
  }

  private newOrder(json: Wire): Wire {
    const now = String(this.now())
    return {
      orderId: String(this.nextId++),
      orderLinkId: json['orderLinkId'],
      symbol: json['symbol'],
      price: json['price'] ?? '0',
      qty: json['qty'],
      side: json['side'],
      orderStatus: 'New',
      cancelType: 'UNKNOWN',
      rejectReason: 'EC_NoError',
      avgPrice: '',
      leavesQty: json['qty'],
      cumExecQty: '0',
      cumExecValue: '0',
      cumExecFee: '0',
      timeInForce: json['timeInForce'],
      orderType: json['orderType'],
      marketUnit: json['marketUnit'] ?? '',
      createdTime: now,
      updatedTime: now,
    }
  }

  private find(json: Wire): Wire | undefined {
    if (json['orderId'] !== undefined)
      return [...this.orders.values()].find((o) => o['orderId'] === json['orderId'])
    return this.orders.get(String(json['orderLinkId']))
  }

  // ---- private WebSocket ----

  private connected(ws: WebSocket): void {
    this.connections++
    this.sockets.add(ws)
    ws.on('close', () => {
      this.sockets.delete(ws)
      this.authed.delete(ws)
    })
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as Wire
      this.wsMessages.push(m)
      const reply = (r: Wire) => ws.send(JSON.stringify({ ...r, conn_id: `conn-${this.connections}` }))
      if (m['op'] === 'auth') {
        const [key, expires, signature] = m['args'] as [string, number, string]
        const expected = createHmac('sha256', SECRET).update(`GET/realtime${expires}`).digest('hex')
        const good = key === API_KEY && signature === expected && expires > this.now()
        this.authReplies.push(good)
        if (good) this.authed.add(ws)
        reply({ success: good, ret_msg: good ? '' : 'Request not authorized', op: 'auth' })
      } else if (m['op'] === 'subscribe') {
        const good = this.authed.has(ws)
        reply({ success: good, ret_msg: good ? '' : 'not authorized', op: 'subscribe', req_id: m['req_id'] })
      } else if (m['op'] === 'ping') {
        reply({ req_id: m['req_id'], op: 'pong', args: [String(this.now())] })
      }
      this.changed()
    })
    this.changed()
  }
}

function header(headers: IncomingMessage['headers'], name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

function ok(result: unknown, time = Date.now()): string {
  return JSON.stringify({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time })
}

function error(retCode: number, retMsg: string): string {
  return JSON.stringify({ retCode, retMsg, result: {}, retExtInfo: {}, time: Date.now() })
}

function send(res: ServerResponse, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers })
  res.end(body)
}
