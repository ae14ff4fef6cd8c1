/**
 * The WebSocket connections of one simulated endpoint: a registry of per-connection state, sends that
 * an injected silence swallows, the venue's pong and heartbeat policy, an incoming-message limit,
 * per-connection sequence numbers, and termination.
 */
import { performance } from 'node:perf_hooks'
import { WebSocket } from 'ws'
import { Heartbeat } from './heartbeat.js'
import { RateWindow } from './rate-window.js'

/**
 * Whether the simulator is silenced (see `faults.silence`): nothing is sent meanwhile, pongs included.
 *
 * @example
 * const silence: SocketSilence = faults
 * if (!silence.silenced) ws.send(text)
 */
export interface SocketSilence {
  readonly silenced: boolean
}

/**
 * Why the simulator closed a connection: too many incoming messages, or no pong in time.
 *
 * @example
 * const reason: CloseReason = 'pong-timeout'
 */
export type CloseReason = 'message-rate' | 'pong-timeout'

/**
 * How a hub serves its connections; `C` is the venue's state of one connection.
 *
 * @example
 * const options: SocketHubOptions<Conn> = {
 *   open: (ws, n) => ({ ws, id: n, topics: new Set<string>() }),
 *   message: (conn, text) => receive(conn, text),
 *   closed: (conn) => emit({ type: 'disconnected', connId: conn.id }),
 *   pong: true,
 * }
 */
export interface SocketHubOptions<C extends { readonly ws: WebSocket }> {
  /** The state of a new connection, the `n`th of this hub. */
  open(ws: WebSocket, n: number): C
  /** After the connection is registered and listened to. */
  opened?(conn: C): void
  /** A text message arrived (and was within the message limit). */
  message(conn: C, text: string): void
  closed?(conn: C, reason: CloseReason | undefined): void
  /** Answer the client's ping frames with pongs (never while silenced). Default: no pongs. */
  readonly pong?: boolean | undefined
  /** Ping every `intervalMs` (real time); close a connection whose pong is `timeoutMs` late. */
  readonly heartbeat?: { readonly intervalMs: number; readonly timeoutMs: number } | undefined
  /** More than `perSecond` incoming frames (messages, pings and pongs) in any second closes with 1008. */
  readonly messageLimit?: { readonly perSecond: number; readonly reason: string } | undefined
}

interface Extra {
  readonly heartbeat: Heartbeat | undefined
  readonly window: RateWindow | undefined
  reason: CloseReason | undefined
  sequence: number
}

/**
 * The connections of one endpoint.
 *
 * @example
 * const hub = server.hub({ open: (ws, n) => ({ ws, id: n }), message: (c, text) => answer(c, text) })
 * for (const conn of hub) hub.send(conn, JSON.stringify({ type: 'heartbeat', sequence_num: hub.sequence(conn) }))
 */
export class SocketHub<C extends { readonly ws: WebSocket }> implements Iterable<C> {
  private readonly conns = new Map<C, Extra>()
  private count = 0

  constructor(
    private readonly silence: SocketSilence,
    private readonly options: SocketHubOptions<C>,
  ) {}

  /** Serves a new connection. */
  connect(ws: WebSocket): C {
    const o = this.options
    const conn = o.open(ws, ++this.count)
    const extra: Extra = {
      heartbeat:
        o.heartbeat &&
        new Heartbeat(
          ws,
          o.heartbeat.intervalMs,
          o.heartbeat.timeoutMs,
          () => this.silence.silenced,
          () => {
            extra.reason ??= 'pong-timeout'
            ws.terminate()
          },
        ),
      window: o.messageLimit && new RateWindow(o.messageLimit.perSecond, 1000),
      reason: undefined,
      sequence: 0,
    }
    this.conns.set(conn, extra)
    ws.on('message', (data) => {
      if (this.counted(conn, extra)) o.message(conn, String(data))
    })
    ws.on('ping', (data) => {
      if (this.counted(conn, extra) && o.pong && !this.silence.silenced && ws.readyState === WebSocket.OPEN)
        ws.pong(data)
    })
    ws.on('pong', () => {
      extra.heartbeat?.pong()
      this.counted(conn, extra)
    })
    ws.on('error', () => undefined)
    ws.on('close', () => {
      extra.heartbeat?.stop()
      this.conns.delete(conn)
      o.closed?.(conn, extra.reason)
    })
    o.opened?.(conn)
    return conn
  }

  /** Open connections. */
  get size(): number {
    return this.conns.size
  }

  [Symbol.iterator](): Iterator<C> {
    return this.conns.keys()
  }

  /** Sends a text frame, unless silenced or the connection is no longer open. */
  send(conn: C, text: string): void {
    if (this.silence.silenced || conn.ws.readyState !== WebSocket.OPEN) return
    conn.ws.send(text)
  }

  /** The next of the connection's own sequence numbers (1, 2, ...), for venues that number frames per connection. */
  sequence(conn: C): number {
    const extra = this.conns.get(conn)
    return extra === undefined ? 0 : ++extra.sequence
  }

  /** Terminates every connection at once, without a close handshake. */
  terminateAll(): void {
    for (const [conn, extra] of this.conns) {
      extra.heartbeat?.stop()
      conn.ws.terminate()
    }
  }

  /** Counts an incoming frame; over the limit, the connection is closed and `false` returned. */
  private counted(conn: C, extra: Extra): boolean {
    const limit = this.options.messageLimit
    if (extra.window === undefined || limit === undefined) return true
    if (extra.window.take(performance.now()).allowed) return true
    if (extra.reason === undefined) {
      extra.reason = 'message-rate'
      extra.heartbeat?.stop()
      conn.ws.close(1008, limit.reason)
    }
    return false
  }
}
