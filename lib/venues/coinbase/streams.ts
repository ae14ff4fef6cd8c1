/**
 * Coinbase Advanced Trade's market socket: order books (`level2`), trades (`market_trades`), tickers
 * (`ticker`) and live five-minute candles (`candles`) over one shared, self-healing connection to
 * `wss://advanced-trade-ws.coinbase.com`, which subscribes `heartbeats` while anything is watched.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 */
import { defer, map, mergeMap, Observable, share } from 'rxjs'
import { TextBookChange } from '../../book/text-book-change.js'
import type { BookChange, Candle, CandleInterval, Ticker, UnifiedSymbol } from '../../core/model.js'
import type { SubscriptionOp } from '../../transport/socket.js'
import { liveCandleCode } from '../kit/market-requests.js'
import { openMarketSocket } from '../kit/market-socket.js'
import { createSharedTopics, withInstrument, type MarketStreams } from '../kit/market-topics.js'
import { wireTopic, type BookFrameReader } from '../kit/socket-book-feed.js'
import type { CoinbaseBookFrame } from './book-frame.js'
import { toCandle } from './candles.js'
import type { CoinbaseContext } from './context.js'
import { inTradeOrder, toTrade } from './trades.js'
import {
  decodeCoinbaseFrame,
  type CoinbaseCandlesFrame,
  type CoinbaseFrame,
  type CoinbaseTickerFrame,
  type CoinbaseTradesFrame,
} from './socket-codecs.js'
import {
  COINBASE_LIVE_INTERVALS,
  COINBASE_MESSAGES_PER_SECOND,
  COINBASE_SPEC,
  coinbaseSequence,
} from './spec.js'

const { topics, socket: SOCKET } = COINBASE_SPEC

const BOOK_FRAME: BookFrameReader<CoinbaseBookFrame> = {
  snapshot: (f) => f.snapshot,
  first: () => undefined,
  last: (f) => f.sequence,
  bids: (f) => f.bids,
  asks: (f) => f.asks,
  ts: (f) => f.ts,
}

/**
 * The subscribe or unsubscribe message of one socket key: a book's key is its product (`BTC-USD`,
 * routed by product), another channel's `channel:product`, and `heartbeats` the connection's own.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-overview: one
 * channel a message.
 */
function subscription(op: SubscriptionOp, key: string): unknown {
  if (key === topics.heartbeats) return { type: op, channel: key }
  const colon = key.indexOf(':')
  return colon < 0
    ? { type: op, product_ids: [key], channel: topics.book }
    : { type: op, product_ids: [key.slice(colon + 1)], channel: key.slice(0, colon) }
}

/**
 * The market socket as the kit's market socket (`openMarketSocket`): books routed by product under
 * {@link coinbaseSequence}, every frame's `sequence_num` checked across the connection (a number
 * skipped resubscribes every book), one channel per subscribe message, at most
 * {@link COINBASE_MESSAGES_PER_SECOND} messages a second. Each stream is shared and released on the last
 * unsubscribe: `level2`, the whole book, then its changes, a fresh snapshot after every resync;
 * `market_trades`, one Trade per fill, the taker's side (Coinbase names the maker's), oldest first, the
 * trades the venue replays on subscribing left out; `ticker`, the last price, best prices and 24 h
 * figures; `candles`, the forming five-minute candle as it changes, then closed once the next one starts.
 *
 * @example
 * const streams = createCoinbasePublicStreams(ctx)
 * streams.bookChanges$('BTC/USD').subscribe((c) => book.applyChange(c))
 */
