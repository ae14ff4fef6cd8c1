/**
 * A venue's public socket whose book snapshots arrive on it (Bybit, Coinbase): book feeds and shared
 * topic streams over one routed connection.
 */
import { Observable } from 'rxjs'
import type { ManagedSocket } from '../../transport/socket.js'
import { ConnectionSequence } from './connection-sequence.js'
import { createSharedTopics } from './market-topics.js'
import {
  createSocketBookFeeds,
  type SocketBookFeeds,
  type SocketBookFeedsConfig,
} from './socket-book-feed.js'
import { openVenueSocket, type SocketHost, type VenueSocketConfig } from './venue-socket.js'

/**
 * The public socket of a driver: its books, and its other topics mapped once and shared.
 *
 * @example
 * const market = openMarketSocket(ctx, 'public', (keyOf) => config, book)
 * market.stream('publicTrade.BTCUSDT', (frame) => frame.data.map(toTrade))
 */
export interface MarketSocket<F> {
  readonly books: SocketBookFeeds
  /** A topic's frames mapped by `project` to the items they carry; shared while anyone watches. */
  stream<T>(key: string, project: (frame: F) => readonly T[]): Observable<T>
  readonly socket: ManagedSocket
}

/**
 * What the book feeds of {@link openMarketSocket} take from the venue (the rest comes from the driver).
 *
 * @example
 * const book: MarketBooks<Frame> = { sequence: bybitUpdateIds, snapshotTimeoutMs: 10_000, read }
 */
export type MarketBooks<B> = Pick<
  SocketBookFeedsConfig<B>,
  'sequence' | 'snapshotTimeoutMs' | 'read' | 'unaskedSnapshotIsReset'
> & {
  /**
   * For a venue that numbers every frame of a connection across its topics (Coinbase's
   * `sequence_num`): a decoded frame's number, `undefined` for one it does not number. A number
   * skipped rebuilds every book of the socket (see `ConnectionSequence`).
   */
  readonly frameNumber?: ((frame: unknown) => number | undefined) | undefined
}

/**
 * Opens (lazily: nothing connects until a stream is subscribed) the public socket of a driver on
 * `channel`. The socket must `route` frames by their venue topic: a book topic is subscribed under a
 * key with a generation added (see `createSocketBookFeeds`) and routed by its topic, so the book path
 * costs one map lookup per frame. `config` gets `keyOf`, which names the socket key a venue topic is
 * live under now (for an ack that names refused topics).
 *
 * @example
 * openMarketSocket(ctx, 'public', (keyOf) => ({ url, decode, route, subscriptions: { message, matchAck } }), book)
 */
export function openMarketSocket<F, B>(
  ctx: SocketHost,
  channel: string,
  config: (keyOf: (topic: string) => string) => VenueSocketConfig,
  book: MarketBooks<B>,
): MarketSocket<F> {
  const liveKeys = new Map<string, string>()
  const given = config((topic) => liveKeys.get(topic) ?? topic)
  const { frameNumber, ...feeds } = book
  const numbers =
    frameNumber === undefined
      ? undefined
      : new ConnectionSequence((expected, got) => {
          ctx.logger.warn('a frame of the connection was lost; every book subscribes again', {
            channel,
            expected,
            got,
          })
          books.lost()
        })
  const decode = given.decode ?? JSON.parse
  const socket: ManagedSocket = openVenueSocket(
    ctx,
    channel,
    numbers === undefined || frameNumber === undefined
      ? given
      : {
          ...given,
          decode: (text) => {
            const frame: unknown = decode(text)
            numbers.next(frameNumber(frame))
            return frame
          },
        },
    {
      opened: (reconnect, lostBy) => {
        numbers?.opened()
        books.reopened(reconnect, lostBy)
      },
    },
  )
  const books = createSocketBookFeeds<B>({
    ...feeds,
    venue: ctx.venue,
    scheduler: ctx.scheduler,
    logger: ctx.logger,
    emit: (event) => ctx.emit(event),
    // the subscriber is handed on as it is: no extra step per frame
    topic$: (key, topic) =>
      new Observable<B>((subscriber) => {
        liveKeys.set(topic, key)
        const wire = socket.topic$<B>(key, { route: topic }).subscribe(subscriber)
        return () => {
          wire.unsubscribe()
          if (liveKeys.get(topic) === key) liveKeys.delete(topic)
        }
      }),
    isOpen: () => socket.state === 'open',
  })
  const shared = createSharedTopics((key) => socket.topic$<F>(key, {}))
  return { books, stream: shared.stream, socket }
}
