import { Decimal } from '../core/decimal.js'
import { keptText, priceKeyIn, sizeSignIn } from './decimal-text.js'
import { Level } from './level.js'

// Slots per leaf. A book of up to this many levels a side (Bybit's 50, with room to spare) is one leaf;
// a 5 000-level side is about a hundred. Measured against other sizes: bench/README.md.
const CAPACITY = 128

// Fills vacated slots: keeps every buffer a packed array of one shape and lets dropped levels be collected.
const VACANT = new Level('', '', undefined)

/**
 * A run of sorted levels in the middle of a fixed buffer, with free slots at both ends. `ranks` mirrors
 * each slot's rank in one contiguous array: a search reads 8 bytes a step from a few cache lines
 * instead of a level object a step from anywhere in the heap, which is what a process keeping
 * hundreds of books pays for (bench/books-interleaved.ts).
 */
interface Leaf {
  buf: Level[]
  ranks: Float64Array
  head: number
  count: number
}

/** A leaf of `levels[from..to)`, whose ranks are `levelRanks[from..to)`. */
function leafOf(levels: readonly Level[], levelRanks: ArrayLike<number>, from: number, to: number): Leaf {
  const buf = new Array<Level>(CAPACITY).fill(VACANT)
  const ranks = new Float64Array(CAPACITY)
  const count = to - from
  const head = (CAPACITY - count) >>> 1
  for (let i = 0; i < count; i++) {
    buf[head + i] = levels[from + i] as Level
    ranks[head + i] = levelRanks[from + i] as number
  }
  return { buf, ranks, head, count }
}

/** Moves a leaf's levels to the middle of its buffer, so both ends have room. */
function recenter(leaf: Leaf): void {
  const { buf, ranks, head, count } = leaf
  const start = (CAPACITY - count) >>> 1
  if (start === head) return
  if (start < head) for (let i = 0; i < count; i++) buf[start + i] = buf[head + i] as Level
  else for (let i = count - 1; i >= 0; i--) buf[start + i] = buf[head + i] as Level
  ranks.copyWithin(start, head, head + count)
  for (let i = Math.min(start, head); i < start; i++) buf[i] = VACANT
  for (let i = start + count; i < head + count; i++) buf[i] = VACANT
  leaf.head = start
}

/**
 * One side of an L2 book: levels sorted worst first and best last, in a B+tree of height two whose
 * leaves are gap buffers (a sorted run in the middle of a 128-slot array, free slots at both ends).
 *
 * - best level: O(1), the last level of the last leaf;
 * - locating a price: binary search over the leaves, then inside one, O(log n);
 * - inserting or deleting: moves the shorter run beside it within its leaf, at most 64 references,
 *   and a handful where most changes land (near the best and the worst level); a full leaf splits and a
 *   sparse one merges with a neighbour, moving leaf references, O(n / 128), once per dozens of changes;
 * - trimming to a depth: O(levels dropped), dropping whole leaves or advancing a leaf's start.
 *
 * So a change is O(log n) plus a bounded move, at 50 levels and at 5 000 alike; a book that fits one
 * leaf (up to 128 levels) has no tree overhead at all.
 *
 * @example
 * const bids = new BookSide(true)
 * bids.set('65000.10', '0.5')
 * bids.set('65000.1', '0')   // the same level: deleted
 */
export class BookSide {
  private leaves: Leaf[] = []
  private count = 0
  // The Decimal of the price being set, when a comparison needed one (the new level reuses it).
  private incoming: Decimal | undefined = undefined
  // the rank of the level makeLevel / makeLevelIn made last
  private made = 0

  /** `true` for bids (higher is better), `false` for asks. */
  constructor(readonly isBid: boolean) {}

  /** Number of levels. */
  get length(): number {
    return this.count
  }

  /** The best level, or `undefined` when the side is empty. */
  best(): Level | undefined {
    const leaf = this.leaves[this.leaves.length - 1]
    return leaf === undefined ? undefined : leaf.buf[leaf.head + leaf.count - 1]
  }

  /** The best level's rank (see `decimal-text.ts`; negated on the ask side), `NaN` when none or unkeyed. */
  bestRank(): number {
    const leaf = this.leaves[this.leaves.length - 1]
    return leaf === undefined ? NaN : (leaf.ranks[leaf.head + leaf.count - 1] as number)
  }

