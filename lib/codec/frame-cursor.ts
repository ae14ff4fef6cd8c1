/**
 * The reading primitives of the single-pass frame scanners (`scanBybitBook`, `scanBinanceDepth`,
 * `scanCoinbaseBookFrame`): a cursor over a frame's text that reads only what `JSON.parse` would read
 * alike and refuses everything else, so a scanner can fall back to `JSON.parse` and its codec. Book
 * levels are read in place, as offsets into the text (see `LevelRun`).
 */

const QUOTE = 34
const COMMA = 44
const MINUS = 45
const POINT = 46
const OPEN_BRACKET = 91
const BACKSLASH = 92
const CLOSE_BRACKET = 93

// Where every cursor writes the offsets it reads (scanning is synchronous): grown once, never per frame.
const SCRATCH: number[] = []

/**
 * A position in a frame's text; every read moves it past what it read, or fails with the position left
 * where it was (the scanner then gives up on the whole text).
 *
 * @example
 * const k = new FrameCursor('{"u":7,"b":[["1.5","2"]]}')
 * k.literal('{"u":') && k.integer() // 7
 * k.literal(',"b":') && k.levelSpans() // true: k.spans() is [14, 17, 20, 21]
 * k.literal('}') && k.atEnd()       // true
 */
export class FrameCursor {
  declare readonly text: string
  declare at: number
  /** Offsets {@link FrameCursor.levelSpans} has read so far (in a scratch array shared by all cursors). */
  declare spanCount: number

  constructor(text: string) {
    this.text = text
    this.at = 0
    this.spanCount = 0
  }

  /** The offsets read so far, in an array of their own (exactly their size: the one allocation of a run). */
  spans(): number[] {
    return SCRATCH.slice(0, this.spanCount)
  }

  /** True, and past it, when `expected` is next. */
  literal(expected: string): boolean {
    if (!this.text.startsWith(expected, this.at)) return false
    this.at += expected.length
    return true
  }

  /** True once the whole text was read. */
  atEnd(): boolean {
    return this.at === this.text.length
  }

  /** A string without escapes or control characters (`JSON.parse` would give the same characters). */
  string(): string | undefined {
    const text = this.text
    const n = text.length
    let i = this.at
    if (text.charCodeAt(i) !== QUOTE) return undefined
    const start = ++i
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) {
        this.at = i + 1
        return text.slice(start, i)
      }
      if (c === BACKSLASH || c < 32) return undefined
    }
    return undefined
  }

  /** A non-negative safe integer in JSON's form (no sign, fraction, exponent or leading zero); -1 if not. */
  integer(): number {
    const text = this.text
    const start = this.at
    let i = start
    let m = 0
    let d = text.charCodeAt(i) - 48
    while (d >= 0 && d <= 9) {
      m = m * 10 + d
      d = text.charCodeAt(++i) - 48
    }
    // below 2^53 every partial sum is exact; above, the sum stays above too, and is refused
    if (i === start || (i > start + 1 && text.charCodeAt(start) === 48) || !Number.isSafeInteger(m)) return -1
    this.at = i
    return m
  }

  /** Past a string without escapes or control characters, without making it; false if there is none. */
  skipString(): boolean {
    const text = this.text
    const n = text.length
    let i = this.at
    if (text.charCodeAt(i) !== QUOTE) return false
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) {
        this.at = i + 1
        return true
      }
      if (c === BACKSLASH || c < 32) return false
    }
    return false
  }

  /**
   * A quoted plain decimal (see `isPlainDecimal`), as a slice of the text without its quotes: one of 13
   * characters or more may keep the text in memory for as long as it is kept.
   */
  decimal(): string | undefined {
    const text = this.text
    const at = this.at
    if (text.charCodeAt(at) !== QUOTE) return undefined
    const end = this.decimalEnd(at + 1)
    if (end < 0 || text.charCodeAt(end) !== QUOTE) return undefined
    this.at = end + 1
    return text.slice(at + 1, end)
  }

  /** The end of a plain decimal starting at `i` (see `isPlainDecimal`), or -1. */
  private decimalEnd(i: number): number {
    const text = this.text
    if (text.charCodeAt(i) === MINUS) i++
    const digits = i
    let c = text.charCodeAt(i)
    while (c >= 48 && c <= 57) c = text.charCodeAt(++i)
    if (i === digits) return -1
    if (c !== POINT) return i
    const fraction = ++i
    c = text.charCodeAt(i)
    while (c >= 48 && c <= 57) c = text.charCodeAt(++i)
    return i === fraction ? -1 : i
  }

  /**
   * `[["price","size"],…]` without blanks, each a plain decimal string, read in place: each level's four
   * offsets into the text (price start and end, size start and end) are added to the cursor's spans
   * (see {@link FrameCursor.spans}), and no string is cut. False when the text is not such a list.
   */
  levelSpans(): boolean {
    const text = this.text
    let i = this.at
    if (text.charCodeAt(i) !== OPEN_BRACKET) return false
    if (text.charCodeAt(++i) === CLOSE_BRACKET) {
      this.at = i + 1
      return true
    }
    for (;;) {
      if (text.charCodeAt(i) !== OPEN_BRACKET || text.charCodeAt(i + 1) !== QUOTE) return false
      const priceStart = i + 2
      const priceEnd = this.decimalEnd(priceStart)
      if (
        priceEnd < 0 ||
        text.charCodeAt(priceEnd) !== QUOTE ||
        text.charCodeAt(priceEnd + 1) !== COMMA ||
        text.charCodeAt(priceEnd + 2) !== QUOTE
      ) {
        return false
      }
      const sizeStart = priceEnd + 3
      const sizeEnd = this.decimalEnd(sizeStart)
      if (
        sizeEnd < 0 ||
        text.charCodeAt(sizeEnd) !== QUOTE ||
        text.charCodeAt(sizeEnd + 1) !== CLOSE_BRACKET
      ) {
        return false
      }
      const n = this.spanCount
      SCRATCH[n] = priceStart
      SCRATCH[n + 1] = priceEnd
      SCRATCH[n + 2] = sizeStart
      SCRATCH[n + 3] = sizeEnd
      this.spanCount = n + 4
      const next = text.charCodeAt(sizeEnd + 2)
      i = sizeEnd + 3
      if (next === CLOSE_BRACKET) {
        this.at = i
        return true
      }
      if (next !== COMMA) return false
    }
  }
}
