/**
 * Bybit v5 public WebSocket (spot): order book changes, trades, tickers and live candles over one
 * shared, self-healing connection to `/v5/public/spot`.
 * https://bybit-exchange.github.io/docs/v5/ws/connect and
 * https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook (and `trade`, `ticker`, `kline`)
 */
import type { Observable } from 'rxjs'
import type { Ticker, Trade } from '../../core/model.js'
import { klineCandle } from '../kit/kline.js'
import { openMarketSocket } from '../kit/market-socket.js'
import { marketStreams } from '../kit/market-streams.js'
import type { MarketStreams } from '../kit/market-topics.js'
import { wireTopic, type BookFrameReader } from '../kit/socket-book-feed.js'
import {
  decodeBybitPublicFrame,
  isBybitPong,
  type BybitBookFrame,
  type BybitKlineFrame,
  type BybitPublicFrame,
  type BybitTickerFrame,
  type BybitTradeFrame,
} from './codecs.js'
import type { BybitContext } from './context.js'
import { BYBIT_SPEC } from './spec.js'

type Routed<F> = { readonly topic: string; readonly frame: F }

const { topics, socket: SOCKET } = BYBIT_SPEC
const TOPIC_IN_MESSAGE = new RegExp(
  `(?:${Object.values(topics).join('|')})\\.[A-Za-z0-9_.]*[A-Za-z0-9_]`,
  'g',
)

const BOOK_FRAME: BookFrameReader<Routed<BybitBookFrame>> = {
  snapshot: (r) => r.frame.type === 'snapshot',
  first: () => undefined,
  last: (r) => r.frame.data.u,
  bids: (r) => r.frame.data.b,
  asks: (r) => r.frame.data.a,
  ts: (r) => r.frame.ts,
}

/**
 * The public socket as the kit's market socket (`openMarketSocket`), books under {@link bybitUpdateIds}.
 * A refusal errors only the streams of the topics the venue named (or, when it names none, of the topics
 * in the refused message). Topics: `orderbook.{depth}.{symbol}`; `publicTrade.{symbol}`, taker side, in
 * match order; `tickers.{symbol}`, 24 h statistics and the last price (the spot topic carries no best
 * prices); `kline.{interval}.{symbol}`, the forming candle as it changes, then closed (`confirm`).
 */
export function createBybitPublicStreams(ctx: BybitContext): MarketStreams {
  let pings = 0
  const market = openMarketSocket<BybitPublicFrame, Routed<BybitBookFrame>>(
    ctx,
    'public',
    (keyOf) => ({
      url: ctx.options.wsUrl,
      decode: decodeBybitPublicFrame,
      route: SOCKET.route,
      heartbeat: {
        intervalMs: SOCKET.pingIntervalMs,
        ping: () => ({ req_id: `ping-${++pings}`, op: 'ping' }),
        isHeartbeat: (frame) => {
          const routed = frame as BybitPublicFrame
          return routed.kind === 'op' && isBybitPong(routed.frame)
        },
      },
      subscriptions: {
        message: (op, keys, id) => ({ req_id: String(id), op, args: keys.map(wireTopic) }),
        maxKeysPerMessage: SOCKET.maxTopicsPerMessage,
        matchAck: (frame) => {
          const routed = frame as BybitPublicFrame
          if (routed.kind !== 'op') return undefined
          const f = routed.frame
          if (f.op !== 'subscribe' && f.op !== 'unsubscribe') return undefined
          const ok = f.success === true
          const named = ok ? undefined : f.ret_msg?.match(TOPIC_IN_MESSAGE)
          return {
            ok,
            id: f.req_id,
            reason: f.ret_msg,
            keys: named ? [...new Set(named)].map(keyOf) : undefined,
          }
        },
      },
    }),
    {
      sequence: BYBIT_SPEC.bookSequence,
      snapshotTimeoutMs: SOCKET.snapshotTimeoutMs,
      read: BOOK_FRAME,
      // a level-1 book re-sends snapshots by design
      unaskedSnapshotIsReset: (topic) => !topic.startsWith(`${topics.book}.1.`),
    },
  )
  const stream = <F, T>(key: string, project: (frame: F) => readonly T[]): Observable<T> =>
    market.stream(key, (routed) => project(routed.frame as F))

  return marketStreams(ctx, BYBIT_SPEC, {
    book: (i, depth) => market.books.changes$(`${topics.book}.${depth}.${i.venueSymbol}`, i.symbol),

    trades: (i) =>
      stream(`${topics.trades}.${i.venueSymbol}`, (frame: BybitTradeFrame) =>
        frame.data.map((raw): Trade => ({
          venue: 'bybit',
          symbol: i.symbol,
          id: raw.i,
          price: raw.p,
          size: raw.v,
          side: raw.S === 'Buy' ? 'buy' : 'sell',
          ...raw.T,
        })),
      ),

    ticker: (i) =>
      stream(`${topics.ticker}.${i.venueSymbol}`, ({ data: d, ts }: BybitTickerFrame): Ticker[] => [
        {
          venue: 'bybit',
          symbol: i.symbol,
          last: d.lastPrice,
          open24h: d.prevPrice24h,
          high24h: d.highPrice24h,
          low24h: d.lowPrice24h,
          volume24h: d.volume24h,
          quoteVolume24h: d.turnover24h,
          ...ts,
        },
      ]),

    candles: (i, interval, code) =>
      stream(`${topics.candles}.${code}.${i.venueSymbol}`, (frame: BybitKlineFrame) =>
        frame.data.map((k) =>
          klineCandle(
            { venue: 'bybit', symbol: i.symbol, interval },
            [k.start, k.open, k.high, k.low, k.close, k.volume],
            k.turnover,
            k.confirm,
          ),
        ),
      ),
  })
}
