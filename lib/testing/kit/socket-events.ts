/**
 * What a venue's WebSocket endpoints report on its `events$`: a connection opened or closed, topics
 * taken or left. Each venue names its channels and writes its connection ids.
 */

/**
 * A connection or subscription event of a venue whose endpoints are `Channel`s, its connections
 * named by `Id`s.
 *
 * @example
 * const e: SocketEvent<'public' | 'private', string> = { type: 'subscribed', channel: 'public', connId: 'a1', topics: ['tickers.BTCUSDT'] }
 */
export type SocketEvent<Channel extends string, Id> =
  | { readonly type: 'connected' | 'disconnected'; readonly channel: Channel; readonly connId: Id }
  | {
      readonly type: 'subscribed' | 'unsubscribed'
      readonly channel: Channel
      readonly connId: Id
      readonly topics: readonly string[]
    }
