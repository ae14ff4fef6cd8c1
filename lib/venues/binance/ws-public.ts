/**
 * Binance spot market streams: local order books kept by the documented procedure, trades, aggregate
 * trades, best prices and live candles, over a pool of combined-stream connections.
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
 */
import { filter, map, type Observable } from 'rxjs'
import { rangedUpdateIds } from '../../book/sequence-rules.js'
import type { UnifiedSymbol } from '../../core/model.js'
import type { SubscriptionAck } from '../../transport/socket.js'
import { REOPENED } from '../../transport/socket-pool.js'
import { klineCandle } from '../kit/kline.js'
import { marketStreams } from '../kit/market-streams.js'
import { withInstrument } from '../kit/market-topics.js'
import { createRestBookFeeds, type DiffEventReader } from '../kit/rest-book-feed.js'
import { timestampedMs } from '../kit/timestamps.js'
import { topicsInUrl } from '../kit/url-topics.js'
import { openVenueSocketPool } from '../kit/venue-socket-pool.js'
import { decodeBinanceMarketFrame, type BinanceDepthMessage, type BinanceMarketFrame } from './codecs.js'
import type { BinanceContext } from './context.js'
import { bestPrices, binanceSnapshotLimit, depthSnapshot, toTrade } from './public.js'
import { BINANCE_SPEC, BINANCE_STREAMS } from './spec.js'

type Kind = BinanceMarketFrame['kind']

/** The id by which events of one stream are ordered, to drop the copies two connections deliver. */
function eventKey(frame: BinanceMarketFrame): number {
  switch (frame.kind) {
    case 'depth':
      return frame.event.u
    case 'trade':
      return frame.event.t
    case 'aggTrade':
      return frame.event.a
    case 'bookTicker':
      return frame.event.u
    case 'kline':
      return frame.event.E
    default:
      return -1
  }
}

const DEPTH: DiffEventReader<BinanceDepthMessage> = {
  event: (item) => {
    const frame = item as BinanceMarketFrame
    return frame.kind === 'depth' ? frame.event : undefined
  },
  first: (e) => e.U,
  last: (e) => e.u,
  bids: (e) => e.b,
  asks: (e) => e.a,
  ts: (e) => e.E,
}

const isHeartbeat = (frame: unknown): boolean => {
  const f = frame as BinanceMarketFrame
  return f.kind === 'reply' && typeof f.event.id === 'string' && f.event.id.startsWith('hb')
}

const matchAck = (frame: unknown): SubscriptionAck | undefined => {
  const f = frame as BinanceMarketFrame
  if (f.kind !== 'reply' || isHeartbeat(f)) return undefined
  const reply = f.event
  if ('code' in reply) return { ok: false, id: reply.id ?? undefined, reason: reply.msg, code: reply.code }
  return { ok: reply.result === null, id: reply.id ?? undefined, reason: 'unexpected result' }
}

/** The longest wait between two property requests on a market connection. */
const QUIET_PING_MS = 5000

/**
 * Opens nothing until a stream is subscribed. Streams share combined connections (`createSocketPool`:
 * at most `maxStreamsPerConnection` each, replaced `plannedReconnectMs` after they open without a book
 * resync). A (re)connect names the live streams in its URL; the rest go by SUBSCRIBE / UNSUBSCRIBE,
 * each reply checked, spaced to `controlMessagesPerSecond`, and none when a connection closes (the venue
 * drops its streams itself). Books follow the kit's REST-snapshot procedure (`createRestBookFeeds`) on
 * `<s>@depth@100ms`, `GET /api/v3/depth` sized by the deepest subscriber ({@link binanceSnapshotLimit}).
 */
