/**
 * Coinbase Advanced Trade's market socket: order books (`level2`), trades (`market_trades`), tickers
 * (`ticker`) and live five-minute candles (`candles`) over one shared, self-healing connection to
 * `wss://advanced-trade-ws.coinbase.com`, which subscribes `heartbeats` while anything is watched.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 */
import { defer, map, mergeMap, share, type Observable } from 'rxjs'
import { TextBookChange } from '../../book/text-book-change.js'
import type { BookChange, Candle, CandleInterval, Ticker, UnifiedSymbol } from '../../core/model.js'
import type { SubscriptionOp } from '../../transport/socket.js'
import { openNumberedFeed } from '../kit/numbered-feed.js'
import { marketStreams } from '../kit/market-streams.js'
import { createSharedTopics, type MarketStreams } from '../kit/market-topics.js'
import { NUMBERED_BOOK_FRAME } from '../kit/socket-book-feed.js'
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
import { COINBASE_MESSAGES_PER_SECOND, COINBASE_SPEC, coinbaseSequence } from './spec.js'

const { topics, socket: SOCKET } = COINBASE_SPEC

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
  const market = openNumberedFeed<CoinbaseFrame, CoinbaseBookFrame>(ctx, {
    url: ctx.options.wsUrl,
    decode: decodeCoinbaseFrame,
    message: subscription,
    reason: (f) => (f.kind === 'error' ? f.frame.message : ''),
    maxMessagesPerSecond: COINBASE_MESSAGES_PER_SECOND,
    sequence: coinbaseSequence,
    snapshotTimeoutMs: SOCKET.snapshotTimeoutMs,
    read: NUMBERED_BOOK_FRAME,
    // every connection speaks at least once a second while anything is watched
    heartbeats: topics.heartbeats,
  })
  const { socket, held } = market
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

  return marketStreams(ctx, COINBASE_SPEC, {
    book: (i) => {
      const source = ctx.marketOf(i)
      const changes = held(market.books.changes$(source.product, source.symbol))
      // a -USDC book is its -USD product's: the same changes, under the symbol asked for
      return source.symbol === i.symbol ? changes : changes.pipe(map((c) => relabel(c, i.symbol)))
    },

    trades: (i) => {
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
    },

    ticker: (i) => {
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
    },

    candles: (i, interval) => {
      const { product } = ctx.marketOf(i)
      const key = `${product}|${i.symbol}`
      let candles = candleStreams.get(key)
      if (candles === undefined) {
        const frames = stream(topics.candles, product, i.symbol, (f: CoinbaseCandlesFrame) => [f])
        candles = liveCandles(frames, product, i.symbol, interval)
        candleStreams.set(key, candles)
      }
      return candles
    },
  })
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
