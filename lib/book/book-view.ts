import type { Decimal } from '../core/decimal.js'
import type { OrderBook, RawTimestamp, UnifiedSymbol, VenueId } from '../core/model.js'
import type { BookEntry } from './level.js'

/**
 * Constructor fields of {@link BookView}; views normally come from `L2Book.view()`.
 *
 * @example
 * new BookView({ venue: 'mock', symbol: 'BTC/USDT', bids: [], asks: [], sequence: undefined, time: 0, rawTimestamp: 0 })
 */
export interface BookViewFields {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** Best first; frozen by the view. */
  readonly bids: BookEntry[]
  /** Best first; frozen by the view. */
  readonly asks: BookEntry[]
  readonly sequence: number | undefined
  /** Epoch milliseconds or a Date: when the venue says the last applied change happened. */
  readonly time: number | Date
  readonly rawTimestamp: RawTimestamp
}

/**
 * An immutable picture of the top of an {@link L2Book}: an {@link OrderBook} plus best prices, mid and
 * spread.
 *
 * Made by copy-on-read: the view holds its own frozen arrays of the book's entries, so later changes to
 * the book never show through, and a reader may keep it as long as it likes. Copying is O(levels in the
 * view) references; entries are immutable and shared with the book, so their lazily built Decimals
 * are built once for every view that shows them. `timestamp`, `mid` and `spread` are computed on first
 * read.
 *
 * @example
 * const top = book.view(10)
 * top.bids[0]?.price   // best bid, a Decimal
 * top.spread?.toString()
 */
export class BookView implements OrderBook {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly bids: readonly BookEntry[]
  readonly asks: readonly BookEntry[]
  readonly sequence: number | undefined
  readonly rawTimestamp: RawTimestamp
  private readonly time: number | Date
  private date: Date | undefined = undefined
  private midValue: Decimal | undefined = undefined
  private spreadValue: Decimal | undefined = undefined

  constructor(fields: BookViewFields) {
    this.venue = fields.venue
    this.symbol = fields.symbol
    this.bids = Object.freeze(fields.bids)
    this.asks = Object.freeze(fields.asks)
    this.sequence = fields.sequence
    this.time = fields.time
    this.rawTimestamp = fields.rawTimestamp
  }

  /** When the venue says the last applied change happened (epoch 0 before any). */
  get timestamp(): Date {
    return (this.date ??= typeof this.time === 'number' ? new Date(this.time) : this.time)
  }

  /** The best (highest) bid, or `undefined` when there is none. */
  get bestBid(): BookEntry | undefined {
    return this.bids[0]
  }

  /** The best (lowest) ask, or `undefined` when there is none. */
  get bestAsk(): BookEntry | undefined {
    return this.asks[0]
  }

  /** `(best bid + best ask) / 2`, exact; `undefined` when a side is empty. */
  get mid(): Decimal | undefined {
    if (this.midValue === undefined) {
      const bid = this.bids[0]
      const ask = this.asks[0]
      if (bid !== undefined && ask !== undefined) this.midValue = bid.price.plus(ask.price).div(2)
    }
    return this.midValue
  }

  /** `best ask - best bid`, exact (negative when crossed); `undefined` when a side is empty. */
  get spread(): Decimal | undefined {
    if (this.spreadValue === undefined) {
      const bid = this.bids[0]
      const ask = this.asks[0]
      if (bid !== undefined && ask !== undefined) this.spreadValue = ask.price.minus(bid.price)
    }
    return this.spreadValue
  }
}
