// size: the whole Venue contract over one closure whose connection, feeds and views every stream shares
/**
 * `createMockVenue`: an in-process, deterministic venue implementing the {@link Venue} contract, for
 * the SDK's tests and its users' own.
 */
import { consecutiveUpdateIds } from '../../book/sequence-rules.js'
import {
  concat,
  defer,
  distinctUntilChanged,
  EMPTY,
  filter,
  from,
  ignoreElements,
  interval,
  map,
  merge,
  mergeMap,
  Observable,
  of,
  share,
  Subject,
  takeUntil,
  tap,
  throwError,
  type Subscription,
} from 'rxjs'
import { toVenueError, VenueError } from '../../core/errors.js'
import type {
  Balance,
  BookChange,
  Candle,
  CandleInterval,
  Fill,
  Order,
  OrderBook,
  OrderRef,
  OrderRequest,
  Ticker,
  Trade,
  UnifiedSymbol,
} from '../../core/model.js'
import type { ConnectionHealth, VenueHealthSnapshot } from '../contract/health.js'
import { checkHistoryRange } from '../kit/history-request.js'
import {
  capabilityError,
  type CandleHistoryRequest,
  type CapabilityNeed,
  type FillHistoryQuery,
  type HistoryRange,
  type Venue,
  type VenueEvent,
  type VenueTrading,
} from '../contract/index.js'
import { PublishedBook } from '../../sim/published-book.js'
import { CANDLE_INTERVAL_MS } from '../../core/candle-time.js'
import { canonicalSymbol } from '../../core/symbols.js'
import { aggregateCandles, CandleBuilder, candleStart } from './candles.js'
import { MOCK_CAPABILITIES, MOCK_TRADING, type MockCandleInterval } from './spec.js'
import { Exchange } from '../../sim/exchange.js'
import { checkOrderRef, checkOrderRequest } from '../kit/trading/order-checks.js'
import { MOCK_OPERATIONS, MockFaults, type MockOperation } from './faults.js'
import { resolveMockOptions, type MockBookStep, type MockVenueOptions } from './options.js'

/**
 * The trading surface of the mock venue; it always has `cancelAllOrders`, so tests need no `?.`.
 * Requests are answered on the venue's scheduler after the latency set by `faults.latency` (at
 * subscription by default), or fail as `faults.failNext` says.
 *
 * @example
 * const mock = createMockVenue()
 * mock.trading
 *   .placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: new Decimal('60000'), quantity: new Decimal('0.01') })
 *   .subscribe((order) => console.log(order.status)) // 'new': it rests below the market
 * mock.trading.cancelAllOrders('BTC/USDT').subscribe((canceled) => console.log(canceled.length)) // 1
 */
export interface MockTrading extends VenueTrading {
  /** Cancels every resting order of the account (of `symbol` when given); emits them, canceled. */
  cancelAllOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** The account's fills of a symbol in the range, oldest first, whether or not a stream saw them. */
  fillHistory(query: FillHistoryQuery): Observable<readonly Fill[]>
}

/**
 * Canned answers of the mock's trading requests ({@link MockVenue.on}): each takes the request's
 * argument and returns the answer, or throws the failure.
 *
 * @example
 * const handlers: Partial<MockHandlers> = { openOrders: () => [anOrder().build()] }
 */
export interface MockHandlers {
  /** Answers `placeOrder` (the request as checked). */
  placeOrder(request: OrderRequest): Order
  /** Answers `cancelOrder`. */
  cancelOrder(ref: OrderRef): Order
  /** Answers `getOrder`. */
  getOrder(ref: OrderRef): Order
  /** Answers `openOrders` (of a symbol, or of every one). */
  openOrders(symbol: UnifiedSymbol | undefined): readonly Order[]
  /** Answers `cancelAllOrders` with the orders canceled. */
  cancelAllOrders(symbol: UnifiedSymbol | undefined): readonly Order[]
  /** Answers `balances`. */
  balances(): readonly Balance[]
  /** Answers `fillHistory`. */
  fillHistory(query: FillHistoryQuery): readonly Fill[]
}

/**
 * A mock venue: the {@link Venue} contract plus controls and the venue's own truth for assertions.
 *
 * Markets move only while some market-data stream of the symbol is subscribed (one step per
 * `intervalMs` on the scheduler), so a test that unsubscribes leaves no timer behind; `advance` and
 * `push` move them by hand.
 *
 * @example
 * const mock: MockVenue = createMockVenue({ seed: 7 })
 * mock.push('BTC/USDT', { trades: [{ side: 'buy', size: '0.5' }] }) // someone buys 0.5 BTC at market
 * mock.book('BTC/USDT').asks[0]                                     // what is left of the best ask
 * mock.advance('BTC/USDT', 10)                                      // ten random steps, no timer needed
 * mock.health().connections[0]?.state                               // 'idle': no stream is watched
 */
