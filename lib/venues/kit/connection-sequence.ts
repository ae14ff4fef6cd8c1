/**
 * Continuity of a connection whose frames are numbered across all its topics (Coinbase's
 * `sequence_num`): a number skipped is a frame lost, which may have been any topic's, so the books the
 * connection carries must all be rebuilt. The per-topic sequence rules cannot see it: between two
 * frames of one book the numbers jump by whatever the other topics took.
 */
import type { SequenceRule } from '../../book/sequence-rule.js'

/**
 * A book's rule on such a connection (Coinbase's `level2`, Prime's `l2_data`): its own numbers only
 * grow, by whatever the other topics took meanwhile, so one at or below the book's is stale, and a
 * book without one has nothing to follow. Continuity is {@link ConnectionSequence}'s.
 *
 * @example
 * connectionNumbered.check(7, undefined, 12) // 'apply'
 * connectionNumbered.check(7, undefined, 7)  // 'stale'
 */
export const connectionNumbered: SequenceRule = {
  name: 'connectionNumbered',
  check: (current, _first, last) => {
    if (current === undefined || last === undefined) return { expected: undefined, got: last }
    return last > current ? 'apply' : 'stale'
  },
}

/**
 * The numbers of one connection's frames, checked as they are read.
 *
 * ```
 * frames:  open 0 1 2 4 5     open 0 1
 * lost:            (3, 4)          —      (a new connection counts from its first frame)
 * ```
 *
 * @example
 * const numbers = new ConnectionSequence(() => books.lost())
 * numbers.opened()                  // a connection opened
 * numbers.next(frame.sequence_num)  // each frame, as it is read
 */
export class ConnectionSequence {
  private last: number | undefined = undefined

  /** `lost` is told the number expected and the one that came instead. */
  constructor(private readonly lost: (expected: number, got: number) => void) {}

  /** A connection opened: its first numbered frame starts the count, whatever its number. */
  opened(): void {
    this.last = undefined
  }

  /**
   * Takes one frame's number (`undefined`: a frame the venue does not number). A number past the next
   * one reports the frames between as lost; an older or repeated number changes nothing (the docs:
   * such a frame came out of order, and the topic's own rule drops it as stale).
   */
  next(n: number | undefined): void {
    if (n === undefined) return
    const last = this.last
    if (last === undefined || n === last + 1) {
      this.last = n
      return
    }
    if (n <= last) return
    this.last = n
    this.lost(last + 1, n)
  }
}
