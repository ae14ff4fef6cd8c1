import type { Decimal } from '../core/decimal.js'

/**
 * The change is in the book. `reset` is true when it replaced the book (a snapshot or a venue reset).
 *
 * @example
 * book.applySnapshot(s) // { kind: 'applied', reset: true }
 */
export interface Applied {
  readonly kind: 'applied'
  readonly reset: boolean
}

/**
 * The change was dropped: the book already covers it. Nothing changed.
 *
 * @example
 * book.applyDelta({ bids: [], asks: [], sequence: book.sequence }) // { kind: 'stale' } under consecutiveUpdateIds
 */
export interface Stale {
  readonly kind: 'stale'
}

/**
 * The change does not follow the book (missed updates, or a delta before any snapshot): it was dropped
 * and the book needs a fresh snapshot. Nothing changed.
 *
 * @example
 * // book at u=41, consecutiveUpdateIds
 * book.applyDelta({ bids: [], asks: [], sequence: 44 }) // { kind: 'gap', expected: 42, got: 44 }
 */
export interface Gap {
  readonly kind: 'gap'
  /** The sequence the book expected next, when it knows one. */
  readonly expected: number | undefined
  /** The sequence the change carried. */
  readonly got: number | undefined
}

/**
 * The change was applied and left best bid >= best ask. A venue's book never crosses, so the local one
 * has diverged: resync. The book stays readable and keeps reporting `crossed` until it uncrosses.
 *
 * @example
 * // best ask 101
 * book.applyDelta({ bids: [['101.5', '1']], asks: [] }) // { kind: 'crossed', reset: false, bestBid: 101.5, bestAsk: 101 }
 */
export interface Crossed {
  readonly kind: 'crossed'
  readonly reset: boolean
  readonly bestBid: Decimal
  readonly bestAsk: Decimal
}

/**
 * A level's price or size was not a plain decimal, its price was not above zero, or its size was
 * negative. The book was cleared: deltas are gaps until the next snapshot.
 *
 * @example
 * book.applyDelta({ bids: [['100', '1e3']], asks: [] }) // { kind: 'invalid', side: 'bid', price: '100', size: '1e3' }
 */
export interface Invalid {
  readonly kind: 'invalid'
  readonly side: 'bid' | 'ask'
  readonly price: string
  readonly size: string
}

/**
 * What applying a snapshot or delta did. Venue data never makes the book throw; it answers with one of
 * these, and the caller decides (a `gap`, `crossed` or `invalid` asks for a resync).
 *
 * @example
 * const r = book.applyDelta({ bids: d.b, asks: d.a, sequence: d.u })
 * if (r.kind === 'gap' || r.kind === 'crossed' || r.kind === 'invalid') resync()
 */
export type ApplyResult = Applied | Stale | Gap | Crossed | Invalid

/**
 * The shared result of an applied delta: the common results are not allocated per change.
 *
 * @example
 * book.applyDelta(d) === APPLIED // when it applied and did not cross
 */
export const APPLIED: Applied = Object.freeze({ kind: 'applied', reset: false })

/**
 * The shared result of an applied snapshot or reset.
 *
 * @example
 * book.applySnapshot(s) === APPLIED_RESET // when it did not cross
 */
export const APPLIED_RESET: Applied = Object.freeze({ kind: 'applied', reset: true })

/**
 * The shared result of a stale change.
 *
 * @example
 * book.applyDelta(old) === STALE
 */
export const STALE: Stale = Object.freeze({ kind: 'stale' })
