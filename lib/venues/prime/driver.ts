/**
 * The Coinbase Prime driver, assembled: `createPrimeVenue` loads with this module. Market data is
 * `l2_data` books on the kit's numbered feed (as Coinbase's), one signed connection that subscribes
 * `heartbeats` while a book is watched; Prime has no public trades, tickers or candles on this feed.
 * https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import { throwError, type Observable } from 'rxjs'
import type { BookChange, UnifiedSymbol } from '../../core/model.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import type { RfqWire, VenueRfq } from '../contract/rfq.js'
import { assembleVenue } from '../kit/assemble.js'
import { withInstrument } from '../kit/market-topics.js'
import { openNumberedFeed } from '../kit/numbered-feed.js'
import { NUMBERED_BOOK_FRAME } from '../kit/socket-book-feed.js'
import { decodePrimeFrame, type PrimeBookFrame, type PrimeFrame } from './codecs.js'
import { createPrimeContext, needKey, needServiceAccount, type PrimeContext } from './context.js'
import type { PrimeOptions } from './options.js'
import { primeSubscriber } from './sign.js'
import { PRIME_SPEC, primeSequence } from './spec.js'
import { createPrimeTrading, type PrimeTrading } from './trading.js'

/**
 * The Prime venue: the {@link Venue} contract (books from `l2_data`, with a key and its service account
 * id), and with a key (API key, secret and passphrase) trading and RFQ.
 *
 * @example
 * const prime: PrimeVenue = createPrimeVenue({ apiKey, secret, passphrase, serviceAccountId })
 * prime.bookChanges$('BTC/USD').subscribe(show)
 */
export interface PrimeVenue extends Venue {
  readonly id: 'prime'
  /** Present with a key. */
  readonly trading: PrimeTrading | undefined
  /** `POST /rfq` and `/accept_quote` on the kit's RFQ surface, present with a key. */
  readonly rfq: VenueRfq | undefined
  /** The wire `rfq` is built on, present with a key. */
  readonly rfqWire: RfqWire | undefined
  readonly custody: undefined
  health(): VenueHealthSnapshot
}

/** The eager driver behind the package's `createPrimeVenue` (module.ts). */
export function createPrimeVenue(options: PrimeOptions = {}): PrimeVenue {
  const ctx = createPrimeContext(options)
  // trading and RFQ with a whole key only (as FalconX): `trading` is absent, so calls fail `auth`
  const account = ctx.key !== undefined ? createPrimeTrading(ctx, { backoff: options.backoff }) : undefined
  return {
    ...assembleVenue(PRIME_SPEC, ctx, {
      streams: { bookChanges$: bookChanges(ctx) },
      calls: {},
      trading: account?.trading,
    }),
    rfq: account?.rfq,
    rfqWire: account?.rfqWire,
  }
}

const HEARTBEATS = 'heartbeats'

/**
 * `bookChanges$`: the whole book then its changes, a fresh snapshot after every resync; a
 * `sequence_num` skipped on the connection resubscribes every book.
 */
function bookChanges(ctx: PrimeContext): (symbol: UnifiedSymbol) => Observable<BookChange> {
  if (ctx.key === undefined) return () => throwError(needKey)
  if (ctx.key.serviceAccountId === '') return () => throwError(needServiceAccount)
  const subscription = primeSubscriber(ctx, ctx.key)
  const market = openNumberedFeed<PrimeFrame, PrimeBookFrame>(ctx, {
    url: ctx.options.wsUrl,
    signed: true,
    decode: decodePrimeFrame,
    // one channel and product a message; a topic is a book's product, or `heartbeats`
    message: (op, topic) =>
      topic === HEARTBEATS ? subscription(op, HEARTBEATS) : subscription(op, 'l2_data', [topic]),
    reason: (f) => (f.kind === 'error' ? f.message : ''),
    sequence: primeSequence,
    snapshotTimeoutMs: PRIME_SPEC.socket.snapshotTimeoutMs,
    read: NUMBERED_BOOK_FRAME,
    heartbeats: HEARTBEATS,
    credentialRefusalFailsAll: true,
  })
  return (symbol) =>
    withInstrument(ctx, symbol, (i) => market.held(market.books.changes$(i.venueSymbol, i.symbol)))
}