export function createBinancePublicStreams(ctx: BinanceContext) {
  const options = ctx.options
  let heartbeats = 0

  const pool = openVenueSocketPool<BinanceMarketFrame>(
    ctx,
    'public',
    {
      url: topicsInUrl(`${options.wsUrl}/stream?streams=`, '/', BINANCE_STREAMS.maxUrlLength),
      decode: decodeBinanceMarketFrame,
      route: BINANCE_SPEC.socket.route,
      maxMessagesPerSecond: BINANCE_STREAMS.controlMessagesPerSecond,
      heartbeat: {
        // the venue's ping frames never reach the application: a small property read keeps a quiet
        // connection from looking stale
        // at most every 5 s: a connection whose streams are in its URL gets no acknowledgement, and a
        // quiet market may send nothing for minutes, which would pass for a socket that never answers
        // (a stream fails at the client's connectTimeoutMs, 20 s by default, when its socket has not)
        intervalMs: Math.max(1000, Math.min(QUIET_PING_MS, Math.floor(options.staleAfterMs / 2))),
        ping: () => ({ method: 'GET_PROPERTY', params: ['combined'], id: `hb${++heartbeats}` }),
        isHeartbeat,
      },
      subscriptions: {
        message: (op, keys, id) => ({
          method: op === 'subscribe' ? 'SUBSCRIBE' : 'UNSUBSCRIBE',
          params: keys,
          id,
        }),
        maxKeysPerMessage: BINANCE_STREAMS.streamsPerMessage,
        matchAck,
      },
    },
    {
      eventKey,
      maxStreamsPerConnection: options.maxStreamsPerConnection,
      plannedReconnectMs: options.plannedReconnectMs,
      handoverTimeoutMs: BINANCE_STREAMS.handoverTimeoutMs,
    },
  )

  const books = createRestBookFeeds({
    venue: 'binance',
    sequence: rangedUpdateIds,
    scheduler: ctx.scheduler,
    logger: ctx.logger,
    emit: ctx.emit,
    stream$: pool.stream$,
    read: DEPTH,
    now: () => ctx.clock.now(),
    backoff: options.backoff,
  })

  /** The events of one stream of `kind`, mapped. */
  const events$ = <K extends Kind, T>(
    name: string,
    kind: K,
    project: (frame: Extract<BinanceMarketFrame, { kind: K }>) => T,
  ): Observable<T> =>
    pool.stream$(name).pipe(
      filter(
        (item): item is Extract<BinanceMarketFrame, { kind: K }> => item !== REOPENED && item.kind === kind,
      ),
      map(project),
    )
  const lower = (venueSymbol: string): string => venueSymbol.toLowerCase()
  const now = () => timestampedMs(ctx.clock.now())

  return {
    ...marketStreams(ctx, BINANCE_SPEC, {
      // deltas change levels at any depth: `depth` sizes the snapshot, the book is kept whole
      book: (i, depth) =>
        books.changes$(
          {
            stream: `${lower(i.venueSymbol)}@depth@${options.depthUpdateSpeed}`,
            symbol: i.symbol,
            snapshot: (l) =>
              depthSnapshot(ctx, i.venueSymbol, l).pipe(
                map((s) => ({ sequence: s.lastUpdateId, bids: s.bids, asks: s.asks })),
              ),
          },
          binanceSnapshotLimit(depth),
        ),
      trades: (i) =>
        events$(`${lower(i.venueSymbol)}@trade`, 'trade', ({ event: e }) => toTrade(i.symbol, e.t, e)),
      /** `timestamp`: the venue clock at arrival (the stream carries no time). */
      ticker: (i) =>
        events$(`${lower(i.venueSymbol)}@bookTicker`, 'bookTicker', ({ event: e }) =>
          bestPrices(i.symbol, { bidPrice: e.b, bidQty: e.B, askPrice: e.a, askQty: e.A }, now()),
        ),
      candles: (i, interval, code) =>
        events$(`${lower(i.venueSymbol)}@kline_${code}`, 'kline', ({ event: { k } }) =>
          klineCandle(
            { venue: 'binance', symbol: i.symbol, interval },
            [k.t, k.o, k.h, k.l, k.c, k.v],
            k.q,
            k.x,
          ),
        ),
    }),
    aggTrades$: (symbol: UnifiedSymbol) =>
      withInstrument(ctx, symbol, (i) =>
        events$(`${lower(i.venueSymbol)}@aggTrade`, 'aggTrade', ({ event: e }) => toTrade(i.symbol, e.a, e)),
      ),
    streamsPerConnection: (): readonly number[] => pool.streamsPerConnection(),
  }
}
