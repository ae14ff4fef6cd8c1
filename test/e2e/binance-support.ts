/**
 * Shared pieces of the Binance end-to-end tests: a simulator with a client pointed at it, the
 * simulator's request log, a client's live book with a wait for a venue update id, and the exact book
 * comparison. The generic recorders come from the Bybit support file.
 */
import { expect } from 'chai'
import type { BookEntry } from '../../lib/book/level.js'
import {
  asyncScheduler,
  BehaviorSubject,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs'
import {
  createClient,
  silentLogger,
  type BinanceOptions,
  type BookLevel,
  type Client,
  type OrderBook,
  type UnifiedSymbol,
} from '../../index.js'
import {
  startSimulator,
  type BinanceSimEvent,
  type BinanceSimulator,
  type BinanceSimulatorOptions,
  type Simulator,
} from '../../lib/testing/index.js'
import { record, signal, type Recorder } from './support.js'

export { record, signal, type Recorder } from './support.js'

/** A simulator, its Binance venue, and a client pointed at it. */
export interface BinanceRig {
  readonly sim: Simulator
  readonly binance: BinanceSimulator
  readonly client: Client
  /** Everything the simulator reported since it started. */
  readonly simEvents: Recorder<BinanceSimEvent>
  /** Closes every client, then the simulator. */
  close(): Promise<void>
}

/** Options of {@link startBinanceRig}. */
export interface BinanceRigOptions {
  readonly seed: number
  /** Simulator options beyond the seed. */
  readonly simulator?: BinanceSimulatorOptions | undefined
  /** Driver options beyond the simulator's URLs and keys. */
  readonly driver?: Partial<BinanceOptions> | undefined
  /** Sets the simulator's clock before any client talks to it (it keeps running from there). */
  readonly clockAt?: number | undefined
}

/**
 * Starts a seeded Binance simulator on a free port and a client pointed at it (silent logger, reconnect
 * backoff of a few ms without jitter unless `driver` says otherwise).
 *
 * @example
 * const rig = await startBinanceRig({ seed: 42 })
 * rig.client.orderBook$('binance', 'BTC/USDT').subscribe(show)
 * await rig.close()
 */
export async function startBinanceRig(options: BinanceRigOptions): Promise<BinanceRig> {
  const sim = await startSimulator({
    venues: ['binance'],
    seed: options.seed,
    tickMs: 'manual',
    binance: options.simulator,
  })
  const binance = sim.venue('binance')
  if (options.clockAt !== undefined) binance.setClock(options.clockAt, { running: true })
  const simEvents = record(binance.events$)
  const venue = sim.clientOptions().venues.binance
  if (venue === undefined) throw new Error('the simulator has no binance venue')
  const client = createClient({
    venues: {
      binance: {
        ...venue,
        logger: silentLogger,
        backoff: { initialMs: 5, maxMs: 40, jitter: 'none' },
        ...options.driver,
      },
    },
    logger: silentLogger,
  })
  return {
    sim,
    binance,
    client,
    simEvents,
    close: async () => {
      await client.close()
      simEvents.stop()
      await sim.close()
    },
  }
}

/** A REST request the simulator answered. */
export type AnsweredRequest = Extract<BinanceSimEvent, { type: 'request' }>

/** The REST requests the simulator answered, by method and path; `status` 0 is a dropped answer. */
export function requestsTo(
  events: readonly BinanceSimEvent[],
  method: string,
  path: string,
): AnsweredRequest[] {
  return events.filter(
    (e): e is AnsweredRequest => e.type === 'request' && e.method === method && e.path === path,
  )
}

/** A client's live book, kept as its latest view, with every update id it showed. */
export interface BookWatch {
  /** The latest view, if any. */
  latest(): OrderBook | undefined
  /** `sequence` of every view so far, in order. */
  readonly sequences: number[]
  /** Resolves with the first view (current or future) whose `sequence` is `updateId()`. */
  reaches(updateId: () => number, what: string): Promise<OrderBook>
  stop(): void
}

/**
 * Subscribes to `orderBook$('binance', symbol)` of a client (the full book) and keeps its latest view.
 *
 * @example
 * const book = watchBook(client, 'BTC/USDT')
 * await book.reaches(() => binance.bookUpdateId('BTC/USDT'), 'the venue update id')
 */
export function watchBook(client: Client, symbol: UnifiedSymbol): BookWatch {
  const views = new BehaviorSubject<OrderBook | undefined>(undefined)
  const sequences: number[] = []
  const subscription: Subscription = client.orderBook$('binance', symbol).subscribe({
    next: (view) => {
      sequences.push(view.sequence ?? -1)
      views.next(view)
    },
    error: (e: unknown) => views.error(e),
  })
  return {
    latest: () => views.value,
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
 * Asserts that a client's book equals the simulator's own book exactly: the same update id, the same
 * number of levels on each side, and at every level the same price and size as Decimals and, as text,
 * exactly what Binance sends for them (eight decimals).
 *
 * @example
 * expectSameBook(view, binance.book('BTC/USDT'))
 */
export function expectSameBook(actual: OrderBook, truth: OrderBook): void {
  expect(actual.sequence, 'update id').to.equal(truth.sequence)
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
      if (isEntry(g))
        expect([g.priceText, g.sizeText], where).to.deep.equal([w.price.toFixed(8), w.size.toFixed(8)])
    }
  }
}

/**
 * A small seeded generator (mulberry32) for test inputs: the same seed gives the same numbers.
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

/**
 * The real timers with a local clock that reads `at` now: the driver's rate windows start on its own
 * clock's minutes before it has measured the venue's, so the two must share their minute boundaries.
 *
 * @example
 * startBinanceRig({ seed: 1, clockAt: at, driver: { scheduler: localClockAt(at) } })
 */
export function localClockAt(at: number): SchedulerLike {
  const shift = at - Date.now()
  return {
    now: () => Date.now() + shift,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T) {
      return asyncScheduler.schedule(work, delay, state)
    },
  }
}
