/**
 * The connections of one WebSocket endpoint and the topics each holds; a connection that closes
 * leaves its topics. Public feeds, private streams and user channels alike are one.
 */
import type { WebSocket } from 'ws'
import type { SocketHub, SocketHubOptions } from './socket-hub.js'
import { Subscriptions } from './subscriptions.js'

/**
 * An endpoint's connections `C` and their topics.
 *
 * @example
 * const topics = new TopicHub((o) => ctx.hub(o), { open: (ws, n) => ({ ws, id: n }), message: (c, text) => receive(c, text) })
 * topics.subs.add(topics.connect(ws), 'order')
 * for (const c of topics.subs.subscribers('order')) topics.send(c, text)
 */
export class TopicHub<C extends { readonly ws: WebSocket }> {
  /** Who holds which topic. */
  readonly subs = new Subscriptions<C>()
  /** The connections. */
  protected readonly hub: SocketHub<C>

  constructor(hub: (options: SocketHubOptions<C>) => SocketHub<C>, options: SocketHubOptions<C>) {
    this.hub = hub({
      ...options,
      closed: (conn, reason) => {
        this.subs.drop(conn)
        options.closed?.(conn, reason)
      },
    })
  }

  /** Serves a new connection. */
  connect(ws: WebSocket): C {
    return this.hub.connect(ws)
  }

  /** Open connections. */
  get size(): number {
    return this.hub.size
  }

  /** The open connections. */
  conns(): C[] {
    return [...this.hub]
  }

  /** True when some connection holds `topic`. */
  has(topic: string): boolean {
    return this.subs.has(topic)
  }

  /** Sends a frame to one connection (an answer, an acknowledgement, a push). */
  send(conn: C, text: string): void {
    this.hub.send(conn, text)
  }
}