  /** The best `n` levels, best first, in a new array. */
  top(n: number): Level[] {
    const leaves = this.leaves
    const best = leaves[leaves.length - 1]
    if (best === undefined || !(n > 0)) return []
    // a view is taken per message: when the best leaf holds all it asks for (one leaf is a book of up to
    // 128 levels), one copy of the exact size reversed in place, not an array grown push by push
    if (n <= best.count || leaves.length === 1) {
      const end = best.head + best.count
      return best.buf.slice(end - (n < best.count ? Math.ceil(n) : best.count), end).reverse()
    }
    // deeper: an array of the exact size, filled in place (a whole 1 000-level side is one allocation,
    // not a dozen as it grows)
    const size = n < this.count ? Math.ceil(n) : this.count
    const out = new Array<Level>(size)
    let k = 0
    for (let l = leaves.length - 1; l >= 0 && k < size; l--) {
      const { buf, head, count } = leaves[l] as Leaf
      for (let i = head + count - 1; i >= head && k < size; i--) out[k++] = buf[i] as Level
    }
    return out
  }

  /**
   * Sets the level at `priceText` to `sizeText`; a zero size deletes it (deleting an absent level is a
   * no-op). Returns `false`, changing nothing, when either string is not a plain decimal, the price is
   * not above zero or the size is negative.
   */
  set(priceText: string, sizeText: string): boolean {
    return this.setIn(priceText, 0, priceText.length, sizeText, 0, sizeText.length)
  }