export interface MockVenue extends Venue {
  readonly trading: MockTrading
  readonly rfq: undefined
  readonly custody: undefined
  /** Injected failures, latency, disconnects and sequence gaps. */
  readonly faults: MockFaults
  /**
   * How many requests of each kind were made (counted when the request's Observable is subscribed, as
   * a venue would see it: a `placeOrder` never subscribed sent nothing).
   */
  readonly calls: Readonly<Record<MockOperation, number>>
  /**
   * Answers `operation` with `handler` instead of the matching engine, until the returned function is
   * called: a value returned is the answer, an error thrown is the failure (a `VenueError` as it is).
   * Faults and latency still apply. The last handler set for an operation wins.
   *
   * @example
   * const off = mock.on('placeOrder', (req) => { throw new VenueError({ kind: 'insufficient-funds', venue: 'mock', message: 'no' }) })
   * off() // back to the engine
   */
  on<K extends keyof MockHandlers>(operation: K, handler: MockHandlers[K]): () => void
  /** The venue's book now, full depth, resting user orders included. */
  book(symbol: UnifiedSymbol): OrderBook
  /** One balance now. */
  balance(asset: string): Balance
  /**
   * Applies a step to the market now.
   *
   * @throws VenueError `invalid-request` for an unknown symbol or a level off tick or lot.
   */
  push(symbol: UnifiedSymbol, step: MockBookStep): void
  /** Runs `steps` market steps now (random changes or the next scripted steps). Default 1. */
  advance(symbol: UnifiedSymbol, steps?: number): void
  /**
   * The simulated `public` connection (and `private`, once a private stream was used) now: its state,
   * the values it delivered (every value a stream emitted counts as one message) and its reconnects.
   * The mock has no REST, limiter or breaker.
   */
  health(): VenueHealthSnapshot
}

interface ViewEntry {
  readonly key: string
  readonly view: PublishedBook
  readonly changes: Subject<BookChange>
  subscribers: number
}

type EventBody = VenueEvent extends infer E ? (E extends VenueEvent ? Omit<E, 'venue' | 'at'> : never) : never

/**
 * Creates a mock venue. Deterministic: the same options, seed and subscription times give the same
 * books, trades and orders, to the sequence number.
 *
 * A scripted book with `intervalMs: 100`, dropped at 250 ms for 300 ms (the marble test in
 * `test/venues/mock-faults.test.ts`): steps keep running while down, and the book restarts with a
 * snapshot of where the market got to.
 *
 * ```
 * bookChanges$:  S1 99ms D2 99ms D3 ......... 349ms S4 49ms D5 99ms D6
 * events$:       connected ... (disconnected reconnecting) ... (connected resync)
 *                0          250                             550
 * ```
 *
 * @example
 * const mock = createMockVenue({ seed: 7, scheduler })
 * mock.bookChanges$('BTC/USDT').pipe(take(5)).subscribe(console.log)       // snapshot + 4 deltas
 * mock.trading.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: new Decimal('0.5') }).subscribe()
 * mock.faults.disconnect()                                                 // books restart with a snapshot
 * await mock.close()
 */
