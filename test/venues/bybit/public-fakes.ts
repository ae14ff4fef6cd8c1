/**
 * Small local stand-ins for Bybit's public endpoints, for the driver's unit tests: an HTTP server that
 * answers from handlers (fixtures, generated series), a `ws` server that speaks the public socket's
 * control protocol (acks, pongs) and lets a test push frames, and fixture helpers. Loopback only,
 * port 0, and every wait is on an observed event.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ReplaySubject, filter, firstValueFrom } from 'rxjs'
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws'

/** A fixture's text. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/bybit/${name}.json`, import.meta.url), 'utf8')
}

/** A fixture, parsed (a fresh copy each call). */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T
}

/**
 * A copy of `value` with the value at `path` replaced by `change(old)`, or removed when `change`
 * returns {@link REMOVE}.
 *
 * @example
 * changed(frame, ['data', 'b', 3, 0], () => 30240.3)
 */
export function changed(
  value: unknown,
  path: readonly (string | number)[],
  change: (old: unknown) => unknown,
): unknown {
  const copy = structuredClone(value)
  let at = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  const next = change(at[last])
  if (next === REMOVE) delete at[last]
  else at[last] = next
  return copy
}

/** Returned by a {@link changed} callback to delete the key. */
export const REMOVE: unique symbol = Symbol('remove')

/** A Bybit success envelope around `result`. */
export function envelope(result: unknown, time = 1_700_000_000_000): Record<string, unknown> {
  return { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time }
}

/** The instruments fixture with more spot pairs added (same filters, other coins). */
export function instrumentsAnswer(extra: readonly (readonly [base: string, quote: string])[] = []): unknown {
  const answer = fixture<{ result: { list: Record<string, unknown>[] } }>('rest-instruments-info-spot')
  const btc = answer.result.list[0]
  for (const [base, quote] of extra) {
    answer.result.list.push({ ...btc, symbol: `${base}${quote}`, baseCoin: base, quoteCoin: quote })
  }
  return answer
}

/** One answer of the fake REST server. */
export interface FakeAnswer {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  /** An object is sent as JSON. */
  readonly body: unknown
}

/** What the fake REST server was asked. */
export interface SeenRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingMessage['headers']
}

export type Handler = (query: URLSearchParams, request: SeenRequest) => FakeAnswer

/** A node:http server on 127.0.0.1 answering by path; unknown paths get a Bybit-style 404. */
export class FakeRest {
  readonly requests: SeenRequest[] = []

  private constructor(
    private readonly server: Server,
    readonly routes: Map<string, Handler>,
  ) {}

  static start(routes: Record<string, Handler>): Promise<FakeRest> {
    const table = new Map(Object.entries(routes))
    return new Promise((resolve, reject) => {
      let fake: FakeRest | undefined = undefined
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const seen: SeenRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
        }
        fake?.requests.push(seen)
        const handler = table.get(url.pathname)
        const answer = handler ? handler(url.searchParams, seen) : { status: 404, body: 'Not Found' }
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
        res.end(body)
      })
      fake = new FakeRest(server, table)
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve(fake as FakeRest))
    })
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Requests to one path. */
  to(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path)
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())))
  }
}

/** A control message as a client sends it. */
export interface WsMessage {
  readonly op?: unknown
  readonly args?: readonly string[]
  readonly req_id?: unknown
}

/** A message the fake socket server received, or a connection closing. */
export interface SeenFrame {
  readonly conn: number
  readonly kind: 'message' | 'close'
  readonly text: string
  /** The parsed message, for `message`. */
  readonly json: WsMessage | undefined
}

/** Options of {@link FakeBybitWs}. */
export interface FakeWsOptions {
  /** Answer subscribes and unsubscribes with a success ack. Default true. */
  readonly autoAck?: boolean
  /** The `ret_msg` refusing a topic of a subscribe message, or `undefined` to accept it. */
  readonly refuse?: (topic: string) => string | undefined
  /** Answer pings with spot pongs. Default true. */
  readonly autoPong?: boolean
}

/**
 * A `ws` server on 127.0.0.1 speaking the public spot socket's control protocol. It records every
 * message per connection (`seen$`), acknowledges subscriptions and answers pings like Bybit does;
 * frames are pushed by the test with {@link FakeBybitWs.send}.
 */
