/**
 * Prime's market data: `l2_data` books on the kit's numbered feed (as Coinbase's), one signed
 * connection to `wss://ws-feed.prime.coinbase.com` that subscribes `heartbeats` while a book is
 * watched. Prime has no public trades, tickers or candles on this feed.
 * https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import { throwError, type Observable } from 'rxjs'
import type { BookChange, UnifiedSymbol } from '../../core/model.js'
import { holding } from '../kit/held-topic.js'
import { withInstrument } from '../kit/market-topics.js'
import { openNumberedFeed } from '../kit/numbered-feed.js'
import { NUMBERED_BOOK_FRAME } from '../kit/socket-book-feed.js'
import { decodePrimeFrame, type PrimeBookFrame, type PrimeFrame } from './codecs.js'
import { needKey, type PrimeContext } from './context.js'
import { primeSubscriber } from './sign.js'
import { PRIME_SPEC, primeSequence } from './spec.js'

const HEARTBEATS = 'heartbeats'

/**
 * The public streams: `bookChanges$`, the whole book then its changes, a fresh snapshot after every
 * resync; a `sequence_num` skipped on the connection resubscribes every book.
 */
export function createPrimePublicStreams(ctx: PrimeContext): {
  bookChanges$(symbol: UnifiedSymbol): Observable<BookChange>
} {
  if (ctx.key === undefined) return { bookChanges$: () => throwError(needKey) }
  const subscription = primeSubscriber(ctx, ctx.key)
  const market = openNumberedFeed<PrimeFrame, PrimeBookFrame>(ctx, {
    url: ctx.options.wsUrl,
    decode: decodePrimeFrame,
    // one channel and product a message; a topic is a book's product, or `heartbeats`
    message: (op, topic) =>
      topic === HEARTBEATS ? subscription(op, HEARTBEATS) : subscription(op, 'l2_data', [topic]),
    reason: (f) => (f.kind === 'error' ? f.message : ''),
    sequence: primeSequence,
    snapshotTimeoutMs: PRIME_SPEC.socket.snapshotTimeoutMs,
    read: NUMBERED_BOOK_FRAME,
  })
  const held = holding(market.socket.topic$<never>(HEARTBEATS, {}))
  return {
    bookChanges$: (symbol) =>
      withInstrument(ctx, symbol, (i) => held(market.books.changes$(i.venueSymbol, i.symbol))),
  }
}