  /**
   * {@link BookSide.set} with the price `prices.slice(p, pe)` and the size `sizes.slice(s, se)`, read in
   * place: a string is cut (and copied, see `keptText`) only for what the side keeps, the size of a
   * level set and the price of a level added.
   */
  setIn(prices: string, p: number, pe: number, sizes: string, s: number, se: number): boolean {
    const key = priceKeyIn(prices, p, pe)
    if (key === undefined) return false
    const sign = sizeSignIn(sizes, s, se)
    if (sign < 0) return false
    const rank = this.isBid ? key : -key
    const leaves = this.leaves
    const last = leaves.length - 1
    if (last < 0) {
      if (sign !== 0) {
        leaves.push(
          leafOf([new Level(keptText(prices, p, pe), keptText(sizes, s, se), undefined)], [rank], 0, 1),
        )
        this.count = 1
      }
      return true
    }
    // the first leaf whose best level is not worse than the price; past the best, the last leaf
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const leaf = leaves[mid] as Leaf
      const top = leaf.head + leaf.count - 1
      const r = leaf.ranks[top] as number
      if (r < rank || (!(r >= rank) && this.exactOrder(leaf.buf[top] as Level, prices, p, pe) < 0))
        lo = mid + 1
      else hi = mid
    }
    const leaf = leaves[lo] as Leaf
    const buf = leaf.buf
    const ranks = leaf.ranks
    // then the price in it: found, or where it belongs
    let low = leaf.head
    let high = low + leaf.count - 1
    while (low <= high) {
      const mid = (low + high) >>> 1
      const r = ranks[mid] as number
      let c: number
      if (r < rank) c = -1
      else if (r > rank) c = 1
      else if (r === rank) c = 0
      else c = this.exactOrder(buf[mid] as Level, prices, p, pe)
      if (c < 0) low = mid + 1
      else if (c > 0) high = mid - 1
      else {
        if (sign === 0) this.remove(lo, mid)
        else {
          // the same price: the standing level's text is kept when the venue wrote it alike (no copy)
          const standing = buf[mid] as Level
          const held = standing.priceText
          const text = held.length === pe - p && prices.startsWith(held, p) ? held : keptText(prices, p, pe)
          buf[mid] = new Level(text, keptText(sizes, s, se), standing.builtPrice ?? this.incoming)
        }
        if (this.incoming !== undefined) this.incoming = undefined
        return true
      }
    }
    if (sign !== 0)
      this.insert(lo, low, new Level(keptText(prices, p, pe), keptText(sizes, s, se), this.incoming), rank)
    if (this.incoming !== undefined) this.incoming = undefined
    return true
  }

  /** Keeps the best `depth` levels. */
  trim(depth: number): void {
    let excess = this.count - depth
    if (excess <= 0) return
    this.count = depth
    const leaves = this.leaves
    let drop = 0
    while ((leaves[drop] as Leaf).count <= excess) excess -= (leaves[drop++] as Leaf).count
    if (drop > 0) leaves.splice(0, drop)
    if (excess > 0) {
      const leaf = leaves[0] as Leaf
      const { buf, head } = leaf
      for (let i = head; i < head + excess; i++) buf[i] = VACANT
      leaf.head = head + excess
      leaf.count -= excess
    }
  }

  /** Removes every level. */
  clear(): void {
    this.leaves = []
    this.count = 0
  }

  /**
   * Replaces the side with `levels` in any order (a snapshot), `ranks[i]` the rank of `levels[i]` (what
   * {@link BookSide.madeRank} said after making it): sorted once, later duplicates win. Faster than one
   * `set` per level for deep snapshots, which venues send best first (a reversed run, which the sort
   * recognises in linear time).
   */
  replace(levels: readonly Level[], ranks: readonly number[]): void {
    const compare = this.isBid ? compareBids : compareAsks
    const order: number[] = []
    for (let i = 0; i < levels.length; i++) order.push(i)
    const cmp = (x: number, y: number): number =>
      compare(ranks[x] as number, levels[x] as Level, ranks[y] as number, levels[y] as Level)
    // the sort is stable, so of equal prices the one sent last comes last and replaces the others
    order.sort(cmp)
    let n = 0
    for (let i = 0; i < order.length; i++) {
      const at = order[i] as number
      if (n > 0 && cmp(order[n - 1] as number, at) === 0) order[n - 1] = at
      else order[n++] = at
    }
    const sorted: Level[] = []
    const sortedRanks: number[] = []
    for (let i = 0; i < n; i++) {
      const at = order[i] as number
      sorted.push(levels[at] as Level)
      sortedRanks.push(ranks[at] as number)
    }
    // half-full leaves, with room to grow at both ends
    const leaves: Leaf[] = []
    for (let i = 0; i < n; i += CAPACITY / 2) {
      leaves.push(leafOf(sorted, sortedRanks, i, Math.min(n, i + CAPACITY / 2)))
    }
    this.leaves = leaves
    this.count = n
  }

  /** The rank of the level {@link BookSide.makeLevel} or {@link BookSide.makeLevelIn} made last. */
  get madeRank(): number {
    return this.made
  }

  /**
   * Makes a level record for this side, or `undefined` when the strings are not plain decimals, the price
   * is not above zero or the size is negative; zero sizes give `null` (nothing to hold).
   */
  makeLevel(priceText: string, sizeText: string): Level | null | undefined {
    return this.makeLevelIn(priceText, 0, priceText.length, sizeText, 0, sizeText.length)
  }

  /** {@link BookSide.makeLevel} of text read in place, as {@link BookSide.setIn} reads it. */
  makeLevelIn(
    prices: string,
    p: number,
    pe: number,
    sizes: string,
    s: number,
    se: number,
  ): Level | null | undefined {
    const key = priceKeyIn(prices, p, pe)
    if (key === undefined) return undefined
    const sign = sizeSignIn(sizes, s, se)
    if (sign < 0) return undefined
    if (sign === 0) return null
    this.made = this.isBid ? key : -key
    return new Level(keptText(prices, p, pe), keptText(sizes, s, se), undefined)
  }

  /** Where `level` stands against the price being set, by Decimal: < 0 worse, 0 the same, > 0 better. */
  private exactOrder(level: Level, prices: string, p: number, pe: number): number {
    const incoming = (this.incoming ??= new Decimal(prices.slice(p, pe)))
    return this.isBid ? level.price.comparedTo(incoming) : incoming.comparedTo(level.price)
  }

  /** Inserts `level` before buffer slot `at` of leaf `index`. */
  private insert(index: number, at: number, level: Level, rank: number): void {
    this.count++
    let leaf = this.leaves[index] as Leaf
    if (leaf.count === CAPACITY) {
      // full (so its run fills the buffer from slot 0): the better half moves to a new leaf after it
      const half = CAPACITY / 2
      const upper = leafOf(leaf.buf, leaf.ranks, half, CAPACITY)
      for (let i = half; i < CAPACITY; i++) leaf.buf[i] = VACANT
      leaf.count = half
      this.leaves.splice(index + 1, 0, upper)
      if (at > half) {
        at = upper.head + (at - half)
        leaf = upper
      }
    }
    const buf = leaf.buf
    let head = leaf.head
    const end = head + leaf.count
    // move the shorter run; if its end of the buffer is full, recenter first, or when the leaf is nearly
    // full (and so the other end has the room), move the other run
    let left = at - head < end - at
    if (left ? head === 0 : end === CAPACITY) {
      if (CAPACITY - leaf.count >= 16) {
        recenter(leaf)
        at += leaf.head - head
        head = leaf.head
      } else {
        left = !left
      }
    }
    const ranks = leaf.ranks
    if (left) {
      for (let j = head - 1; j < at - 1; j++) buf[j] = buf[j + 1] as Level
      ranks.copyWithin(head - 1, head, at)
      buf[at - 1] = level
      ranks[at - 1] = rank
      leaf.head = head - 1
    } else {
      for (let j = head + leaf.count; j > at; j--) buf[j] = buf[j - 1] as Level
      ranks.copyWithin(at + 1, at, head + leaf.count)
      buf[at] = level
      ranks[at] = rank
    }
    leaf.count++
  }

  /** Removes buffer slot `at` of leaf `index`. */
  private remove(index: number, at: number): void {
    this.count--
    const leaves = this.leaves
    const leaf = leaves[index] as Leaf
    const { buf, ranks, head } = leaf
    const end = head + leaf.count
    if (at - head < end - 1 - at) {
      for (let j = at; j > head; j--) buf[j] = buf[j - 1] as Level
      ranks.copyWithin(head + 1, head, at)
      buf[head] = VACANT
      leaf.head = head + 1
    } else {
      for (let j = at; j < end - 1; j++) buf[j] = buf[j + 1] as Level
      ranks.copyWithin(at, at + 1, end)
      buf[end - 1] = VACANT
    }
    leaf.count--
    if (leaf.count >= CAPACITY / 4) return
    if (leaf.count === 0) {
      leaves.splice(index, 1)
      return
    }
    // a sparse leaf joins a neighbour when both fit in three quarters of a leaf: the joined leaf keeps
    // room to grow, and no leaf but the last of its side stays under a quarter full for long
    const next = leaves[index + 1]
    if (next !== undefined && leaf.count + next.count <= (CAPACITY * 3) / 4) {
      leaves.splice(index, 2, joined(leaf, next))
      return
    }
    const previous = leaves[index - 1]
    if (previous !== undefined && leaf.count + previous.count <= (CAPACITY * 3) / 4) {
      leaves.splice(index - 1, 2, joined(previous, leaf))
    }
  }
}

