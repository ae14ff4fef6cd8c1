/**
 * Shared pieces of the Bybit end-to-end tests: a simulator with a client pointed at it, recorders that
 * turn hot streams into awaitable histories, and the exact book comparison.
 */
import { expect } from 'chai'
import type { BookEntry } from '../../lib/book/level.js'
import {
  BehaviorSubject,
  filter,
  firstValueFrom,
  ReplaySubject,
  throwError,
  timeout,
  type Observable,
  type Subscription,
} from 'rxjs'
import {
  createClient,
  silentLogger,
  type BookLevel,
  type BybitOptions,
  type Client,
  type Instrument,
  type OrderBook,
  type UnifiedSymbol,
} from '../../index.js'
import {
  startSimulator,
  type BybitSimEvent,
  type BybitSimulator,
  type BybitSimulatorOptions,
  type Simulator,
} from '../../lib/testing/index.js'

/** How long any one awaited signal may take before the test fails with a readable message. */
export const SIGNAL_TIMEOUT_MS = 15_000

/**
 * Resolves with the first value of `source` that passes `predicate`; fails naming `what` when none
 * comes within {@link SIGNAL_TIMEOUT_MS} (a guard against hanging, never a wait).
 *
 * @example
 * await signal(events$, (e) => e.type === 'resync', 'a resync')
 */
export function signal<T>(source: Observable<T>, predicate: (value: T) => boolean, what: string): Promise<T> {
  return firstValueFrom(
    source.pipe(
      filter(predicate),
      timeout({
        first: SIGNAL_TIMEOUT_MS,
        with: () => throwError(() => new Error(`no ${what} within ${SIGNAL_TIMEOUT_MS} ms`)),
      }),
    ),
  )
}

/**
 * Everything a hot stream emitted, kept from subscription on, with waits that also see the past.
 *
 * @example
 * const events = record(client.events$())
 * await events.until((e) => e.type === 'resync', 'a resync')
 */
export class Recorder<T> {
  /** Every value so far, in order. */
  readonly seen: T[] = []
  private readonly replay = new ReplaySubject<T>()
  private readonly subscription: Subscription

  constructor(source: Observable<T>) {
    this.subscription = source.subscribe({
      next: (value) => {
        this.seen.push(value)
        this.replay.next(value)
      },
      error: (e: unknown) => this.replay.error(e),
    })
  }

  /** How many values so far pass `predicate`. */
  count(predicate: (value: T) => boolean): number {
    return this.seen.filter(predicate).length
  }

  /** The first value, past or future, that passes `predicate`. */
  until(predicate: (value: T) => boolean, what: string): Promise<T> {
    return signal(this.replay, predicate, what)
  }

  /** Resolves once `n` values in all (past and future) have passed `predicate`. */
  untilCount(predicate: (value: T) => boolean, n: number, what: string): Promise<void> {
    let passed = 0
    return this.until((value) => predicate(value) && ++passed >= n, `${n} × ${what}`).then(() => undefined)
  }

  /** Stops recording. */
  stop(): void {
    this.subscription.unsubscribe()
    this.replay.complete()
  }
}

/**
 * Records `source` from now on.
 *
 * @example
 * const fills = record(account.fills$())
 */
export function record<T>(source: Observable<T>): Recorder<T> {
  return new Recorder(source)
}

/** A simulator, its Bybit venue, and a client pointed at it. */
export interface BybitRig {
  readonly sim: Simulator
  readonly bybit: BybitSimulator
  readonly client: Client
  /** Everything the simulator reported since it started. */
  readonly simEvents: Recorder<BybitSimEvent>
  /** Another client on the same simulator, with other driver options (wrong keys, ...). */
  clientWith(options: Partial<BybitOptions>): Client
  /** Closes every client, then the simulator. */
  close(): Promise<void>
}

/** Options of {@link startRig}. */
export interface RigOptions {
  readonly seed: number
  /** Simulator options beyond the seed. */
  readonly simulator?: BybitSimulatorOptions | undefined
  /** Driver options beyond the simulator's URLs and keys. */
  readonly driver?: Partial<BybitOptions> | undefined
  /** Sets the simulator's clock before any client talks to it (it keeps running from there). */
  readonly clockAt?: number | undefined
}

