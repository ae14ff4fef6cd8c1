/**
 * One simulated market's order book: the venue's truth, not a client's view of it.
 *
 * Each price level holds the rest of the market's liquidity (`market`, one anonymous block) and a
 * queue of resting user orders. Matching is price-time: best price first; within a level the market's
 * block goes first (it is taken to have been there before), then user orders oldest first.
 */
import { Decimal } from '../core/decimal.js'
import type { BookLevel, Side } from '../core/model.js'

/**
 * One trade a match produced, at the resting price.
 *
 * @example
 * for (const e of book.match('buy', { quantity, lot })) if (e.maker !== undefined) fillUserOrder(e.maker, e.quantity, e.price)
 */
export interface Execution<T> {
  readonly price: Decimal
  readonly quantity: Decimal
  /** The resting user order that provided the liquidity; `undefined` for the market's own. */
  readonly maker: T | undefined
}

/**
 * How far a taker may walk the book. Give `quantity` (base) or `budget` (quote).
 *
 * @example
 * const limits: MatchLimits = { budget: new Decimal('200'), lot: new Decimal('0.00001') } // spend 200 USDT
 * book.match('buy', limits, true) // dry run: what it would fill
 */
export interface MatchLimits {
  /** Worst price accepted: highest for a buy, lowest for a sell. Absent: any price. */
  readonly limit?: Decimal | undefined
  readonly quantity?: Decimal | undefined
  readonly budget?: Decimal | undefined
  /** Lot size: a budget buys whole lots only. */
  readonly lot: Decimal
}

interface Entry<T> {
  readonly order: T
  remaining: Decimal
}

interface Level<T> {
  readonly price: Decimal
  market: Decimal
  readonly queue: Entry<T>[]
}

/** A side's levels by price text, and the same levels best first. */
interface SideLevels<T> {
  readonly byKey: Map<string, Level<T>>
  readonly sorted: Level<T>[]
}

const ZERO = new Decimal(0)

/**
 * The side a taker on `side` trades against.
 *
 * @example
 * opposite('buy') // 'sell'
 */
export function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy'
}

/**
 * One market's book, generic in the user order record it queues. Levels stay sorted as they come and
 * go, so reading the top of a deep book costs no sort.
 *
 * @example
 * const book = new MatchingBook<string>()
 * book.setMarket('sell', new Decimal('100'), new Decimal('2'))
 * book.match('buy', { quantity: new Decimal('0.5'), lot: new Decimal('0.1') }) // [{ price 100, quantity 0.5 }]
 */
export class MatchingBook<T> {
  private readonly sides: Record<Side, SideLevels<T>> = {
    buy: { byKey: new Map(), sorted: [] },
    sell: { byKey: new Map(), sorted: [] },
  }

  /** Aggregated levels, best first, at most `depth` of them. */
  levels(side: Side, depth = Infinity): BookLevel[] {
    const sorted = this.sides[side].sorted
    const n = Math.min(depth, sorted.length)
    const out: BookLevel[] = new Array<BookLevel>(n)
    for (let i = 0; i < n; i++) {
      const l = sorted[i] as Level<T>
      out[i] = { price: l.price, size: l.queue.reduce((sum, e) => sum.plus(e.remaining), l.market) }
    }
    return out
  }

  /** Number of price levels on a side. */
  size(side: Side): number {
    return this.sides[side].sorted.length
  }

  /** The market's own liquidity only, best first. */
  marketLevels(side: Side): BookLevel[] {
    return this.sides[side].sorted
      .filter((l) => l.market.gt(0))
      .map((l) => ({ price: l.price, size: l.market }))
  }

  /** Best price of a side, or `undefined` when it is empty. */
  best(side: Side): Decimal | undefined {
    return this.sides[side].sorted[0]?.price
  }

  /** True when an order on `side` at `price` would take liquidity from the other side. */
  crosses(side: Side, price: Decimal): boolean {
    const other = this.best(opposite(side))
    return other !== undefined && (side === 'buy' ? price.gte(other) : price.lte(other))
  }

  /** Sets the market's own size at a price; `0` removes it. Does not check crossing. */
  setMarket(side: Side, price: Decimal, size: Decimal): void {
    const level = this.level(side, price)
    level.market = size
    this.prune(side, level)
  }

  /** Removes all of the market's own liquidity; resting user orders stay. */
  clearMarket(): void {
    for (const side of ['buy', 'sell'] as const) {
      for (const level of [...this.sides[side].sorted]) {
        level.market = ZERO
        this.prune(side, level)
      }
    }
  }