export function createCoinbasePublicStreams(ctx: CoinbaseContext): MarketStreams {
  const market = openMarketSocket<CoinbaseFrame, CoinbaseBookFrame>(
    ctx,
    'public',
    () => ({
      url: ctx.options.wsUrl,
      decode: decodeCoinbaseFrame,
      // one field read per frame: a book frame's product, another data frame's channel
      route: (frame) => (frame as CoinbaseFrame).route,
      heartbeat: { isHeartbeat: (frame) => (frame as CoinbaseFrame).kind === 'heartbeats' },
      subscriptions: {
        message: (op, keys) => subscription(op, wireTopic(keys[0] ?? '')),
        maxKeysPerMessage: SOCKET.maxTopicsPerMessage,
        // the answers name no request: a refusal is reported, and the book's watchdog asks again
        matchAck: (frame) => {
          const f = frame as CoinbaseFrame
          if (f.kind === 'subscriptions') return { ok: true }
          return f.kind === 'error' ? { ok: false, reason: f.frame.message } : undefined
        },
      },
      maxMessagesPerSecond: COINBASE_MESSAGES_PER_SECOND,
    }),
    {
      sequence: coinbaseSequence,
      snapshotTimeoutMs: SOCKET.snapshotTimeoutMs,
      read: BOOK_FRAME,
      frameNumber: (frame) => (frame as CoinbaseFrame).sequence,
    },
  )
  const { socket } = market
  // every connection speaks at least once a second while anything is watched
  const heartbeats = socket.topic$<never>(topics.heartbeats, {})
  const held = <T>(stream: Observable<T>): Observable<T> =>
    new Observable<T>((subscriber) => {
      const beat = heartbeats.subscribe({ error: (e: unknown) => subscriber.error(e) })
      const inner = stream.subscribe(subscriber)
      return () => {
        inner.unsubscribe()
        beat.unsubscribe()
      }
    })
  // keyed `channel:product|symbol`: one product's frames mapped once per symbol shown
  const shared = createSharedTopics<CoinbaseFrame>((key) => {
    const socketKey = key.slice(0, key.indexOf('|'))
    return socket.topic$<CoinbaseFrame>(socketKey, { route: socketKey.slice(0, socketKey.indexOf(':')) })
  })
  const stream = <F, T>(
    channel: string,
    product: string,
    symbol: UnifiedSymbol,
    project: (frame: F) => readonly T[],
  ): Observable<T> =>
    held(
      shared.stream(`${channel}:${product}|${symbol}`, (f) => project((f as unknown as { frame: F }).frame)),
    )
  const candleStreams = new Map<string, Observable<Candle>>()

  return {
    bookChanges$: (symbol) =>
      withInstrument(ctx, symbol, (i) => {
        const source = ctx.marketOf(i)
        const changes = held(market.books.changes$(source.product, source.symbol))
        // a -USDC book is its -USD product's: the same changes, under the symbol asked for
        return source.symbol === i.symbol ? changes : changes.pipe(map((c) => relabel(c, i.symbol)))
      }),

    trades$: (symbol) =>
      withInstrument(ctx, symbol, (i) => {
        const { product } = ctx.marketOf(i)
        return stream(topics.trades, product, i.symbol, (frame: CoinbaseTradesFrame) =>
          inTradeOrder(
            frame.events.flatMap((e) =>
              // a snapshot holds trades from before the subscription: not news
              e.type === 'update'
                ? e.trades.filter((t) => t.product_id === product).map((t) => toTrade(i.symbol, t))
                : [],
            ),
          ),
        )
      }),

    ticker$: (symbol) =>
      withInstrument(ctx, symbol, (i) => {
        const { product } = ctx.marketOf(i)
        return stream(topics.ticker, product, i.symbol, (frame: CoinbaseTickerFrame) =>
          frame.events.flatMap((e) =>
            e.tickers
              .filter((t) => t.product_id === product)
              .map((t): Ticker => ({
                venue: 'coinbase',
                symbol: i.symbol,
                bid: t.best_bid,
                bidSize: t.best_bid_quantity,
                ask: t.best_ask,
                askSize: t.best_ask_quantity,
                last: t.price,
                high24h: t.high_24_h,
                low24h: t.low_24_h,
                volume24h: t.volume_24_h,
                ...frame.timestamp,
              })),
          ),
        )
      }),

    candles$: (symbol, interval) =>
      defer(() => {
        liveCandleCode('coinbase', COINBASE_LIVE_INTERVALS, interval)
        return withInstrument(ctx, symbol, (i) => {
          const { product } = ctx.marketOf(i)
          const key = `${product}|${i.symbol}`
          let candles = candleStreams.get(key)
          if (candles === undefined) {
            const frames = stream(topics.candles, product, i.symbol, (f: CoinbaseCandlesFrame) => [f])
            candles = liveCandles(frames, product, i.symbol, interval)
            candleStreams.set(key, candles)
          }
          return candles
        })
      }),
  }
}

/**
 * The candles of one product out of `candles` frames, shared. Each update is the forming candle
 * (closed once the frame's time is past its end); when a later one starts, the last seen of the
 * previous one is emitted again, closed, unless it already was.
 */
function liveCandles(
  frames: Observable<CoinbaseCandlesFrame>,
  product: string,
  symbol: UnifiedSymbol,
  interval: CandleInterval,
): Observable<Candle> {
  return defer(() => {
    let forming: Candle | undefined
    return frames.pipe(
      mergeMap((frame) => {
        const now = frame.timestamp.timestamp.getTime()
        const out: Candle[] = []
        for (const e of frame.events) {
          for (const c of e.candles) {
            if (c.product_id !== product) continue
            const open = c.start.timestamp.getTime()
            if (forming !== undefined && open < forming.timestamp.getTime()) continue
            if (forming !== undefined && open > forming.timestamp.getTime() && !forming.closed)
              out.push({ ...forming, closed: true })
            forming = toCandle(symbol, interval, c, now)
            out.push(forming)
          }
        }
        return out
      }),
    )
  }).pipe(share())
}

/** The same change under another symbol (a -USDC book shown from its -USD product's changes). */
function relabel(change: BookChange, symbol: UnifiedSymbol): BookChange {
  const c = change as TextBookChange
  return new TextBookChange(
    c.venue,
    symbol,
    c.isSnapshot,
    c.bidText,
    c.askText,
    c.sequence,
    c.firstSequence,
    c.previousSequence,
    c.rawTimestamp as number,
  )
}
