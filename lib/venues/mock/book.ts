/**
 * The mock venue's own order book for one market: the venue's truth, not a client's view of it.
 *
 * Each price level holds the rest of the market's liquidity (`market`, one anonymous block) and a
 * queue of resting user orders. Matching is price-time: best price first; within a level the market's
 * block goes first (it is taken to have been there before), then user orders oldest first.
 */
import { Decimal } from '../../core/decimal.js'
import type { BookLevel, Side } from '../../core/model.js'

/** One trade a match produced, at the resting price. */
export interface MockExecution<T> {
  readonly price: Decimal
  readonly quantity: Decimal
  /** The resting user order that provided the liquidity; `undefined` for the market's own. */
  readonly maker: T | undefined
}

/** How far a taker may walk the book. Give `quantity` (base) or `budget` (quote). */
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

const ZERO = new Decimal(0)

/** The side a taker on `side` trades against. */
export function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy'
}

/**
 * One market's book, generic in the user order record it queues.
 *
 * @example
 * const book = new MockBook<string>()
 * book.setMarket('sell', new Decimal('100'), new Decimal('2'))
 * book.match('buy', { quantity: new Decimal('0.5'), lot: new Decimal('0.1') }) // [{ price 100, quantity 0.5 }]
 */
export class MockBook<T> {
  private readonly sides: Record<Side, Map<string, Level<T>>> = { buy: new Map(), sell: new Map() }

  /** Aggregated levels, best first, at most `depth` of them. */
  levels(side: Side, depth = Infinity): BookLevel[] {
    return this.sorted(side)
      .slice(0, depth)
      .map((l) => ({ price: l.price, size: l.queue.reduce((sum, e) => sum.plus(e.remaining), l.market) }))
  }

  /** The market's own liquidity only, best first. */
  marketLevels(side: Side): BookLevel[] {
    return this.sorted(side)
      .filter((l) => l.market.gt(0))
      .map((l) => ({ price: l.price, size: l.market }))
  }

  /** Best price of a side, or `undefined` when it is empty. */
  best(side: Side): Decimal | undefined {
    let best: Decimal | undefined
    for (const l of this.sides[side].values()) {
      if (best === undefined || (side === 'buy' ? l.price.gt(best) : l.price.lt(best))) best = l.price
    }
    return best
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
      for (const level of [...this.sides[side].values()]) {
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
    const level = this.sides[side].get(price.toString())
    const at = level?.queue.findIndex((e) => e.order === order) ?? -1
    if (level === undefined || at < 0) return undefined
    const [entry] = level.queue.splice(at, 1)
    this.prune(side, level)
    return entry?.remaining
  }

  /**
   * Walks the other side for a taker on `side`, best price first, and consumes what it takes.
   * `dryRun` reports the same executions without changing the book.
   */
  match(side: Side, limits: MatchLimits, dryRun = false): MockExecution<T>[] {
    const out: MockExecution<T>[] = []
    const book = opposite(side)
    let quantity = limits.quantity
    let budget = limits.budget
    const want = (price: Decimal): Decimal => {
      if (quantity !== undefined) return quantity
      if (budget !== undefined) return budget.div(price).div(limits.lot).floor().mul(limits.lot)
      return ZERO
    }
    for (const level of this.sorted(book)) {
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
    const key = price.toString()
    let level = this.sides[side].get(key)
    if (level === undefined) {
      level = { price, market: ZERO, queue: [] }
      this.sides[side].set(key, level)
    }
    return level
  }

  private prune(side: Side, level: Level<T>): void {
    if (level.market.lte(0) && level.queue.length === 0) this.sides[side].delete(level.price.toString())
  }

  private sorted(side: Side): Level<T>[] {
    const levels = [...this.sides[side].values()]
    return levels.sort((a, b) => (side === 'buy' ? b.price.comparedTo(a.price) : a.price.comparedTo(b.price)))
  }
}