/**
 * Starts a seeded Bybit simulator on a free port and a client pointed at it (silent logger).
 *
 * @example
 * const rig = await startRig({ seed: 42, driver: { staleAfterMs: 300 } })
 * rig.client.orderBook$('bybit', 'BTC/USDT', { depth: 50 }).subscribe(show)
 * await rig.close()
 */
export async function startRig(options: RigOptions): Promise<BybitRig> {
  const sim = await startSimulator({
    venues: ['bybit'],
    seed: options.seed,
    tickMs: 'manual',
    bybit: options.simulator,
  })
  const bybit = sim.venue('bybit')
  if (options.clockAt !== undefined) bybit.setClock(options.clockAt, { running: true })
  const simEvents = record(bybit.events$)
  const clients: Client[] = []
  const clientWith = (driver: Partial<BybitOptions>): Client => {
    const venue = sim.clientOptions().venues.bybit
    if (venue === undefined) throw new Error('the simulator has no bybit venue')
    const client = createClient({
      venues: { bybit: { ...venue, logger: silentLogger, ...options.driver, ...driver } },
      logger: silentLogger,
    })
    clients.push(client)
    return client
  }
  const client = clientWith({})
  return {
    sim,
    bybit,
    client,
    simEvents,
    clientWith,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()))
      simEvents.stop()
      await sim.close()
    },
  }
}

/** The REST requests the simulator answered, by method and path; `status` 0 is a dropped answer. */
export function requestsTo(
  events: readonly BybitSimEvent[],
  method: string,
  path: string,
): Extract<BybitSimEvent, { type: 'request' }>[] {
  return events.filter(
    (e): e is Extract<BybitSimEvent, { type: 'request' }> =>
      e.type === 'request' && e.method === method && e.path === path,
  )
}

/** A client's live book, kept as its latest view, with a wait for a given venue update id. */
export interface BookWatch {
  /** The latest view, if any. */
  latest(): OrderBook | undefined
  /** Resolves with the first view (current or future) whose `sequence` is `updateId()`. */
  reaches(updateId: () => number, what: string): Promise<OrderBook>
  stop(): void
}

/**
 * Subscribes to `orderBook$` of a client and keeps its latest view.
 *
 * @example
 * const book = watchBook(client, 'BTC/USDT', 50)
 * await book.reaches(() => bybit.bookUpdateId('BTC/USDT', 50), 'the venue update id')
 */
export function watchBook(client: Client, symbol: UnifiedSymbol, depth: number): BookWatch {
  const views = new BehaviorSubject<OrderBook | undefined>(undefined)
  const subscription = client.orderBook$('bybit', symbol, { depth }).subscribe({
    next: (view) => views.next(view),
    error: (e: unknown) => views.error(e),
  })
  return {
    latest: () => views.value,
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
 * Asserts that a client's book equals the simulator's own book exactly: the same number of levels on
 * each side, and at every level the same price and size as Decimals and, as text, exactly what Bybit
 * sends for them (fixed to the instrument's tick and lot decimals).
 *
 * @example
 * expectSameBook(view, bybit.book('BTC/USDT', 50), instrument)
 */
export function expectSameBook(actual: OrderBook, truth: OrderBook, instrument: Instrument): void {
  const priceDp = instrument.tickSize.decimalPlaces()
  const sizeDp = instrument.lotSize.decimalPlaces()
  for (const side of ['bids', 'asks'] as const) {
    const got = actual[side]
    const want = truth[side]
    expect(got.length, `${side}: levels`).to.equal(want.length)
    expect(want.length, `${side}: the simulator's book is not empty`).to.be.greaterThan(0)
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
        expect([g.priceText, g.sizeText], where).to.deep.equal([
          w.price.toFixed(priceDp),
          w.size.toFixed(sizeDp),
        ])
      }
    }
  }
}
