/**
 * What the conformance cases share: a client's live book with a wait for a venue update id, the exact
 * book comparison, a seeded generator, and waits on conditions that are checked once per turn of the
 * event loop (never a sleep).
 */
import { expect } from 'chai'
import { BehaviorSubject, Observable } from 'rxjs'
import {
  Decimal,
  roundToLot,
  type BookEntry,
  type Instrument,
  type BookLevel,
  type Client,
  type OrderBook,
  type UnifiedSymbol,
  type VenueId,
} from 'rxvenue'
import { signal } from '../e2e/support.js'

export { record, signal, type Recorder } from '../e2e/support.js'

/** A client's live book, kept as its latest view, with every update id it showed. */
export interface BookWatch {
  /** `sequence` of every view so far, in order. */
  readonly sequences: number[]
  /** Resolves with the first view (current or future) whose `sequence` is `updateId()`. */
  reaches(updateId: () => number, what: string): Promise<OrderBook>
  stop(): void
}

/**
 * Subscribes to a client's `orderBook$` and keeps its latest view.
 *
 * @example
 * const book = watchBook(client, 'bybit', 'BTC/USDT', 50)
 * await book.reaches(() => adapter.bookUpdateId(sim, 'BTC/USDT', 50), 'the venue update id')
 */
export function watchBook(
  client: Client,
  venue: VenueId,
  symbol: UnifiedSymbol,
  depth: number | undefined,
): BookWatch {
  const views = new BehaviorSubject<OrderBook | undefined>(undefined)
  const sequences: number[] = []
  const subscription = client.orderBook$(venue, symbol, { depth }).subscribe({
    next: (view) => {
      sequences.push(view.sequence ?? -1)
      views.next(view)
    },
    error: (e: unknown) => views.error(e),
  })
  return {
    sequences,
    reaches: (updateId, what) =>
      signal(views, (v) => v !== undefined && v.sequence === updateId(), what).then((v) => v as OrderBook),
    stop: () => {
      subscription.unsubscribe()
      views.complete()
    },
  }
}

function isEntry(level: BookLevel): level is BookEntry {
  return typeof (level as Partial<BookEntry>).priceText === 'string'
}

/**
 * Asserts that a client's book equals the simulator's own book exactly: the same levels on each side,
 * each with the same price and size as Decimals, and keeping the venue's text of them (which reads as
 * the same values).
 *
 * @example
 * expectSameBook(view, sim.book('BTC/USDT', 50))
 */
export function expectSameBook(actual: OrderBook, truth: OrderBook): void {
  for (const side of ['bids', 'asks'] as const) {
    const got = actual[side]
    const want = truth[side]
    expect(want.length, `${side}: the simulator's book is not empty`).to.be.greaterThan(0)
    expect(got.length, `${side}: levels`).to.equal(want.length)
    for (let i = 0; i < want.length; i++) {
      const g = got[i] as BookLevel
      const w = want[i] as BookLevel
      const where = `${side}[${i}]`
      expect(g.price.eq(w.price), `${where} price ${g.price.toFixed()} vs ${w.price.toFixed()}`).to.equal(
        true,
      )
      expect(g.size.eq(w.size), `${where} size ${g.size.toFixed()} vs ${w.size.toFixed()}`).to.equal(true)
      expect(isEntry(g), `${where} keeps the venue's text`).to.equal(true)
      if (isEntry(g)) {
        expect(new Decimal(g.priceText).eq(g.price), `${where} price text ${g.priceText}`).to.equal(true)
        expect(new Decimal(g.sizeText).eq(g.size), `${where} size text ${g.sizeText}`).to.equal(true)
      }
    }
  }
}

/** The size resting at `price` on one side of a book, zero when there is no level there. */
export function sizeAt(levels: readonly BookLevel[], price: Decimal): Decimal {
  return levels.find((l) => l.price.eq(price))?.size ?? new Decimal(0)
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same numbers.
 *
 * @example
 * const next = seeded(7)
 * next(10) // an integer in [0, 10)
 */
export function seeded(seed: number): (below: number) => number {
  let a = seed >>> 0
  return (below) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below)
  }
}

/** `read()` again after each turn of the event loop, until unsubscribed. */
function everyTurn<T>(read: () => T): Observable<T> {
  return new Observable((subscriber) => {
    let next: NodeJS.Immediate | undefined
    const tick = () => {
      subscriber.next(read())
      // the first value may already have ended the subscription
      if (!subscriber.closed) next = setImmediate(tick)
    }
    tick()
    return () => clearImmediate(next)
  })
}

/**
 * Resolves once `holds()` is true, checked now and after each turn of the event loop; fails naming
 * `what` if it never is (a guard against hanging, never a wait).
 *
 * @example
 * await until(() => settled + queued() === CALLS, 'every call answered or held by the limiter')
 */
export function until(holds: () => boolean, what: string): Promise<void> {
  return signal(everyTurn(holds), (ok) => ok, what).then(() => undefined)
}

/** Live handles of this process by type (sockets, timers, ...), as Node counts them. */
export function handles(): Map<string, number> {
  const out = new Map<string, number>()
  for (const type of process.getActiveResourcesInfo()) out.set(type, (out.get(type) ?? 0) + 1)
  return out
}

/** Listeners on the process, by event. */
export function processListeners(): Record<string, number> {
  return Object.fromEntries(process.eventNames().map((e) => [String(e), process.listenerCount(e)]))
}

/**
 * An order size for the cases: on the instrument's lot grid, at least its minimum, worth about 500 in
 * the quote currency at `price` (well above any minimum value, well within the default balances).
 *
 * @example
 * orderSize(btcUsdt, new Decimal('65000')) // 0.007692 with lot size 0.000001
 */
export function orderSize(instrument: Instrument, price: Decimal): Decimal {
  return Decimal.max(instrument.minSize, roundToLot(new Decimal(500).div(price), instrument.lotSize))
}
