/**
 * Book level codecs: `["65000.12", "0.5"]` pairs and lists of them, the bulk of every book frame.
 * Written by hand rather than composed from `t.tuple` and `t.array`, because those allocate a context
 * per element even when nothing is wrong; here a context is only built for an element that fails.
 */
import * as t from 'io-ts'
import { Decimal } from '../core/decimal.js'
import type { BookLevel } from '../core/model.js'
import { DecimalString, DecimalText, isPlainDecimal } from './decimal.js'

/**
 * A validated `[price, size]` pair, still the venue's text.
 *
 * @example
 * const pair: PriceSizeText = [price, size] // both DecimalText, e.g. from DecimalText.decode
 * new Decimal(pair[0]).times(pair[1])
 */
export type PriceSizeText = readonly [DecimalText, DecimalText]

function isDecimalText(u: unknown): u is DecimalText {
  return typeof u === 'string' && isPlainDecimal(u)
}

function isPriceSizeText(u: unknown): u is PriceSizeText {
  return Array.isArray(u) && u.length === 2 && isDecimalText(u[0]) && isDecimalText(u[1])
}

// Why a value that is not a valid pair failed, at `c` (the pair's own context).
function pairErrors(u: unknown, c: t.Context, into: t.Errors): void {
  if (!Array.isArray(u) || u.length !== 2) {
    into.push({ value: u, context: c })
    return
  }
  for (let k = 0; k < 2; k++) {
    const x: unknown = u[k]
    if (!isDecimalText(x)) into.push({ value: x, context: t.appendContext(c, String(k), DecimalString, x) })
  }
}

function toLevel(pair: PriceSizeText): BookLevel {
  return { price: new Decimal(pair[0]), size: new Decimal(pair[1]) }
}

function fromLevel(level: BookLevel): [string, string] {
  return [level.price.toFixed(), level.size.toFixed()]
}

function isBookLevel(u: unknown): u is BookLevel {
  return (
    typeof u === 'object' &&
    u !== null &&
    (u as BookLevel).price instanceof Decimal &&
    (u as BookLevel).size instanceof Decimal
  )
}

/**
 * Exactly two plain decimal strings, `[price, size]`, decoded to a {@link BookLevel}.
 *
 * @example
 * PriceSizeTuple.decode(['65000.12', '0.5'])  // Right({ price: Decimal 65000.12, size: Decimal 0.5 })
 * PriceSizeTuple.decode(['65000.12', 0.5])    // Left at [1]: expected decimal string, got 0.5
 */
export const PriceSizeTuple = new t.Type<BookLevel, [string, string], unknown>(
  '[price, size]',
  isBookLevel,
  (u, c) => {
    if (isPriceSizeText(u)) return t.success(toLevel(u))
    const errors: t.Errors = []
    pairErrors(u, c, errors)
    return t.failures(errors)
  },
  fromLevel,
)

/**
 * Exactly two plain decimal strings, `[price, size]`, validated and returned as the very same array:
 * no allocation, for hot paths that build Decimals lazily or only for the levels they keep.
 *
 * @example
 * PriceSizeTextTuple.decode(['65000.12', '0.5']) // Right(['65000.12', '0.5'])
 */
export const PriceSizeTextTuple = new t.Type<PriceSizeText, PriceSizeText, unknown>(
  '[price, size]',
  isPriceSizeText,
  (u, c) => {
    if (isPriceSizeText(u)) return t.success(u)
    const errors: t.Errors = []
    pairErrors(u, c, errors)
    return t.failures(errors)
  },
  (p) => p,
)

