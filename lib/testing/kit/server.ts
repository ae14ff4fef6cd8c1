/**
 * The bootstrap of a loopback simulator: one HTTP server whose requests go to the venue's HTTP handler
 * and whose WebSocket upgrades go, by path, to the venue's socket hubs; CORS on every HTTP answer so a
 * browser test can call it; a switch that refuses new connections; one `close()` for all of it.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { SocketHub, type SocketHubOptions, type SocketSilence } from './socket-hub.js'

/**
 * An upgrade the venue turns down, answered as a plain HTTP response instead of a WebSocket.
 *
 * @example
 * const refusal: UpgradeRefusal = { status: 400, body: '{"code":2,"msg":"Invalid request"}' }
 */
export interface UpgradeRefusal {
  readonly status: number
  readonly body: string
  /** Default `application/json`. */
  readonly contentType?: string | undefined
}

/**
 * What the venue does with an upgrade request: takes the WebSocket (a function that serves it),
 * refuses it with an HTTP answer, or (`undefined`) does not know the path, and the socket is destroyed.
 *
 * @example
 * const route = (url: URL): UpgradeAnswer | undefined =>
 *   url.pathname === '/v5/public/spot' ? (ws) => publicHub.connect(ws) : undefined
 */
export type UpgradeAnswer = ((ws: WebSocket, req: IncomingMessage) => void) | UpgradeRefusal

/**
 * One simulator's server.
 *
 * @example
 * const server = new SimServer((req, res) => intake.handle(req, res), (url) => route(url), faults)
 * await server.listen('127.0.0.1', 0)
 * server.port // a free port
 * await server.close()
 */
export class SimServer {
  /** The port listened on, once listening. */
  port = 0
  private readonly server: Server
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false })
  private readonly hubs: SocketHub<{ readonly ws: WebSocket }>[] = []
  private refusing = false
  private closing: Promise<void> | undefined

  constructor(
    http: (req: IncomingMessage, res: ServerResponse) => void,
    upgrade: (url: URL, req: IncomingMessage) => UpgradeAnswer | undefined,
    private readonly silence: SocketSilence,
    clock?: () => number,
  ) {
    this.server = createServer((req, res) => {
      // the venue's time, as a server's `Date` reads its own clock; a driver with no time endpoint reads it
      if (clock !== undefined) res.setHeader('Date', new Date(clock()).toUTCString())
      res.setHeader('Access-Control-Allow-Origin', '*')
      // A browser client reads the venue's limit headers (X-Bapi-Limit-Status, X-MBX-USED-WEIGHT-1M).
      res.setHeader('Access-Control-Expose-Headers', '*')
      if (req.method === 'OPTIONS') return preflight(req, res)
      http(req, res)
    })
    this.server.on('connection', (socket) => {
      if (this.refusing) socket.destroy()
    })
    this.server.on('upgrade', (req, socket, head) => {
      const answer =
        this.closing === undefined ? upgrade(new URL(req.url ?? '/', 'http://sim'), req) : undefined
      if (answer === undefined) return socket.destroy()
      if (typeof answer === 'function') {
        this.wss.handleUpgrade(req, socket, head, (ws) => answer(ws, req))
        return
      }
      const body = Buffer.from(answer.body)
      socket.end(
        `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\n` +
          `Content-Type: ${answer.contentType ?? 'application/json'}\r\n` +
          `Content-Length: ${body.length}\r\nAccess-Control-Allow-Origin: *\r\n\r\n${answer.body}`,
      )
    })
  }

  /** Listens on `host` and `port` (0: a free one). */
  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    this.port = (this.server.address() as AddressInfo).port
  }

  /** A new hub of WebSocket connections, dropped with the others and closed with the server. */
  hub<C extends { readonly ws: WebSocket }>(options: SocketHubOptions<C>): SocketHub<C> {
    const hub = new SocketHub(this.silence, options)
    this.hubs.push(hub)
    return hub
  }

  /** While on, every new TCP connection (HTTP or WebSocket) is reset as soon as it is accepted. */
  refuseConnections(on: boolean): void {
    this.refusing = on
  }

  /** Terminates every WebSocket and drops idle HTTP connections, as a network outage does. */
  dropSockets(): void {
    for (const hub of this.hubs) hub.terminateAll()
    this.server.closeIdleConnections()
  }

  /** Stops listening; resolves once every socket is gone. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const hub of this.hubs) hub.terminateAll()
      // A handshake that was under way when the hubs were emptied.
      for (const ws of this.wss.clients) ws.terminate()
      await new Promise<void>((resolve) => this.wss.close(() => resolve()))
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
      this.server.closeAllConnections()
      await closed
    })()
    return this.closing
  }
}

/** Answers a CORS preflight: any method, the headers asked for. */
function preflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
    'Access-Control-Max-Age': '600',
  })
  res.end()
}
