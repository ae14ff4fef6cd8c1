/**
 * What the marble tests of aggregates over failing, recovering and late pairs share: a scheduler that
 * compares deeply, two pairs, a one-level book, and a pair quote in a few words.
 */
import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../lib/core/decimal.js'
import type { OrderBook, VenueId } from '../lib/core/model.js'
import type { MarketPair, PairQuote } from '../streams/aggregate/index.js'

export function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

export const BYBIT: MarketPair = ['bybit', 'BTC/USDT']
export const BINANCE: MarketPair = ['binance', 'BTC/USDT']

/** A book of one level a side: `bid` against an ask of 200. */
export function book(venue: VenueId, bid: string): OrderBook {
  return {
    venue,
    symbol: 'BTC/USDT',
    bids: [{ price: new Decimal(bid), size: new Decimal('1') }],
    asks: [{ price: new Decimal('200'), size: new Decimal('1') }],
    timestamp: new Date(0),
    rawTimestamp: 0,
  }
}

/** `venue:fresh`, or `venue:<stale reason>(<error kind>)`. */
export const quoteText = (q: PairQuote): string =>
  `${q.venue}:${q.stale ? q.staleReason : 'fresh'}${q.error ? `(${q.error.kind})` : ''}`