export function createMockVenue(options: MockVenueOptions = {}): MockVenue {
  const opts = resolveMockOptions(options)
  const { id, scheduler } = opts
  const now = () => new Date(scheduler.now())

  let closed = false
  let connected = true
  let reconnectTimer: Subscription | undefined
  const closed$ = new Subject<void>()
  const events = new Subject<VenueEvent>()
  const changed$ = new Subject<UnifiedSymbol>()
  const stepped$ = new Subject<UnifiedSymbol>()
  const orders$ = new Subject<Order>()
  const fills$ = new Subject<Fill>()
  /** Every fill of the account, for `fillHistory`: a stream that was down missed them, the venue did not. */
  const fillLog: Fill[] = []
  const balances$ = new Subject<Balance>()
  const trades = new Map<UnifiedSymbol, Subject<Trade>>()
  const views = new Map<string, ViewEntry>()
  const sequences = new Map<string, number>()
  const feeds = new Map<UnifiedSymbol, Observable<never>>()
  const channels = { public: 0, private: 0 }
  const wire = { public: newWire(), private: newWire() }

  const emit = (body: EventBody) => events.next({ ...body, venue: id, at: now() } as VenueEvent)
  const tradesOf = (symbol: UnifiedSymbol) => {
    let subject = trades.get(symbol)
    if (subject === undefined) trades.set(symbol, (subject = new Subject<Trade>()))
    return subject
  }

  const exchange = new Exchange(opts, {
    trade: (t) => {
      if (connected) tradesOf(t.symbol).next(t)
    },
    order: (o) => {
      if (connected) orders$.next(o)
    },
    fill: (f) => {
      fillLog.push(f)
      if (connected) fills$.next(f)
    },
    balance: (b) => {
      if (connected) balances$.next(b)
    },
    changed: (symbol) => {
      if (!connected) return
      for (const entry of views.values()) {
        if (entry.view.symbol !== symbol) continue
        const delta = entry.view.delta(now())
        if (delta) entry.changes.next(delta)
      }
      changed$.next(symbol)
    },
  })

  const closedError = () =>
    new VenueError({ kind: 'invalid-request', venue: id, message: `${id} venue is closed` })

  /** Counts users of a connection, reporting when it opens and goes idle. */
  const channel = (name: keyof typeof channels) =>
    new Observable<never>(() => {
      wire[name].used = true
      if (channels[name]++ === 0) emit({ type: 'connected', channel: name, reconnect: false })
      return () => {
        if (--channels[name] === 0 && !closed) emit({ type: 'disconnected', channel: name, reason: 'idle' })
      }
    })

  const feed = (symbol: UnifiedSymbol): Observable<never> => {
    let shared = feeds.get(symbol)
    if (shared === undefined) {
      shared = interval(opts.intervalMs, scheduler).pipe(
        tap(() => {
          exchange.step(symbol)
          stepped$.next(symbol)
        }),
        ignoreElements(),
        share(),
      )
      feeds.set(symbol, shared)
    }
    return shared
  }

  const refuse = (need: CapabilityNeed) => capabilityError(venue, need)

  const delivered = (name: keyof typeof channels) => () => {
    const w = wire[name]
    w.messages += 1
    w.lastMessageAt = scheduler.now()
  }

  const connectionHealth = (name: keyof typeof channels): ConnectionHealth => {
    const w = wire[name]
    return {
      channel: name,
      state: closed ? 'closed' : channels[name] === 0 ? 'idle' : connected ? 'open' : 'reconnecting',
      messages: w.messages,
      lastMessageAt: w.lastMessageAt,
      reconnects: w.reconnects,
    }
  }

  /** A market-data stream: checks, keeps the market moving and the public connection counted. */
  const marketStream = <T>(symbol: UnifiedSymbol, need: CapabilityNeed, inner: () => Observable<T>) =>
    defer(() => {
      if (closed) throw closedError()
      const refused = refuse(need)
      if (refused) throw refused
      exchange.instrument(symbol)
      return merge(inner().pipe(tap(delivered('public'))), feed(symbol), channel('public'))
    }).pipe(takeUntil(closed$))

  const privateStream = <T>(need: CapabilityNeed, source: Subject<T>) =>
    defer(() => {
      if (closed) throw closedError()
      const refused = refuse(need)
      if (refused) throw refused
      return merge(source.pipe(tap(delivered('private'))), channel('private'))
    }).pipe(takeUntil(closed$))

  /** A request: answered after the injected latency, or failed by an injected fault. */
  const calls = Object.fromEntries(MOCK_OPERATIONS.map((op) => [op, 0])) as Record<MockOperation, number>
  const handlers = new Map<MockOperation, (arg: never) => unknown>()
  /** `run`, or the canned handler of `operation` given `arg` while one is set. */
  const answered =
    <T>(operation: MockOperation, run: () => T, arg?: unknown): (() => T) =>
    () => {
      const handler = handlers.get(operation)
      return handler === undefined ? run() : (handler(arg as never) as T)
    }
  const request = <T>(operation: MockOperation, run: () => T, need?: CapabilityNeed): Observable<T> =>
    new Observable<T>((subscriber) => {
      calls[operation] += 1
      if (closed) return subscriber.error(closedError())
      const refused = need && refuse(need)
      if (refused) return subscriber.error(refused)
      const answer = () => {
        const failure = faults.take(operation)
        try {
          if (failure) {
            if (failure.applied) {
              try {
                run()
              } catch {
                // The answer is lost either way; the caller sees the injected failure.
              }
            }
            if (failure.error.kind === 'rate-limit') {
              emit({ type: 'rate-limited', retryAfterMs: failure.error.retryAfterMs, error: failure.error })
            }
            throw failure.error
          }
          const value = run()
          subscriber.next(value)
          subscriber.complete()
        } catch (e) {
          subscriber.error(toVenueError(e, { venue: id }))
        }
      }
      const ms = faults.latencyMs
      if (ms === 0) return answer()
      const task = scheduler.schedule(answer, ms)
      const interrupted = closed$.subscribe(() =>
        subscriber.error(
          new VenueError({ kind: 'network', venue: id, message: `${operation}: ${id} venue closed` }),
        ),
      )
      return () => {
        task.unsubscribe()
        interrupted.unsubscribe()
      }
    })

  const acquireView = (symbol: UnifiedSymbol, depth: number | undefined): ViewEntry => {
    const key = `${symbol}|${depth ?? 'full'}`
    let entry = views.get(key)
    if (entry === undefined) {
      const view = new PublishedBook(id, symbol, () => exchange.book(symbol, depth), sequences.get(key) ?? 0)
      entry = { key, view, changes: new Subject<BookChange>(), subscribers: 0 }
      views.set(key, entry)
    }
    entry.subscribers++
    return entry
  }

  const releaseView = (entry: ViewEntry) => {
    if (--entry.subscribers > 0) return
    sequences.set(entry.key, entry.view.sequence)
    views.delete(entry.key)
  }

  const bookChanges$ = (symbol: UnifiedSymbol, options: { depth?: number | undefined } = {}) =>
    marketStream(
      symbol,
      { kind: 'book', depth: options.depth },
      () =>
        new Observable<BookChange>((subscriber) => {
          const entry = acquireView(symbol, options.depth)
          const deltas = entry.changes.subscribe(subscriber)
          if (connected) {
            subscriber.next(
              entry.subscribers === 1 ? entry.view.snapshot(now()) : entry.view.published(now()),
            )
          }
          return () => {
            deltas.unsubscribe()
            releaseView(entry)
          }
        }),
    )

  const ticker$ = (symbol: UnifiedSymbol) =>
    marketStream(symbol, { kind: 'ticker' }, () =>
      concat(connected ? of(symbol) : EMPTY, changed$.pipe(filter((s) => s === symbol))).pipe(
        map(() => exchange.ticker(symbol)),
        distinctUntilChanged(sameTicker),
      ),
    )

  const candles$ = (symbol: UnifiedSymbol, candleInterval: CandleInterval) =>
    marketStream(symbol, { kind: 'candles', interval: candleInterval }, () => {
      const interval = candleInterval as MockCandleInterval
      const builder = new CandleBuilder(id, symbol, interval)
      for (const t of exchange.trades(symbol, candleStart(interval, scheduler.now()), Infinity))
        builder.add(t)
      const forming = builder.current()
      return concat(
        forming && connected ? of(forming) : EMPTY,
        merge(
          tradesOf(symbol).pipe(mergeMap((t) => builder.add(t))),
          stepped$.pipe(
            filter((s) => s === symbol),
            mergeMap(() => builder.roll(scheduler.now())),
          ),
        ),
      )
    })

  /** A paged history query: checked once, then one request per page, each fetched when the previous one was consumed. */
  const history = <T, C>(
    need: CapabilityNeed,
    first: () => C | undefined,
    page: (cursor: C) => Observable<T>,
  ) =>
    defer(() => {
      if (closed) throw closedError()
      const refused = refuse(need)
      if (refused) throw refused
      const cursor = first()
      return cursor === undefined ? EMPTY : page(cursor)
    })

  const candleHistory = (symbol: UnifiedSymbol, req: CandleHistoryRequest): Observable<Candle> => {
    const range = checkHistoryRange(id, req, 'candle history')
    if (range instanceof VenueError) return throwError(() => range)
    const interval = req.interval as MockCandleInterval
    const toMs = range.toMs
    const page = (fromMs: number): Observable<Candle> => {
      const len = CANDLE_INTERVAL_MS[interval]
      return request('candleHistory', () => {
        exchange.instrument(symbol)
        const pageEnd = Math.min(fromMs + len * opts.historyPageSize, toMs)
        const tradesEnd = candleStart(interval, pageEnd - 1) + len
        const trades = exchange.trades(symbol, fromMs, tradesEnd)
        return { candles: aggregateCandles(id, symbol, interval, trades, scheduler.now()), next: pageEnd }
      }).pipe(
        mergeMap(({ candles, next }) => concat(from(candles), next < toMs ? defer(() => page(next)) : EMPTY)),
      )
    }
    return history<Candle, number>(
      { kind: 'candle-history', interval: req.interval },
      () => {
        // Candles whose open time is in [from, to): the one holding `from` only if it opens there.
        const fromMs = range.fromMs
        const aligned = candleStart(interval, fromMs)
        const start = aligned < fromMs ? aligned + CANDLE_INTERVAL_MS[interval] : aligned
        return start < toMs ? start : undefined
      },
      page,
    )
  }

  const tradeHistory = (symbol: UnifiedSymbol, given: HistoryRange): Observable<Trade> => {
    const range = checkHistoryRange(id, given, 'trade history')
    if (range instanceof VenueError) return throwError(() => range)
    const { fromMs, toMs } = range
    const page = (after: Trade | null): Observable<Trade> =>
      request('tradeHistory', () => {
        // Trade ids are the market's own counter, so "after" survives the log being trimmed.
        const all = exchange.trades(symbol, fromMs, toMs)
        const rest = after === null ? all : all.filter((t) => BigInt(t.id) > BigInt(after.id))
        return { items: rest.slice(0, opts.historyPageSize), more: rest.length > opts.historyPageSize }
      }).pipe(
        mergeMap(({ items, more }) =>
          concat(from(items), more ? defer(() => page(items[items.length - 1] ?? null)) : EMPTY),
        ),
      )
    return history<Trade, Trade | null>(
      { kind: 'trade-history' },
      () => (fromMs < toMs ? null : undefined),
      page,
    )
  }

  const faults = new MockFaults(id, {
    disconnect: (downMs) => {
      if (closed) return
      reconnectTimer?.unsubscribe()
      reconnectTimer = undefined
      const open = (Object.keys(channels) as (keyof typeof channels)[]).filter((c) => channels[c] > 0)
      for (const c of open) {
        if (connected) emit({ type: 'disconnected', channel: c, reason: 'injected disconnect' })
        emit({ type: 'reconnecting', channel: c, attempt: 1, delayMs: downMs })
      }
      connected = false
      const reconnect = () => {
        reconnectTimer = undefined
        connected = true
        for (const c of open) {
          if (channels[c] === 0) continue
          wire[c].reconnects += 1
          emit({ type: 'connected', channel: c, reconnect: true })
        }
        // as the drivers do: the resync is announced before the snapshot that ends it
        const resynced = new Set<UnifiedSymbol>()
        for (const entry of views.values()) resynced.add(entry.view.symbol)
        for (const symbol of resynced) emit({ type: 'resync', symbol, reason: 'reconnect' })
        for (const entry of views.values()) entry.changes.next(entry.view.snapshot(now()))
        for (const i of exchange.instruments()) changed$.next(i.symbol)
        // as the drivers do: the balances are read again, since the changes made meanwhile were not pushed
        if (open.includes('private') && channels.private > 0)
          for (const b of exchange.balances()) balances$.next(b)
      }
      if (downMs === 0) reconnect()
      else reconnectTimer = scheduler.schedule(reconnect, downMs)
    },
    gap: (symbol) => {
      for (const entry of views.values())
        if (symbol === undefined || entry.view.symbol === symbol) entry.view.gap()
    },
  })

  const trading: MockTrading = {
    placementWindowMs: options.placementWindowMs,
    placeOrder: (req) =>
      defer(() => {
        const checked = checkOrderRequest(id, withCanonicalSymbol(req), MOCK_TRADING)
        return request(
          'placeOrder',
          answered('placeOrder', () => exchange.place(checked), checked),
          {
            kind: 'order',
            request: checked,
          },
        )
      }),
    cancelOrder: (ref) =>
      defer(() => {
        const checked = checkOrderRef(id, withCanonicalSymbol(ref))
        return request(
          'cancelOrder',
          answered('cancelOrder', () => exchange.cancel(checked), checked),
          {
            kind: 'trading',
          },
        )
      }),
    getOrder: (ref) =>
      defer(() => {
        const checked = checkOrderRef(id, withCanonicalSymbol(ref))
        return request(
          'getOrder',
          answered('getOrder', () => exchange.get(checked), checked),
          { kind: 'trading' },
        )
      }),
    openOrders: (symbol) =>
      request(
        'openOrders',
        answered('openOrders', () => exchange.open(canonicalSymbol(symbol)), symbol),
        { kind: 'trading' },
      ),
    cancelAllOrders: (symbol) =>
      request(
        'cancelAllOrders',
        answered('cancelAllOrders', () => exchange.cancelAll(canonicalSymbol(symbol)), symbol),
        {
          kind: 'cancel-all',
        },
      ),
    orderUpdates$: () => privateStream({ kind: 'private-stream', stream: 'orders' }, orders$),
    fills$: () => privateStream({ kind: 'private-stream', stream: 'fills' }, fills$),
    balances: () =>
      request(
        'balances',
        answered('balances', () => exchange.balances()),
        { kind: 'trading' },
      ),
    fillHistory: (q) =>
      request(
        'fillHistory',
        answered(
          'fillHistory',
          () => {
            const fromMs = q.from.getTime()
            const toMs = q.to?.getTime() ?? Infinity
            return fillLog.filter((f) => {
              const t = f.timestamp.getTime()
              return f.symbol === q.symbol && t >= fromMs && t < toMs
            })
          },
          q,
        ),
        { kind: 'trading' },
      ),
    balanceUpdates$: () => privateStream({ kind: 'private-stream', stream: 'balances' }, balances$),
  }

  const venue: MockVenue = {
    id,
    capabilities: MOCK_CAPABILITIES,
    bookSequence: consecutiveUpdateIds,
    instruments: () => request('instruments', () => exchange.instruments()),
    bookChanges$,
    trades$: (symbol) => marketStream(symbol, { kind: 'trades' }, () => tradesOf(symbol)),
    ticker$,
    candles$,
    candleHistory,
    tradeHistory,
    trading,
    rfq: undefined,
    custody: undefined,
    events$: events.asObservable(),
    faults,
    calls,
    on: (operation, handler) => {
      const mine = handler as (arg: never) => unknown
      handlers.set(operation, mine)
      return () => {
        if (handlers.get(operation) === mine) handlers.delete(operation)
      }
    },
    book: (symbol) => {
      const { bids, asks } = exchange.book(symbol)
      const at = now()
      return {
        venue: id,
        symbol: exchange.instrument(symbol).symbol,
        bids,
        asks,
        timestamp: at,
        rawTimestamp: at.getTime(),
      }
    },
    balance: (asset) => exchange.balance(asset),
    health: () => ({
      at: scheduler.now(),
      connections: (['public', 'private'] as const)
        .filter((c) => c === 'public' || wire[c].used)
        .map(connectionHealth),
      rest: { requests: 0, failures: 0, lastLatencyMs: undefined, latencyMs: undefined },
      rateLimit: undefined,
      breaker: undefined,
    }),
    push: (symbol, step) => {
      if (closed) throw closedError()
      exchange.push(symbol, step)
    },
    advance: (symbol, steps = 1) => {
      if (closed) throw closedError()
      for (let i = 0; i < steps; i++) {
        exchange.step(symbol)
        stepped$.next(symbol)
      }
    },
    close: () => {
      if (closed) return Promise.resolve()
      for (const c of Object.keys(channels) as (keyof typeof channels)[]) {
        if (channels[c] > 0) emit({ type: 'disconnected', channel: c, reason: 'closed' })
      }
      closed = true
      reconnectTimer?.unsubscribe()
      reconnectTimer = undefined
      closed$.next()
      closed$.complete()
      for (const s of [events, changed$, stepped$, orders$, fills$, balances$, ...trades.values()])
        s.complete()
      for (const entry of views.values()) entry.changes.complete()
      views.clear()
      feeds.clear()
      return Promise.resolve()
    },
  }
  return venue
}

interface Wire {
  used: boolean
  messages: number
  lastMessageAt: number | undefined
  reconnects: number
}

function newWire(): Wire {
  return { used: false, messages: 0, lastMessageAt: undefined, reconnects: 0 }
}

function sameTicker(a: Ticker, b: Ticker): boolean {
  const same = (x: Ticker[keyof Ticker], y: Ticker[keyof Ticker]) =>
    x === y || (x !== undefined && y !== undefined && String(x) === String(y))
  return (['bid', 'bidSize', 'ask', 'askSize', 'last', 'volume24h'] as const).every((k) => same(a[k], b[k]))
}

/** A request or ref with its symbol canonical (`btc/usdt` → `BTC/USDT`); anything else as it is, for the checks to refuse. */
function withCanonicalSymbol<T>(value: T): T {
  if (value === null || typeof value !== 'object' || !('symbol' in value)) return value
  return { ...value, symbol: canonicalSymbol(value.symbol) }
}
