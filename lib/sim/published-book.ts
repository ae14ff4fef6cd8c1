/**
 * One published book stream of a simulated venue or the mock (a symbol at a depth): what its subscribers were last
 * told, turned into snapshot and delta {@link BookChange}s with consecutive sequence numbers.
 */
import { Decimal } from '../core/decimal.js'
import type { BookChange, BookLevel, UnifiedSymbol, VenueId } from '../core/model.js'

/**
 * Bids and asks, best first.
 *
 * @example
 * const sides: BookSides = exchange.book('BTC/USDT', 50)
 */
export interface BookSides {
  readonly bids: readonly BookLevel[]
  readonly asks: readonly BookLevel[]
}

/**
 * Diffs the venue's book against what was last published.
 *
 * @example
 * const view = new PublishedBook('mock', 'BTC/USDT', () => exchange.book('BTC/USDT', 50), 0)
 * view.snapshot(now)  // sequence 1
 * view.delta(now)     // sequence 2, or undefined when nothing visible changed
 */
export class PublishedBook {
  private bids = new Map<string, BookLevel>()
  private asks = new Map<string, BookLevel>()
  private skip = 0

  constructor(
    readonly venue: VenueId,
    readonly symbol: UnifiedSymbol,
    private readonly read: () => BookSides,
    /** Sequence of the last change published, carried over from earlier views of the same stream. */
    public sequence: number,
  ) {}

  /** Publishes the whole book now, with the next sequence number. */
  snapshot(at: Date): BookChange {
    const { bids, asks } = this.read()
    this.bids = toMap(bids)
    this.asks = toMap(asks)
    this.sequence += 1 + this.takeSkip()
    return this.change(at, true, bids, asks)
  }

  /** What was last published, as a snapshot at the current sequence, for a subscriber joining now. */
  published(at: Date): BookChange {
    return this.change(
      at,
      true,
      sortLevels([...this.bids.values()], 'desc'),
      sortLevels([...this.asks.values()], 'asc'),
    )
  }

  /** The levels that changed since the last publication, or `undefined` when none did. */
  delta(at: Date): BookChange | undefined {
    const { bids, asks } = this.read()
    const nextBids = toMap(bids)
    const nextAsks = toMap(asks)
    const changedBids = sortLevels(diff(this.bids, nextBids), 'desc')
    const changedAsks = sortLevels(diff(this.asks, nextAsks), 'asc')
    if (changedBids.length === 0 && changedAsks.length === 0) return undefined
    this.bids = nextBids
    this.asks = nextAsks
    this.sequence += 1 + this.takeSkip()
    return this.change(at, false, changedBids, changedAsks)
  }

  /** Makes the next published change skip one sequence number, as a venue that dropped a message. */
  gap(): void {
    this.skip++
  }

  private takeSkip(): number {
    const n = this.skip
    this.skip = 0
    return n
  }

  private change(
    at: Date,
    isSnapshot: boolean,
    bids: readonly BookLevel[],
    asks: readonly BookLevel[],
  ): BookChange {
    return {
      venue: this.venue,
      symbol: this.symbol,
      isSnapshot,
      bids,
      asks,
      sequence: this.sequence,
      firstSequence: this.sequence,
      previousSequence: isSnapshot ? undefined : this.sequence - 1,
      timestamp: at,
      rawTimestamp: at.getTime(),
    }
  }
}

const ZERO = new Decimal(0)
// A venue's book hands out the same price Decimals again and again; their text is worked out once.
const keys = new WeakMap<Decimal, string>()

function keyOf(price: Decimal): string {
  let key = keys.get(price)
  if (key === undefined) keys.set(price, (key = price.toString()))
  return key
}

function toMap(levels: readonly BookLevel[]): Map<string, BookLevel> {
  return new Map(levels.map((l) => [keyOf(l.price), l]))
}

function diff(before: Map<string, BookLevel>, after: Map<string, BookLevel>): BookLevel[] {
  const out: BookLevel[] = []
  for (const [key, level] of after) {
    const was = before.get(key)?.size
    if (was === undefined || (was !== level.size && !was.eq(level.size))) out.push(level)
  }
  for (const [key, level] of before) {
    if (!after.has(key)) out.push({ price: level.price, size: ZERO })
  }
  return out
}

function sortLevels(levels: BookLevel[], order: 'asc' | 'desc'): BookLevel[] {
  const cmp = (a: Decimal, b: Decimal) => a.comparedTo(b)
  return levels.sort((a, b) => (order === 'asc' ? cmp(a.price, b.price) : cmp(b.price, a.price)))
}
