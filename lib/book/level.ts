import { Decimal } from '../core/decimal.js'
import type { BookLevel } from '../core/model.js'

/**
 * A price level as the book holds it: the venue's exact strings, with `price` and `size` as Decimals
 * built on first read and kept.
 *
 * Entries are immutable: a size change replaces the entry, so an entry handed out in a view never
 * changes under its reader, and its Decimals are built at most once however many views share it.
 *
 * @example
 * const best = book.bestBid()
 * best?.priceText   // '65000.10', as the venue sent it
 * best?.price       // Decimal 65000.1, built now, then cached
 */
export interface BookEntry extends BookLevel {
  /** The price as the venue sent it in the change that last set this level. */
  readonly priceText: string
  /** The size as the venue sent it. */
  readonly sizeText: string
}

/**
 * The book's level record: the venue's strings, and the Decimals built from them on first read. Its
 * order key lives beside it in the book side's rank array (see `BookSide`), not in it: a level is made
 * per change, and a double field would cost a box of its own each time.
 *
 * @example
 * new Level('65000.10', '0.5', undefined).price.toString() // '65000.1'
 */
export class Level implements BookEntry {
  // `declare`d and assigned in the constructor only: every change makes one entry, and plain assignments
  // build it in one shape without class-field definitions
  declare readonly priceText: string
  declare readonly sizeText: string
  declare private priceValue: Decimal | undefined
  declare private sizeValue: Decimal | undefined

  constructor(priceText: string, sizeText: string, price: Decimal | undefined) {
    this.priceText = priceText
    this.sizeText = sizeText
    this.priceValue = price
    this.sizeValue = undefined
  }

  get price(): Decimal {
    return (this.priceValue ??= new Decimal(this.priceText))
  }

  get size(): Decimal {
    return (this.sizeValue ??= new Decimal(this.sizeText))
  }

  /** The price Decimal if it was already built: a replacement entry for the same price inherits it. */
  get builtPrice(): Decimal | undefined {
    return this.priceValue
  }

  /** A plain `{ price, size }` for logs and `JSON.stringify`, in the venue's own strings. */
  toJSON(): { price: string; size: string } {
    return { price: this.priceText, size: this.sizeText }
  }
}
