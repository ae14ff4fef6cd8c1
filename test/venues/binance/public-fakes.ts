/**
 * Small local stand-ins for Binance's public endpoints, for the driver's unit tests: fixtures, an
 * exchangeInfo answer built from the documented fragments, and a `ws` server that speaks the market
 * streams' control protocol (acks by id) and lets a test push events. Loopback only, port 0, and every
 * wait is on an observed event. The HTTP stand-in is the venue-neutral one of the Bybit tests.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ReplaySubject, filter, firstValueFrom } from 'rxjs'
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws'

import type { FakeAnswer } from '../bybit/public-fakes.js'

export { FakeRest, changed, REMOVE, type FakeAnswer, type SeenRequest } from '../bybit/public-fakes.js'

/** A fixture's text. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/binance/${name}.json`, import.meta.url), 'utf8')
}

/** A fixture, parsed (a fresh copy each call). */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T
}

/**
 * `exchangeInfo` from the fixture, with the documented rate limits and symbol filters filled in, and
 * more symbols (same filters, other assets) added.
 */
export function exchangeInfo(extra: readonly (readonly [base: string, quote: string])[] = []): {
  symbols: Record<string, unknown>[]
  rateLimits: unknown[]
} {
  const info = fixture<{ symbols: Record<string, unknown>[]; rateLimits: unknown[] }>('rest-exchange-info')
  info.rateLimits = fixture<unknown[]>('rest-exchange-info-rate-limits')
  const eth = info.symbols[0] as Record<string, unknown>
  eth['filters'] = fixture<unknown[]>('rest-exchange-info-symbol-filters')
  for (const [base, quote] of extra) {
    info.symbols.push({ ...eth, symbol: `${base}${quote}`, baseAsset: base, quoteAsset: quote })
  }
  return info
}

/** A control message as a client sends it. */
export interface WsMessage {
  readonly method?: unknown
  readonly params?: readonly string[]
  readonly id?: unknown
}

/** A message the fake socket server received. */
export interface SeenFrame {
  readonly conn: number
  readonly kind: 'message' | 'close' | 'pong'
  readonly text: string
  readonly json: WsMessage | undefined
}

/** Options of {@link FakeBinanceWs}. */
export interface FakeWsOptions {
  /** Refuses a SUBSCRIBE naming this stream with `{code: 2, msg}`. */
  readonly refuse?: (stream: string) => string | undefined
}

/**
 * A `ws` server on 127.0.0.1 speaking the combined market streams' control protocol: it records the
 * URL of every connection and every message, answers SUBSCRIBE / UNSUBSCRIBE / GET_PROPERTY by id like
 * Binance does, and the test pushes events with {@link FakeBinanceWs.event}.
 */