  /** Queues a user order at the back of its level. */
  rest(side: Side, price: Decimal, order: T, quantity: Decimal): void {
    this.level(side, price).queue.push({ order, remaining: quantity })
  }

  /** Takes a user order off the book; returns what was left of it, or `undefined` if it was not there. */
  remove(side: Side, price: Decimal, order: T): Decimal | undefined {
    const level = this.sides[side].byKey.get(price.toString())
    const at = level?.queue.findIndex((e) => e.order === order) ?? -1
    if (level === undefined || at < 0) return undefined
    const [entry] = level.queue.splice(at, 1)
    this.prune(side, level)
    return entry?.remaining
  }

  /** Changes what is left of a resting user order in place, keeping its place in the queue. */
  resize(side: Side, price: Decimal, order: T, remaining: Decimal): boolean {
    const entry = this.sides[side].byKey.get(price.toString())?.queue.find((e) => e.order === order)
    if (entry === undefined) return false
    entry.remaining = remaining
    return true
  }

  /**
   * How much would trade before a resting user order is reached: every better level, the market's
   * block at its price and the user orders queued before it. `undefined` when it is not on the book.
   */
  ahead(side: Side, price: Decimal, order: T): Decimal | undefined {
    let total = ZERO
    for (const level of this.sides[side].sorted) {
      if (level.price.eq(price)) {
        total = total.plus(level.market)
        for (const entry of level.queue) {
          if (entry.order === order) return total
          total = total.plus(entry.remaining)
        }
        return undefined
      }
      total = level.queue.reduce((sum, e) => sum.plus(e.remaining), total.plus(level.market))
    }
    return undefined
  }

  /**
   * Walks the other side for a taker on `side`, best price first, and consumes what it takes.
   * `dryRun` reports the same executions without changing the book.
   */
  match(side: Side, limits: MatchLimits, dryRun = false): Execution<T>[] {
    const out: Execution<T>[] = []
    const book = opposite(side)
    let quantity = limits.quantity
    let budget = limits.budget
    const want = (price: Decimal): Decimal => {
      if (quantity !== undefined) return quantity
      if (budget !== undefined) return budget.div(price).div(limits.lot).floor().mul(limits.lot)
      return ZERO
    }
    // A copy: levels emptied on the way are pruned from the live list.
    for (const level of [...this.sides[book].sorted]) {
      if (
        limits.limit !== undefined &&
        (side === 'buy' ? level.price.gt(limits.limit) : level.price.lt(limits.limit))
      ) {
        break
      }
      const take = (available: Decimal, maker: T | undefined): Decimal => {
        const q = Decimal.min(available, want(level.price))
        if (q.lte(0)) return ZERO
        out.push({ price: level.price, quantity: q, maker })
        if (quantity !== undefined) quantity = quantity.minus(q)
        if (budget !== undefined) budget = budget.minus(q.mul(level.price))
        return q
      }
      const fromMarket = take(level.market, undefined)
      if (!dryRun) level.market = level.market.minus(fromMarket)
      for (const entry of level.queue) {
        const q = take(entry.remaining, entry.order)
        if (q.isZero()) break
        if (!dryRun) entry.remaining = entry.remaining.minus(q)
      }
      if (!dryRun) {
        level.queue.splice(0, level.queue.length, ...level.queue.filter((e) => e.remaining.gt(0)))
        this.prune(book, level)
      }
      if (want(level.price).lte(0)) break
    }
    return out
  }

  private level(side: Side, price: Decimal): Level<T> {
    const { byKey, sorted } = this.sides[side]
    const key = price.toString()
    let level = byKey.get(key)
    if (level === undefined) {
      level = { price, market: ZERO, queue: [] }
      byKey.set(key, level)
      sorted.splice(this.position(side, price), 0, level)
    }
    return level
  }

  private prune(side: Side, level: Level<T>): void {
    if (level.market.gt(0) || level.queue.length > 0) return
    const { byKey, sorted } = this.sides[side]
    if (!byKey.delete(level.price.toString())) return
    const at = this.position(side, level.price)
    if (sorted[at] === level) sorted.splice(at, 1)
    else sorted.splice(sorted.indexOf(level), 1)
  }

  /** Index of the first level not better than `price` (binary search). */
  private position(side: Side, price: Decimal): number {
    const sorted = this.sides[side].sorted
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const p = (sorted[mid] as Level<T>).price
      if (side === 'buy' ? p.gt(price) : p.lt(price)) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