// `convert` undefined: the input array itself is the result (the text variant allocates nothing).
function listCodec<A, O>(
  element: t.Type<A, O, unknown>,
  convert: ((pair: PriceSizeText) => A) | undefined,
  encode: (a: A) => O,
): t.Type<A[], O[], unknown> {
  return new t.Type<A[], O[], unknown>(
    'Array<[price, size]>',
    (u): u is A[] => Array.isArray(u) && u.every((x) => element.is(x)),
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c)
      const n = u.length
      let out: A[] | undefined = convert === undefined ? undefined : []
      let errors: t.Errors | undefined
      for (let i = 0; i < n; i++) {
        const x: unknown = u[i]
        if (isPriceSizeText(x)) {
          if (out !== undefined && convert !== undefined) out.push(convert(x))
        } else {
          out = undefined
          errors ??= []
          pairErrors(x, t.appendContext(c, String(i), element, x), errors)
        }
      }
      if (errors !== undefined) return t.failures(errors)
      return t.success(out ?? (u as A[]))
    },
    (as) => as.map(encode),
  )
}

/**
 * A list of `[price, size]` pairs (one side of a book frame) decoded to {@link BookLevel}s; every bad
 * element is reported with its index.
 *
 * @example
 * PriceSizeLevels.decode([['30247.20', '30.028'], ['30240.00', '0']]) // Right([{ price, size }, { price, size }])
 */
export const PriceSizeLevels = listCodec(PriceSizeTuple, toLevel, fromLevel)

/**
 * A list of `[price, size]` pairs validated and returned as it is: the same array of the venue's text.
 *
 * @example
 * PriceSizeTextLevels.decode([['30247.20', '30.028']]) // Right([['30247.20', '30.028']])
 */
export const PriceSizeTextLevels = listCodec<PriceSizeText, PriceSizeText>(
  PriceSizeTextTuple,
  undefined,
  (p) => p,
)

/**
 * True when `u` is a list of valid `[price, size]` text pairs: the test {@link PriceSizeTextLevels}
 * makes, with no allocation, for hand-written fast paths of whole frames.
 *
 * @example
 * isPriceSizeTextLevels([['65000.1', '0.5']]) // true
 * isPriceSizeTextLevels([['65000.1', 0.5]])   // false
 */
export function isPriceSizeTextLevels(u: unknown): u is PriceSizeText[] {
  if (!Array.isArray(u)) return false
  for (let i = 0; i < u.length; i++) if (!isPriceSizeText(u[i])) return false
  return true
}

/**
 * A book level as decoded: the venue's validated strings, with `price` and `size` built as Decimals on
 * first read and kept. Decoding a frame then costs no Decimal at all, and a consumer that only keeps
 * the top of the book pays only for what it reads.
 *
 * @example
 * const level = new TextLevel('65000.10', '0.5')
 * level.priceText              // '65000.10', as sent
 * level.price.toString()       // '65000.1', built now
 */
export class TextLevel implements BookLevel {
  // assigned in the constructor only, so every level has one shape
  declare readonly priceText: string
  declare readonly sizeText: string
  declare private priceValue: Decimal | undefined
  declare private sizeValue: Decimal | undefined

  constructor(priceText: string, sizeText: string) {
    this.priceText = priceText
    this.sizeText = sizeText
    this.priceValue = undefined
    this.sizeValue = undefined
  }

  get price(): Decimal {
    return (this.priceValue ??= new Decimal(this.priceText))
  }

  get size(): Decimal {
    return (this.sizeValue ??= new Decimal(this.sizeText))
  }

  /** The venue's own strings, for logs and `JSON.stringify`. */
  toJSON(): { price: string; size: string } {
    return { price: this.priceText, size: this.sizeText }
  }
}

/**
 * Validated `[price, size]` text pairs as {@link TextLevel}s, in the order given.
 *
 * @example
 * textLevels(frame.data.b)[0]?.price // Decimal of the first bid
 */
export function textLevels(pairs: readonly PriceSizeText[]): TextLevel[] {
  const out = new Array<TextLevel>(pairs.length)
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as PriceSizeText
    out[i] = new TextLevel(pair[0], pair[1])
  }
  return out
}
