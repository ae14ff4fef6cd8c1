import { WebSocket, type ClientOptions } from 'ws'
import type { WebSocketCtor } from '../../lib/transport/socket.js'

/**
 * A `ws` WebSocket constructor that keeps every socket it makes, for tests that look at the client's
 * own sockets (their `readyState` once a close resolved).
 *
 * @example
 * const { made, Ctor } = recordingWebSocket()
 * createSocket({ url, venue: 'loopback', WebSocketCtor: Ctor })
 */
export function recordingWebSocket(): { readonly made: WebSocket[]; readonly Ctor: WebSocketCtor } {
  const made: WebSocket[] = []
  class Recorded extends WebSocket {
    constructor(url: string, protocols?: string | string[], options?: ClientOptions) {
      super(url, protocols, options)
      made.push(this)
    }
  }
  return { made, Ctor: Recorded as unknown as WebSocketCtor }
}
