/**
 * Book levels as spans of the frame text they came in: what a frame scanner hands a book, so a level
 * the book only updates or deletes never becomes a string or an array.
 */
import type { PriceSizeText } from './levels.js'
import type { DecimalText } from './decimal.js'

/**
 * One side's levels of a scanned frame: `spans` holds four offsets into `text` a level (price start and
 * end, size start and end, ends exclusive), from `start` to `end`; both sides of a frame share one
 * spans array. Every price and size in it was checked a plain decimal by the scanner. A book reads the
 * prices and sizes in place and copies only what it keeps; {@link LevelRun.pairs} gives the
 * `[price, size]` text pairs for anyone else.
 *
 * @example
 * const text = '[["1.5","2"],["1.4","0"]]'
 * const run = new LevelRun(text, [3, 6, 9, 10, 15, 18, 21, 22], 0, 8)
 * run.length     // 2
 * run.pairs()    // [['1.5', '2'], ['1.4', '0']]
 */
export class LevelRun {
  declare readonly text: string
  declare readonly spans: readonly number[]
  declare readonly start: number
  declare readonly end: number
  declare private made: readonly PriceSizeText[] | undefined

  constructor(text: string, spans: readonly number[], start: number, end: number) {
    this.text = text
    this.spans = spans
    this.start = start
    this.end = end
    this.made = undefined
  }

  /** Number of levels. */
  get length(): number {
    return (this.end - this.start) >> 2
  }

  /** The levels as `[price, size]` text pairs, built on first call and kept. */
  pairs(): readonly PriceSizeText[] {
    if (this.made !== undefined) return this.made
    const { text, spans } = this
    const out: PriceSizeText[] = []
    for (let i = this.start; i < this.end; i += 4) {
      out.push([
        text.slice(spans[i], spans[i + 1]) as DecimalText,
        text.slice(spans[i + 2], spans[i + 3]) as DecimalText,
      ])
    }
    return (this.made = out)
  }

  /** The pairs, so `JSON.stringify` writes a run as the venue wrote its levels. */
  toJSON(): readonly PriceSizeText[] {
    return this.pairs()
  }
}

/**
 * A side of a book change as the venue's validated text: pairs (a decoded JSON answer) or a
 * {@link LevelRun} (a scanned frame).
 *
 * @example
 * const levels: BookLevels = frame.data.b
 * levelPairs(levels)[0] // ['65000.10', '0.5']
 */
export type BookLevels = readonly PriceSizeText[] | LevelRun

/**
 * The `[price, size]` pairs of either form.
 *
 * @example
 * levelPairs(run) // [['1.5', '2']]
 */
export function levelPairs(levels: BookLevels): readonly PriceSizeText[] {
  return levels instanceof LevelRun ? levels.pairs() : levels
}

/**
 * A decoded frame part `T` whose `b` and `a` levels may also be runs: what a venue's frame decoder gives
 * when it reads book frames in place.
 *
 * @example
 * type Event = WithBookLevels<{ u: number; b: PriceSizeText[]; a: PriceSizeText[] }> // b, a: BookLevels
 */
export type WithBookLevels<T extends { readonly b: unknown; readonly a: unknown }> = Omit<T, 'b' | 'a'> & {
  readonly b: BookLevels
  readonly a: BookLevels
}
