import { expect } from 'chai'
import fc from 'fast-check'
import { Decimal } from '../../lib/core/decimal.js'
import { MatchingBook } from '../../lib/sim/book.js'

type Op =
  | { kind: 'market'; side: 'buy' | 'sell'; price: number; size: number }
  | { kind: 'rest'; side: 'buy' | 'sell'; price: number; size: number }
  | { kind: 'remove'; pick: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('market' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    price: fc.integer({ min: 1, max: 40 }),
    size: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('rest' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    price: fc.integer({ min: 1, max: 40 }),
    size: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
)

/** The same book kept the obvious way: a list of entries, sorted on every read. */
class NaiveBook {
  market = { buy: new Map<number, number>(), sell: new Map<number, number>() }
  queue: { id: number; side: 'buy' | 'sell'; price: number; size: number }[] = []
  levels(side: 'buy' | 'sell'): [number, number][] {
    const sizes = new Map<number, number>()
    for (const [p, s] of this.market[side]) if (s > 0) sizes.set(p, s)
    for (const e of this.queue) if (e.side === side) sizes.set(e.price, (sizes.get(e.price) ?? 0) + e.size)
    return [...sizes.entries()].sort((a, b) => (side === 'buy' ? b[0] - a[0] : a[0] - b[0]))
  }
  ahead(id: number): number {
    const me = this.queue.find((e) => e.id === id)!
    const better = (p: number) => (me.side === 'buy' ? p > me.price : p < me.price)
    let total = 0
    for (const [p, s] of this.levels(me.side)) if (better(p)) total += s
    total += this.market[me.side].get(me.price) ?? 0
    for (const e of this.queue) {
      if (e.id === id) break
      if (e.side === me.side && e.price === me.price) total += e.size
    }
    return total
  }
}

describe('MatchingBook', () => {
  it('keeps levels sorted and aggregated, and knows what is ahead of each order, as a naive book does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const book = new MatchingBook<number>()
        const naive = new NaiveBook()
        let id = 0
        for (const o of ops) {
          if (o.kind === 'market') {
            book.setMarket(o.side, new Decimal(o.price), new Decimal(o.size))
            naive.market[o.side].set(o.price, o.size)
          } else if (o.kind === 'rest') {
            book.rest(o.side, new Decimal(o.price), ++id, new Decimal(o.size))
            naive.queue.push({ id, side: o.side, price: o.price, size: o.size })
          } else if (naive.queue.length > 0) {
            const e = naive.queue[o.pick % naive.queue.length]!
            expect(book.remove(e.side, new Decimal(e.price), e.id)?.toNumber()).to.equal(e.size)
            naive.queue = naive.queue.filter((x) => x !== e)
          }
        }
        for (const side of ['buy', 'sell'] as const) {
          const got = book.levels(side).map((l): [number, number] => [l.price.toNumber(), l.size.toNumber()])
          expect(got).to.deep.equal(naive.levels(side))
          expect(book.best(side)?.toNumber()).to.equal(naive.levels(side)[0]?.[0])
        }
        for (const e of naive.queue) {
          expect(book.ahead(e.side, new Decimal(e.price), e.id)?.toNumber()).to.equal(naive.ahead(e.id))
        }
      }),
    )
  })

  it('resize keeps an order where it is in the queue', () => {
    const book = new MatchingBook<string>()
    const p = new Decimal(10)
    book.rest('buy', p, 'a', new Decimal(2))
    book.rest('buy', p, 'b', new Decimal(3))
    expect(book.resize('buy', p, 'a', new Decimal(1))).to.equal(true)
    expect(book.ahead('buy', p, 'b')?.toNumber()).to.equal(1)
    const fills = book.match('sell', { quantity: new Decimal(2), lot: new Decimal(1) })
    expect(fills.map((f) => [f.maker, f.quantity.toNumber()])).to.deep.equal([
      ['a', 1],
      ['b', 1],
    ])
  })
})