export class FakeBybitWs {
  readonly sockets: ServerSocket[] = []
  readonly seen$ = new ReplaySubject<SeenFrame>()
  readonly log: SeenFrame[] = []

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly options: FakeWsOptions,
  ) {
    wss.on('connection', (ws) => {
      const conn = this.sockets.push(ws) - 1
      ws.on('message', (data) => {
        const text = String(data)
        let parsed: WsMessage | undefined
        try {
          parsed = JSON.parse(text) as WsMessage
        } catch {
          parsed = undefined
        }
        this.record({ conn, kind: 'message', text, json: parsed })
        this.answer(ws, parsed)
      })
      ws.on('close', (code) => this.record({ conn, kind: 'close', text: String(code), json: undefined }))
    })
  }

  static start(options: FakeWsOptions = {}): Promise<FakeBybitWs> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
      wss.once('listening', () => resolve(new FakeBybitWs(wss, options)))
      wss.once('error', reject)
    })
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`
  }

  /** The next message seen on `conn` (counting from now and earlier) that matches. */
  next(conn: number, match: (frame: SeenFrame) => boolean = () => true): Promise<SeenFrame> {
    return firstValueFrom(this.seen$.pipe(filter((s) => s.conn === conn && match(s))))
  }

  /** The `n`-th (0-based) subscribe message naming `topic` on `conn`. */
  subscribed(conn: number, topic: string, n = 0): Promise<SeenFrame> {
    let count = 0
    return this.next(
      conn,
      (s) =>
        s.kind === 'message' && s.json?.op === 'subscribe' && !!s.json.args?.includes(topic) && count++ === n,
    )
  }

  /** The `n`-th (0-based) unsubscribe message naming `topic` on `conn`. */
  unsubscribed(conn: number, topic: string, n = 0): Promise<SeenFrame> {
    let count = 0
    return this.next(
      conn,
      (s) =>
        s.kind === 'message' &&
        s.json?.op === 'unsubscribe' &&
        !!s.json.args?.includes(topic) &&
        count++ === n,
    )
  }

  /** Messages of one op seen so far on `conn`. */
  messages(conn: number, op?: string): WsMessage[] {
    return this.log
      .filter((s) => s.conn === conn && s.kind === 'message' && (op === undefined || s.json?.op === op))
      .map((s) => s.json as WsMessage)
  }

  /** Pushes a frame (an object is sent as JSON, a string as it is) on `conn`. */
  send(conn: number, frame: unknown): void {
    this.sockets[conn]?.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate()
    return new Promise((resolve, reject) => this.wss.close((e) => (e ? reject(e) : resolve())))
  }

  private record(seen: SeenFrame): void {
    this.log.push(seen)
    this.seen$.next(seen)
  }

  private answer(ws: ServerSocket, message: WsMessage | undefined): void {
    if (message?.op === 'ping' && this.options.autoPong !== false) {
      ws.send(JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'fake', op: 'ping' }))
      return
    }
    if ((message?.op !== 'subscribe' && message?.op !== 'unsubscribe') || this.options.autoAck === false)
      return
    const refused =
      message.op === 'subscribe' ? (message.args ?? []).map((a) => this.options.refuse?.(a)) : []
    const reason = refused.find((r) => r !== undefined)
    ws.send(
      JSON.stringify({
        success: reason === undefined,
        ret_msg: reason ?? (message.op === 'subscribe' ? 'subscribe' : ''),
        conn_id: 'fake',
        req_id: message.req_id,
        op: message.op,
      }),
    )
  }
}

/** A spot `orderbook` frame. */
export function bookFrame(
  topic: string,
  type: 'snapshot' | 'delta',
  u: number,
  bids: readonly (readonly [string, string])[],
  asks: readonly (readonly [string, string])[],
  ts = 1_700_000_000_000 + u,
): Record<string, unknown> {
  const symbol = topic.slice(topic.lastIndexOf('.') + 1)
  return { topic, type, ts, data: { s: symbol, b: bids, a: asks, u, seq: 7_000_000_000 + u }, cts: ts - 2 }
}