export class FakeBinanceWs {
  readonly sockets: ServerSocket[] = []
  readonly urls: string[] = []
  readonly seen$ = new ReplaySubject<SeenFrame>()
  readonly log: SeenFrame[] = []
  /** Streams subscribed per connection (URL and SUBSCRIBE, minus UNSUBSCRIBE). */
  readonly streams: Set<string>[] = []
  private readonly opened$ = new ReplaySubject<number>()

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly options: FakeWsOptions,
  ) {
    wss.on('connection', (ws, request) => {
      const conn = this.sockets.push(ws) - 1
      const url = request.url ?? ''
      this.urls.push(url)
      const named = new URL(url, 'ws://x').searchParams.get('streams')
      this.streams.push(new Set(named ? named.split('/') : []))
      ws.on('message', (data) => {
        const text = String(data)
        let parsed: WsMessage | undefined
        try {
          parsed = JSON.parse(text) as WsMessage
        } catch {
          parsed = undefined
        }
        this.answer(conn, ws, parsed)
        this.record({ conn, kind: 'message', text, json: parsed })
      })
      ws.on('pong', (data) => this.record({ conn, kind: 'pong', text: String(data), json: undefined }))
      ws.on('close', (code) => this.record({ conn, kind: 'close', text: String(code), json: undefined }))
      this.opened$.next(conn)
    })
  }

  static start(options: FakeWsOptions = {}): Promise<FakeBinanceWs> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
      wss.once('listening', () => resolve(new FakeBinanceWs(wss, options)))
      wss.once('error', reject)
    })
  }

  /** The base URL (the driver adds `/stream?streams=`). */
  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`
  }

  /** Resolves once connection `conn` (0-based) is open. */
  opened(conn: number): Promise<number> {
    return firstValueFrom(this.opened$.pipe(filter((c) => c === conn)))
  }

  /** The next record (counting from the first) on `conn` that matches. */
  next(conn: number, match: (frame: SeenFrame) => boolean = () => true): Promise<SeenFrame> {
    return firstValueFrom(this.seen$.pipe(filter((s) => s.conn === conn && match(s))))
  }

  /** Resolves once `stream` is subscribed on `conn` (by URL or SUBSCRIBE). */
  async subscribed(conn: number, stream: string): Promise<void> {
    await this.opened(conn)
    if (this.streams[conn]?.has(stream)) return
    await this.next(conn, (s) => s.json?.method === 'SUBSCRIBE' && !!s.json.params?.includes(stream))
  }

  /** Messages of one method seen so far on `conn`. */
  messages(conn: number, method?: string): WsMessage[] {
    return this.log
      .filter(
        (s) => s.conn === conn && s.kind === 'message' && (method === undefined || s.json?.method === method),
      )
      .map((s) => s.json as WsMessage)
  }

  /** Pushes a combined-stream event on `conn`. */
  event(conn: number, stream: string, data: unknown): void {
    this.raw(conn, JSON.stringify({ stream, data }))
  }

  /** Pushes text as it is on `conn`. */
  raw(conn: number, text: string): void {
    this.sockets[conn]?.send(text)
  }

  /** Drops connection `conn` without a close handshake. */
  drop(conn: number): void {
    this.sockets[conn]?.terminate()
  }

  close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate()
    return new Promise((resolve, reject) => this.wss.close((e) => (e ? reject(e) : resolve())))
  }

  private record(seen: SeenFrame): void {
    this.log.push(seen)
    this.seen$.next(seen)
  }

  private answer(conn: number, ws: ServerSocket, message: WsMessage | undefined): void {
    if (message === undefined) return
    const streams = this.streams[conn] as Set<string>
    if (message.method === 'SUBSCRIBE') {
      const refused = (message.params ?? []).map((s) => this.options.refuse?.(s)).find((r) => r !== undefined)
      if (refused !== undefined) {
        ws.send(JSON.stringify({ code: 2, msg: refused, id: message.id }))
        return
      }
      for (const s of message.params ?? []) streams.add(s)
      ws.send(JSON.stringify({ result: null, id: message.id }))
    } else if (message.method === 'UNSUBSCRIBE') {
      for (const s of message.params ?? []) streams.delete(s)
      ws.send(JSON.stringify({ result: null, id: message.id }))
    } else if (message.method === 'GET_PROPERTY') {
      ws.send(JSON.stringify({ result: true, id: message.id }))
    }
  }
}

/** A `depthUpdate` event covering `U`..`u`. */
export function depthEvent(
  symbol: string,
  U: number,
  u: number,
  bids: readonly (readonly [string, string])[] = [],
  asks: readonly (readonly [string, string])[] = [],
): Record<string, unknown> {
  return { e: 'depthUpdate', E: 1_700_000_000_000 + u, s: symbol, U, u, b: bids, a: asks }
}

/** An answer of {@link AsyncRest}: now, or when the test resolves it. */
export type AsyncHandler = (query: URLSearchParams) => FakeAnswer | Promise<FakeAnswer>

/** A node:http server on 127.0.0.1 whose handlers may answer later (a snapshot held back by the test). */
export class AsyncRest {
  readonly requests: { readonly path: string; readonly query: URLSearchParams }[] = []
  readonly requested$ = new ReplaySubject<string>()

  private constructor(
    private readonly server: Server,
    readonly routes: Map<string, AsyncHandler>,
  ) {}

  static start(routes: Record<string, AsyncHandler>): Promise<AsyncRest> {
    const table = new Map(Object.entries(routes))
    return new Promise((resolve, reject) => {
      let fake: AsyncRest | undefined = undefined
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        fake?.requests.push({ path: url.pathname, query: url.searchParams })
        fake?.requested$.next(url.pathname)
        const handler = table.get(url.pathname)
        void Promise.resolve(handler ? handler(url.searchParams) : { status: 404, body: 'Not Found' }).then(
          (answer) => {
            res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
            res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body))
          },
        )
      })
      fake = new AsyncRest(server, table)
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve(fake as AsyncRest))
    })
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Requests to one path so far. */
  to(path: string): number {
    return this.requests.filter((r) => r.path === path).length
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())))
  }
}
