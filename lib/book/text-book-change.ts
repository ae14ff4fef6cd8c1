import type { BookChange, BookLevel, UnifiedSymbol, VenueId } from '../core/model.js'
import { textLevels, type PriceSizeText } from '../codec/levels.js'

/**
 * What a {@link TextBookChange} is made of: the venue's validated level text and its ids.
 *
 * @example
 * const fields: TextBookChangeFields = { venue: 'binance', symbol: 'BTC/USDT', isSnapshot: false, bids: e.b, asks: e.a, sequence: e.u, firstSequence: e.U, previousSequence: 100, rawTimestamp: e.E }
 */
export interface TextBookChangeFields {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly isSnapshot: boolean
  readonly bids: readonly PriceSizeText[]
  readonly asks: readonly PriceSizeText[]
  readonly sequence: number | undefined
  readonly firstSequence: number | undefined
  readonly previousSequence: number | undefined
  /** Epoch ms as the venue sent it. */
  readonly rawTimestamp: number
}

/**
 * A book change whose levels are built lazily from the venue's validated strings, which stay readable
 * as `rawBids` / `rawAsks` for a book that takes text
 * (`L2Book.applyDelta({ bids: change.rawBids, asks: change.rawAsks, sequence: change.sequence })`):
 * emitting a change then costs no Decimal and no level object until someone reads `bids` or `asks`.
 *
 * @example
 * const change = TextBookChange.of({ venue: 'binance', symbol: 'BTC/USDT', isSnapshot: true, bids: [['1.5', '2']], asks: [], sequence: 7, firstSequence: undefined, previousSequence: undefined, rawTimestamp: 0 })
 * change.bids[0]?.price.toString() // '1.5'
 */
export class TextBookChange implements BookChange {
  declare readonly venue: VenueId
  declare readonly symbol: UnifiedSymbol
  declare readonly isSnapshot: boolean
  declare readonly sequence: number | undefined
  declare readonly firstSequence: number | undefined
  declare readonly previousSequence: number | undefined
  declare readonly rawTimestamp: number
  /** The bid pairs as sent, validated. */
  declare readonly rawBids: readonly PriceSizeText[]
  /** The ask pairs as sent, validated. */
  declare readonly rawAsks: readonly PriceSizeText[]
  declare private date: Date | undefined
  declare private bidLevels: readonly BookLevel[] | undefined
  declare private askLevels: readonly BookLevel[] | undefined

  // positional, so a change per frame costs one object, not two
  constructor(
    venue: VenueId,
    symbol: UnifiedSymbol,
    isSnapshot: boolean,
    bids: readonly PriceSizeText[],
    asks: readonly PriceSizeText[],
    sequence: number | undefined,
    firstSequence: number | undefined,
    previousSequence: number | undefined,
    rawTimestamp: number,
  ) {
    this.venue = venue
    this.symbol = symbol
    this.isSnapshot = isSnapshot
    this.sequence = sequence
    this.firstSequence = firstSequence
    this.previousSequence = previousSequence
    this.rawTimestamp = rawTimestamp
    this.rawBids = bids
    this.rawAsks = asks
    this.date = undefined
    this.bidLevels = undefined
    this.askLevels = undefined
  }

  /** A change from named fields. */
  static of(fields: TextBookChangeFields): TextBookChange {
    return new TextBookChange(
      fields.venue,
      fields.symbol,
      fields.isSnapshot,
      fields.bids,
      fields.asks,
      fields.sequence,
      fields.firstSequence,
      fields.previousSequence,
      fields.rawTimestamp,
    )
  }

  get timestamp(): Date {
    return (this.date ??= new Date(this.rawTimestamp))
  }

  get bids(): readonly BookLevel[] {
    return (this.bidLevels ??= textLevels(this.rawBids))
  }

  get asks(): readonly BookLevel[] {
    return (this.askLevels ??= textLevels(this.rawAsks))
  }

  /** A plain object in the venue's strings, for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return {
      venue: this.venue,
      symbol: this.symbol,
      isSnapshot: this.isSnapshot,
      firstSequence: this.firstSequence,
      sequence: this.sequence,
      previousSequence: this.previousSequence,
      timestamp: this.rawTimestamp,
      bids: this.rawBids,
      asks: this.rawAsks,
    }
  }
}
