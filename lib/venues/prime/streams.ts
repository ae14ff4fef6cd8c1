/**
 * Prime's market data: `l2_data` books over one signed, self-healing connection to
 * `wss://ws-feed.prime.coinbase.com`, which subscribes `heartbeats` while a book is watched. Prime has
 * no public trades, tickers or candles on this feed.
 * https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import { throwError, type Observable } from 'rxjs'
import type { BookChange, UnifiedSymbol } from '../../core/model.js'
import { holding } from '../kit/held-topic.js'
import { openNumberedFeed } from '../kit/numbered-feed.js'
import { withInstrument } from '../kit/market-topics.js'
import { NUMBERED_BOOK_FRAME } from '../kit/socket-book-feed.js'
import { decodePrimeFrame, type PrimeBookFrame, type PrimeFrame } from './codecs.js'
import { needKey, type PrimeContext } from './context.js'
import { primeSubscription } from './sign.js'
import { PRIME_SPEC, primeSequence } from './spec.js'

/**
 * The public streams of a Prime driver.
 *
 * @example
 * createPrimePublicStreams(ctx).bookChanges$('BTC/USD').subscribe((c) => book.applyChange(c))
 */
export interface PrimePublicStreams {
  /** `l2_data`: the whole book, then its changes; a fresh snapshot after every resync. */
  bookChanges$(symbol: UnifiedSymbol): Observable<BookChange>
}

const HEARTBEATS = 'heartbeats'

/**
 * The market socket on the kit's numbered feed (`openNumberedFeed`, as Coinbase's): books routed by
 * product under {@link primeSequence}, every frame's `sequence_num` checked across the connection (a
 * number skipped resubscribes every book), one signed subscription per channel and product.
 *
 * @example
 * const streams = createPrimePublicStreams(ctx)
 * streams.bookChanges$('BTC/USD').subscribe(show)
 */
export function createPrimePublicStreams(ctx: PrimeContext): PrimePublicStreams {
  const { key } = ctx
  if (key === undefined) return { bookChanges$: () => throwError(needKey) }
  const market = openNumberedFeed<PrimeFrame, PrimeBookFrame>(ctx, {
    url: ctx.options.wsUrl,
    decode: decodePrimeFrame,
    // each one signed with the venue time when sent
    message: (op, topic) => {
      const message =
        topic === HEARTBEATS
          ? primeSubscription(key, op, HEARTBEATS, [], '', ctx.clock.now())
          : primeSubscription(key, op, 'l2_data', [topic], '', ctx.clock.now())
      ctx.secrets.add(message['signature'] as string)
      return message
    },
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
