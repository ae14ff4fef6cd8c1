/**
 * One market's book as a diff-depth feed publishes it (Binance `depthUpdate`, Coinbase `level2`): every
 * change of the book takes the next update id; an event carries the net level changes (absolute sizes,
 * 0 = gone) since the last event with the range of ids it covers (`U`..`u`), and a snapshot carries the
 * id of the book it shows, so a client's documented sync procedure works against it.
 */
import { Decimal } from '../../core/decimal.js'
import type { BookLevel } from '../../core/model.js'

/**
 * Bids and asks, best first.
 *
 * @example
 * const sides: Sides = exchange.book('BTC/USDT')
 */
export interface Sides {
  readonly bids: readonly BookLevel[]
  readonly asks: readonly BookLevel[]
}

/**
 * Net level changes over a range of update ids: one `depthUpdate` event.
 *
 * @example
 * const diff: DepthDiff | undefined = depth.take()
 * if (diff) send({ e: 'depthUpdate', U: diff.U, u: diff.u, b: diff.bids, a: diff.asks })
 */
export interface DepthDiff {
  /** First update id of the range. */
  readonly U: number
  /** Last update id of the range. */
  readonly u: number
  readonly bids: readonly BookLevel[]
  readonly asks: readonly BookLevel[]
}

/**
 * A REST snapshot.
 *
 * @example
 * const snap: DepthSnapshot = depth.snapshot(100)
 * snap.lastUpdateId // the id of the last change it includes
 */
export interface DepthSnapshot extends Sides {
  readonly lastUpdateId: number
}

interface Change {
  readonly bid: boolean
  readonly key: string
  readonly price: Decimal
  /** Size before the change; 0 when the level was not there. */
  readonly before: Decimal
}

const ZERO = new Decimal(0)
const HISTORY = 10_000

/**
 * Tracks one market's book between publications.
 *
 * @example
 * const depth = new DepthBook(() => exchange.book('BTC/USDT'), 1_000_000)
 * exchange.step('BTC/USDT'); depth.observe()   // the change takes id 1_000_001
 * depth.take()                                  // { U: 1_000_001, u: 1_000_001, bids, asks }
 */
export class DepthBook {
  /** Id of the book as it is now. */
  updateId: number
  /** `u` of the last event taken. */
  private published: number
  private bids = new Map<string, BookLevel>()
  private asks = new Map<string, BookLevel>()
  private readonly pendingBids = new Map<string, BookLevel>()
  private readonly pendingAsks = new Map<string, BookLevel>()
  private readonly history: { readonly id: number; readonly changes: readonly Change[] }[] = []
  private skip = false

  constructor(
    private readonly read: () => Sides,
    firstId: number,
  ) {
    this.updateId = firstId
    this.published = firstId
    const { bids, asks } = read()
    for (const l of bids) this.bids.set(l.price.toString(), l)
    for (const l of asks) this.asks.set(l.price.toString(), l)
  }

  /** Looks at the book after a change; a book that changed takes the next update id. */
  observe(): boolean {
    const { bids, asks } = this.read()
    const changes: Change[] = []
    this.bids = this.diff(true, this.bids, bids, changes)
    this.asks = this.diff(false, this.asks, asks, changes)
    if (changes.length === 0) return false
    this.updateId++
    this.history.push({ id: this.updateId, changes })
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY)
    return true
  }

  /** The changes since the last event, as the next event, or `undefined` when there are none. */
  take(): DepthDiff | undefined {
    if (this.pendingBids.size === 0 && this.pendingAsks.size === 0) return undefined
    const U = this.published + (this.skip ? 2 : 1)
    this.skip = false
    const diff: DepthDiff = {
      U,
      u: this.updateId,
      bids: sortLevels([...this.pendingBids.values()], true),
      asks: sortLevels([...this.pendingAsks.values()], false),
    }
    this.pendingBids.clear()
    this.pendingAsks.clear()
    this.published = this.updateId
    return diff
  }

  /** Loses one update id: the next event starts one id later than it should, as after a lost message. */
  gap(): void {
    this.updateId++
    this.skip = true
  }

  /**
   * The book now (or as it was `lag` update ids ago, as long as they are remembered), at most `limit`
   * levels a side.
   */
  snapshot(limit: number, lag = 0): DepthSnapshot {
    const bids = new Map(this.bids)
    const asks = new Map(this.asks)
    let id = this.updateId
    for (let i = this.history.length - 1; i >= 0 && lag > 0; i--, lag--) {
      const entry = this.history[i] as (typeof this.history)[number]
      for (let j = entry.changes.length - 1; j >= 0; j--) {
        const c = entry.changes[j] as Change
        const side = c.bid ? bids : asks
        if (c.before.isZero()) side.delete(c.key)
        else side.set(c.key, { price: c.price, size: c.before })
      }
      id = entry.id - 1
    }
    return {
      lastUpdateId: id,
      bids: sortLevels([...bids.values()], true).slice(0, limit),
      asks: sortLevels([...asks.values()], false).slice(0, limit),
    }
  }

  private diff(
    bid: boolean,
    before: Map<string, BookLevel>,
    now: readonly BookLevel[],
    changes: Change[],
  ): Map<string, BookLevel> {
    const after = new Map<string, BookLevel>()
    const pending = bid ? this.pendingBids : this.pendingAsks
    for (const level of now) {
      const key = level.price.toString()
      after.set(key, level)
      const was = before.get(key)
      if (was === undefined || !was.size.eq(level.size)) {
        changes.push({ bid, key, price: level.price, before: was?.size ?? ZERO })
        pending.set(key, level)
      }
    }
    for (const [key, level] of before) {
      if (after.has(key)) continue
      changes.push({ bid, key, price: level.price, before: level.size })
      pending.set(key, { price: level.price, size: ZERO })
    }
    return after
  }
}

function sortLevels(levels: BookLevel[], desc: boolean): BookLevel[] {
  return levels.sort((a, b) => (desc ? b.price.comparedTo(a.price) : a.price.comparedTo(b.price)))
}
