import type { BookChange, BookLevel, UnifiedSymbol, VenueId } from '../core/model.js'
import { levelPairs, type BookLevels } from '../codec/level-run.js'
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
  /** The bid levels: text pairs, or a scanned frame's `LevelRun`. */
  readonly bids: BookLevels
  readonly asks: BookLevels
  readonly sequence: number | undefined
  readonly firstSequence: number | undefined
  readonly previousSequence: number | undefined
  /** Epoch ms as the venue sent it. */
  readonly rawTimestamp: number
}

/**
 * A book change whose levels are built lazily from the venue's validated text, which stays readable as
 * `rawBids` / `rawAsks` for a book that takes text
 * (`L2Book.applyDelta({ bids: change.rawBids, asks: change.rawAsks, sequence: change.sequence })`):
 * emitting a change then costs no Decimal and no level object until someone reads `bids` or `asks`.
 * From a frame scanner the levels are spans of the frame's text (`bidText`, `askText`, a `LevelRun`),
 * which `L2Book.applyChange` reads in place; the pairs are cut only when someone reads `rawBids`.
 * Such a change holds its frame's text: a subscriber keeping changes keeps their frames (a book does not).
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
  /** The bid levels as sent, validated: pairs, or spans of the frame (see {@link LevelRun}). */
  declare readonly bidText: BookLevels
  /** The ask levels as sent, validated. */
  declare readonly askText: BookLevels
  declare private date: Date | undefined
  declare private bidLevels: readonly BookLevel[] | undefined
  declare private askLevels: readonly BookLevel[] | undefined

  // positional, so a change per frame costs one object, not two
  constructor(
    venue: VenueId,
    symbol: UnifiedSymbol,
    isSnapshot: boolean,
    bids: BookLevels,
    asks: BookLevels,
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
    this.bidText = bids
    this.askText = asks
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

  /** The bid pairs as sent, validated. */
  get rawBids(): readonly PriceSizeText[] {
    return levelPairs(this.bidText)
  }

  /** The ask pairs as sent, validated. */
  get rawAsks(): readonly PriceSizeText[] {
    return levelPairs(this.askText)
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