function joined(a: Leaf, b: Leaf): Leaf {
  const levels: Level[] = []
  const ranks: number[] = []
  for (let i = a.head; i < a.head + a.count; i++) {
    levels.push(a.buf[i] as Level)
    ranks.push(a.ranks[i] as number)
  }
  for (let i = b.head; i < b.head + b.count; i++) {
    levels.push(b.buf[i] as Level)
    ranks.push(b.ranks[i] as number)
  }
  return leafOf(levels, ranks, 0, levels.length)
}

/**
 * Orders two bid levels of ranks `x` and `y`, worse (lower price) first: by rank, by Decimal where a
 * rank is missing (`NaN`).
 *
 * @example
 * compareBids(65000.1, a, 65000.2, b) < 0 // a's price is lower than b's
 */
export function compareBids(x: number, a: Level, y: number, b: Level): number {
  if (x < y) return -1
  if (x > y) return 1
  if (x === y) return 0
  return a.price.comparedTo(b.price)
}

/**
 * Orders two ask levels of ranks `x` and `y` (negated keys), worse (higher price) first: by rank, by
 * Decimal where a rank is missing (`NaN`).
 *
 * @example
 * compareAsks(-65000.2, a, -65000.1, b) < 0 // a's price is higher than b's
 */
export function compareAsks(x: number, a: Level, y: number, b: Level): number {
  if (x < y) return -1
  if (x > y) return 1
  if (x === y) return 0
  return b.price.comparedTo(a.price)
}
