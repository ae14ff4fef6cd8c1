/**
 * The market socket of a feed whose frames are numbered per connection across its channels (Coinbase
 * Advanced Trade's and Prime's): frames decoded once into their kind, route and number, one channel
 * and topic per subscribe message (built when sent), a heartbeat channel keeping the connection
 * speaking while anything is watched, and books that follow the connection's numbering (see
 * `ConnectionSequence`).
 */
import { EMPTY, merge, mergeMap, throwError, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { SubscriptionOp } from '../../transport/socket.js'
import { holding } from './held-topic.js'
import { openMarketSocket, type MarketBooks, type MarketSocket } from './market-socket.js'
import { wireTopic } from './socket-book-feed.js'
import type { SocketHost } from './venue-socket.js'
import { refusalKind } from './refusal-kind.js'

/**
 * What a decoded frame of the feed says of itself: its kind (`heartbeats`, `subscriptions` and `error`
 * among them), the key it is routed by, and its number on the connection.
 *
 * @example
 * const frame: NumberedFrame = { kind: 'l2_data', route: 'BTC-USD', sequence: 7 }
 */
export interface NumberedFrame {
  readonly kind: string
  readonly route: string | undefined
  readonly sequence: number | undefined
}

/**
 * A venue's feed as the socket takes it.
 *
 * @example
 * const feed: NumberedFeed<PrimeFrame, PrimeBookFrame> = { url, decode, message, reason, sequence, snapshotTimeoutMs, read }
 */
export interface NumberedFeed<F extends NumberedFrame, B> extends Pick<
  MarketBooks<B>,
  'sequence' | 'snapshotTimeoutMs' | 'read'
> {
  readonly url: string
  decode(text: string): F
  /** The subscribe or unsubscribe message of one topic (a book's: its product), built when sent. */
  message(op: SubscriptionOp, topic: string): unknown
  /** Why an `error` frame refused a subscription. */
  reason(frame: F): string
  readonly maxMessagesPerSecond?: number | undefined
  /** Subscriptions are signed at venue time (see `VenueSocketConfig.signed`). */
  readonly signed?: boolean | undefined
  /** The channel (and topic) that speaks every second while subscribed, and whose frames say nothing else. */
  readonly heartbeats: string
  /**
   * The venue's refusal names no channel, so one for the subscription's credentials fails every held
   * stream with `auth`, rather than leaving them to wait (a stale feed, a reconnect, the same refusal).
   */
  readonly credentialRefusalFailsAll?: boolean | undefined
}

/**
 * The feed's socket, and `held`: a stream wrapped to keep the heartbeat channel subscribed while it is
 * watched (and, with `credentialRefusalFailsAll`, to fail on such a refusal).
 *
 * @example
 * const market: NumberedSocket<PrimeFrame> = openNumberedFeed(ctx, feed)
 * market.held(market.books.changes$('BTC-USD', 'BTC/USD')).subscribe(show)
 */
export interface NumberedSocket<F> extends MarketSocket<F> {
  held<T>(stream: Observable<T>): Observable<T>
}

/**
 * Opens the feed's socket on the kit's market socket. The answers to subscriptions name no request: a
 * `subscriptions` frame confirms, an `error` frame is a refusal reported, and the book's watchdog asks
 * again.
 *
 * @example
 * const market = openNumberedFeed(ctx, { url: ctx.options.wsUrl, decode: decodePrimeFrame, message, reason, sequence, snapshotTimeoutMs, read })
 * market.books.changes$('BTC-USD', 'BTC/USD').subscribe(show)
 */
export function openNumberedFeed<F extends NumberedFrame, B>(
  ctx: SocketHost,
  feed: NumberedFeed<F, B>,
): NumberedSocket<F> {
  const market = openMarketSocket<F, B>(
    ctx,
    'public',
    () => ({
      url: feed.url,
      signed: feed.signed,
      decode: (text) => feed.decode(text),
      route: (frame) => (frame as F).route,
      heartbeat: { isHeartbeat: (frame) => (frame as F).kind === feed.heartbeats },
      subscriptions: {
        message: (op, keys) => feed.message(op, wireTopic(keys[0] ?? '')),
        maxKeysPerMessage: 1,
        matchAck: (frame) => {
          const f = frame as F
          if (f.kind === 'subscriptions') return { ok: true }
          if (f.kind !== 'error') return undefined
          const reason = feed.reason(f)
          return { ok: false, reason, kind: refusalKind(reason) }
        },
      },
      maxMessagesPerSecond: feed.maxMessagesPerSecond,
    }),
    {
      sequence: feed.sequence,
      snapshotTimeoutMs: feed.snapshotTimeoutMs,
      read: feed.read,
      frameNumber: (frame) => (frame as F).sequence,
    },
  )
  const refused$ = !feed.credentialRefusalFailsAll
    ? EMPTY
    : market.socket.events$.pipe(
        mergeMap((e) => {
          if (e.type !== 'error' || !(e.error instanceof VenueError) || e.error.kind !== 'auth') return EMPTY
          const message = `${ctx.venue} refused the feed's credentials: ${e.error.message}`
          return throwError(() => new VenueError({ kind: 'auth', venue: ctx.venue, message, cause: e.error }))
        }),
      )
  return { ...market, held: holding(merge(market.socket.topic$<never>(feed.heartbeats, {}), refused$)) }
}
