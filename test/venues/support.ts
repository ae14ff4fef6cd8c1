/**
 * Test helpers for venue tests: a tiny independent book that applies BookChanges, and text forms of
 * model values so expectations read as strings.
 */
import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../lib/core/decimal.js'
import type { BookChange, BookLevel } from '../../lib/core/model.js'

/** A TestScheduler that compares with chai's deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected)
  })
}

/** `price:size` levels joined by spaces, e.g. `100:1 99.5:2`. */
export function levelsText(levels: readonly BookLevel[]): string {
  return levels.map((l) => `${l.price.toString()}:${l.size.toString()}`).join(' ')
}

/** A change as one line: `S3 b[100:1] a[101:2]` for a snapshot with sequence 3, `D4 ...` for a delta. */
export function changeText(c: BookChange): string {
  return `${c.isSnapshot ? 'S' : 'D'}${c.sequence} b[${levelsText(c.bids)}] a[${levelsText(c.asks)}]`
}

/**
 * A client-side book rebuilt from changes, with the checks a consumer would make: snapshot first,
 * consecutive sequences, never crossed.
 */
export class LocalBook {
  readonly bids = new Map<string, Decimal>()
  readonly asks = new Map<string, Decimal>()
  sequence: number | undefined
  changes = 0

  apply(c: BookChange): void {
    if (this.sequence === undefined) expect(c.isSnapshot, 'the first change is a snapshot').to.equal(true)
    else expect(c.sequence, 'consecutive sequence').to.equal(this.sequence + 1)
    if (c.isSnapshot) {
      this.bids.clear()
      this.asks.clear()
    } else {
      expect(c.previousSequence).to.equal((c.sequence ?? 0) - 1)
    }
    for (const [side, levels] of [
      [this.bids, c.bids],
      [this.asks, c.asks],
    ] as const) {
      for (const l of levels) {
        if (l.size.isZero()) side.delete(l.price.toString())
        else side.set(l.price.toString(), l.size)
      }
    }
    this.sequence = c.sequence
    this.changes++
    const bid = this.best('bids')
    const ask = this.best('asks')
    if (bid && ask)
      expect(bid.lt(ask), `crossed book: bid ${bid.toString()} >= ask ${ask.toString()}`).to.equal(true)
  }

  best(side: 'bids' | 'asks'): Decimal | undefined {
    return this.levels(side)[0]?.price
  }

  levels(side: 'bids' | 'asks'): BookLevel[] {
    const levels = [...this[side].entries()].map(([p, size]) => ({ price: new Decimal(p), size }))
    return levels.sort((a, b) =>
      side === 'bids' ? b.price.comparedTo(a.price) : a.price.comparedTo(b.price),
    )
  }
}

/** Shorthand for an exact decimal in tests. */
export const d = (value: string | number): Decimal => new Decimal(value)
