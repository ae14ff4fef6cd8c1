/**
 * What a {@link SequenceRule} says about a delta:
 * - `'apply'`: it follows the book; apply it as a delta.
 * - `'reset'`: it starts a new history (a venue restart); apply it as a snapshot.
 * - `'stale'`: the book already covers it; drop it.
 * - a {@link SequenceGap}: something between the book and the delta is missing; the book must resync.
 *
 * @example
 * consecutiveUpdateIds.check(41, undefined, 42) // 'apply'
 * consecutiveUpdateIds.check(41, undefined, 44) // { expected: 42, got: 44 }
 */
export type SequenceVerdict = 'apply' | 'reset' | 'stale' | SequenceGap

/**
 * A missing stretch of updates: the sequence the book expected next and the one that came.
 *
 * @example
 * rangedUpdateIds.check(100, 102, 110) // { expected: 101, got: 102 }
 */
export interface SequenceGap {
  readonly expected: number | undefined
  readonly got: number | undefined
}

/**
 * A venue's rule of continuity between book messages, as arithmetic on update ids; the book knows no
 * venue and asks its rule about every delta. Snapshots are not checked: they replace the book and set
 * its sequence.
 *
 * `current` is the sequence of the last message the book applied (the snapshot's, at first), `first`
 * and `last` the range the delta covers (`first` is `undefined` for venues with one id per message).
 * After an applied delta the book's sequence becomes `last`.
 *
 * @example
 * // Every message must carry an even id, one step of 2 after the last (a made-up venue)
 * const evenIds: SequenceRule = {
 *   name: 'evenIds',
 *   check: (current, _first, last) =>
 *     current === undefined || last === undefined
 *       ? { expected: undefined, got: last }
 *       : last <= current ? 'stale' : last === current + 2 ? 'apply' : { expected: current + 2, got: last },
 * }
 * new L2Book({ venue: 'mock', symbol: 'BTC/USDT', sequence: evenIds })
 */
export interface SequenceRule {
  /** Shown in logs and results. */
  readonly name: string
  /** Decides what to do with a delta covering `first..last` on a book at `current`. */
  check(current: number | undefined, first: number | undefined, last: number | undefined): SequenceVerdict
}
