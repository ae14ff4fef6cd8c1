// size: the manager's commands, sessions and read streams share one closure over the model and journal
/**
 * `createOrderManager`: commands (place, amend, cancel, cancel-all) apart from state (a read model
 * fed by the venues' order updates, fills and reconciliation), pre-trade risk before every order, and
 * an intent journal written before every request so that a crash never doubles an order.
 */
import {
  catchError,
  concat,
  concatMap,
  defer,
  exhaustMap,
  filter,
  finalize,
  from,
  interval,
  map,
  merge,
  Observable,
  of,
  ReplaySubject,
  retry,
  shareReplay,
  startWith,
  Subject,
  takeUntil,
  tap,
  throwIfEmpty,
  switchMap,
  throwError,
  timer,
  toArray,
  asyncScheduler,
  type Subscription,
} from 'rxjs'
import { toVenueError, VenueError } from '../core/errors.js'
import { canonicalSymbol } from '../core/symbols.js'
import { silentLogger } from '../core/logging.js'
import {
  fillKey,
  type Fill,
  type Order,
  type OrderStatus,
  type OrderRequest,
  type VenueId,
} from '../core/model.js'
import { isOpen } from '../core/order-status.js'
import { createRisk, type Risk } from '../risk/risk-engine.js'
import type { RiskOrder } from '../risk/risk-state.js'
import { DEFAULT_ORDER_DEADLINE_MS } from '../venues/kit/options.js'
import { checkOrderRequest, type OfferedOrders } from '../venues/kit/trading/order-checks.js'
import type { VenueTrading } from '../venues/contract/trading.js'
import { memoryStore } from '../store/memory-store.js'
import { keptCount } from '../store/retention.js'
import {
  refusedPlacement,
  type DailyBaseline,
  type MaybePromise,
  type OrderIntent,
} from '../store/order-store.js'
import type { DifferenceKind, OrderManagerEvent } from './events.js'
import { Lanes } from './lanes.js'
import { createBookWatches } from './book-watches.js'
import { TradingState } from './trading-state.js'
import type { OrderFilter, OrderManager, OrderManagerOptions } from './manager-types.js'
import { catchAll, named, retryRecoverable, tapError } from './operators.js'
import { createCancelAll } from './cancel-all.js'
import { createOrderCommands } from './order-commands.js'
import { createKillSwitches } from './kill-switches.js'
import { checkManagerOptions } from './manager-options.js'
import { createReconciler } from './reconcile.js'
import { pendingOrder, pnlReport } from './reports.js'

/** Every order type and time in force: the manager checks a request's shape; its venue, the rest. */
const ANY_ORDER: OfferedOrders = {
  orderTypes: ['limit', 'market'],
  timeInForce: ['GTC', 'IOC', 'FOK', 'PostOnly'],
}
/**
 * The refusals of a placement that say nothing was placed: its client order id is free again. Any other
 * failure (`timeout`, `network`, `temporary`, `decode`, `not-found`, one that is no VenueError) leaves
 * the outcome unknown: the order is looked up, and its id kept until it is found absent.
 *
 * @example
 * NOT_PLACED.has('rate-limit') // true: nothing placed, the id may be used again
 */
export const NOT_PLACED: ReadonlySet<string> = new Set([
  'invalid-request',
  'insufficient-funds',
  'rate-limit',
  'auth',
  'clock-skew',
  'circuit-open',
  'risk-rejected',
  'expired',
])
const VENUE_ENDS: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'expired'])

/**
 * Whether a reconciliation may put the venue's `reported` order in place of `known` against the state
 * machine: it corrects what the manager concluded itself (a placement it took as refused or absent),
 * never an end or a fill the venue reported, which a list read before them would otherwise undo.
 */
const correctable = (known: Order, reported: Order): boolean =>
  !VENUE_ENDS.has(known.status) && reported.filledQuantity.gte(known.filledQuantity)

interface Session {
  readonly trading: VenueTrading
  /** Done once the start-up reconciliation is; until then it is tried again with backoff. */
  readonly ready$: Observable<void>
  /** Done once the start-up reconciliation is; fails with the attempt that fails (the next tries anew). */
  readonly attempt$: Observable<void>
  readonly subscription: Subscription
}

const isRisk = (r: unknown): r is Risk => typeof r === 'object' && r !== null && 'check' in r

/** A filter with its symbol in the one spelling the manager keys orders on (`btc/usdt` is `BTC/USDT`). */
const canonicalFilter = (which: OrderFilter | undefined): OrderFilter | undefined =>
  which?.symbol === undefined ? which : { ...which, symbol: canonicalSymbol(which.symbol) }

/** The refusal of a command after `close()`, or of a placement still waiting then: nothing is sent. */
const closedError = (venue: VenueId | undefined): VenueError =>
  new VenueError({ kind: 'invalid-request', venue, message: 'the order manager is closed' })

/**
 * Creates an order manager over a client. It loads its store and reconciles the listed venues at
 * once; other venues are watched and reconciled on their first command. After every reconnect of a
 * venue it reconciles again.
 *
 * @example
 * const sim = await startSimulator({ venues: ['bybit', 'binance'] })
 * const client = createClient(sim.clientOptions())
 * const manager = createOrderManager({ client, venues: ['bybit', 'binance'], risk: { maxOpenOrders: 10 } })
 * await manager.ready()
 * await firstValueFrom(manager.place('binance', { symbol: 'BTC/USDT', side: 'sell', type: 'market', quantity: new Decimal('0.01') }))
 */
export function createOrderManager(options: OrderManagerOptions): OrderManager {
  checkManagerOptions(options)
  const { client } = options
  const scheduler = options.scheduler ?? asyncScheduler
  const now = () => scheduler.now()
  const store = options.store ?? memoryStore()
  // an object by now (checkManagerOptions); createRisk checks the configuration
  const given = options.risk ?? {}
  const ownRisk = !isRisk(given)
  const risk: Risk = isRisk(given) ? given : createRisk({ now, ...given })
  const absentAfterMs = options.absentAfterMs ?? 15_000
  const reconcileEveryMs = options.reconcileEveryMs ?? 60_000
  const newId = options.newClientOrderId ?? (() => crypto.randomUUID())
  const log = (options.logger ?? silentLogger).child('orders')

  const keepFinishedOrders = keptCount('keepFinishedOrders', options.keepFinishedOrders, 10_000)
  const model = new TradingState(now, {
    keepFinishedOrders,
    // the journal's settled intent goes with its order: a long run holds what is open and what finished last
    forgot: (o) => intents.delete(`${o.venue} ${o.clientOrderId}`),
    // a store that answers whether it holds a fill keeps the fill keys; the model keeps the newest
    storedFill: store.hasFill === undefined ? undefined : (f) => store.hasFill?.(f) ?? false,
    keepFillKeys: keptCount('keepFillKeys', options.keepFillKeys, 10_000),
  })
  const lanes = new Lanes()
  const sessions = new Map<VenueId, Session>()
  const intents = new Map<string, OrderIntent>()
  // in the one spelling orders are kept under: a `btc/usdt` entry warms the book orders read
  const marketList = (options.markets ?? []).map(
    ([venue, symbol]) => [venue, canonicalSymbol(symbol)] as const,
  )
  const markets = new Set(marketList.map(([venue, symbol]) => `${venue} ${symbol}`))
  /** Placements unsettled when a cancel-all ran: canceled as soon as they land open. */
  const cancelWhenOpen = new Set<string>()
  // replayed: what starts after close (a lookup of a placement cut off by it) stops at once too
  const closed$ = new ReplaySubject<void>(1)
  const ordersChanged = new Subject<Order>()
  const marksChanged = new Subject<void>()
  const newFills = new Subject<Fill>()
  const events = new Subject<OrderManagerEvent>()
  let closed = false
  /** The books watched for their mids: of `markets`, and of symbols with open orders or positions. */
  const books = createBookWatches({
    client,
    model,
    marksChanged,
    scheduler,
    log,
    needed: (venue, symbol) =>
      markets.has(`${venue} ${symbol}`) ||
      model.openOrders(venue, symbol).length > 0 ||
      !model.position(venue, symbol).isZero(),
  })

  const emit = (e: OrderManagerEvent) => events.next(e)
  const at = () => new Date(now())
  const saved = (result: MaybePromise<void>): Observable<void> =>
    result instanceof Promise ? from(result) : of(undefined)
  const persist = (what: string, write: () => MaybePromise<void>) => {
    try {
      const r = write()
      if (r instanceof Promise) r.catch((e: unknown) => log.error(`saving ${what} failed`, { error: e }))
    } catch (e) {
      log.error(`saving ${what} failed`, { error: e })
    }
  }

  // ---- the read model ----

  const difference = (venue: VenueId, kind: DifferenceKind, order?: Order, fill?: Fill) =>
    emit({
      type: 'difference',
      venue,
      at: at(),
      kind,
      clientOrderId: order?.clientOrderId ?? fill?.clientOrderId,
      order,
      fill,
    })

  /**
   * Whether the venue reports, as `reported`, an order the manager took as never placed (`known` is the
   * `rejected` it concluded from a refusal or from lookups: its intent `failed` or `absent`).
   */
  const concludedRefused = (known: Order, reported: Order): boolean =>
    known.status === 'rejected' &&
    reported.status !== 'rejected' &&
    refusedPlacement(intents.get(`${known.venue} ${known.clientOrderId}`), known)

  /** An order as a venue reports it; `reconciling`: a difference is news. Returns whether it differed. */
  const applyOrder = (order: Order, reconciling: boolean): boolean => {
    const applied = model.applyOrder(order)
    if (applied.kind === 'refused') {
      const known = applied.order
      const corrects = correctable(known, order) && (reconciling || concludedRefused(known, order))
      if (!corrects) {
        log.debug('order update refused by the state machine', {
          clientOrderId: order.clientOrderId,
          reason: applied.reason,
        })
        return false
      }
      if (!reconciling)
        log.warn('the venue reports an order the manager took as never placed; the venue is right', {
          venue: order.venue,
          clientOrderId: order.clientOrderId,
          status: order.status,
          concluded: known.reason,
        })
      model.replaceOrder(order) // the venue's word wins over what the manager concluded
    } else if (applied.kind === 'same') {
      return false
    }
    const current = model.order(order.venue, order.clientOrderId) ?? order
    if (reconciling)
      difference(order.venue, applied.kind === 'new' ? 'unknown-order' : 'order-changed', current)
    persist('order', () => store.saveOrder(current))
    changed(current)
    if (isOpen(current.status)) books.watch(current.venue, current.symbol)
    return true
  }

  /**
   * An order changed: to subscribers, and canceled if a cancel-all asked for it while its placement
   * was unsettled and it has now landed open.
   */
  /** The orders that finished since each venue's last periodic reconciliation: their fills are read too. */
  const endedSincePass = new Map<VenueId, Map<string, Order>>()
  const changed = (order: Order) => {
    ordersChanged.next(order)
    if (!isOpen(order.status) && reconcileEveryMs > 0) {
      const ended = endedSincePass.get(order.venue) ?? new Map<string, Order>()
      endedSincePass.set(order.venue, ended.set(order.clientOrderId, order))
    }
    if (!isOpen(order.status)) books.unwatchLater(order.venue, order.symbol)
    const key = `${order.venue} ${order.clientOrderId}`
    if (!cancelWhenOpen.has(key) || order.status === 'pending-new') return
    cancelWhenOpen.delete(key)
    if (isOpen(order.status) && !closed)
      cancel(order.venue, order.clientOrderId)
        .pipe(retryRecoverable(scheduler), takeUntil(closed$), catchAll())
        .subscribe()
  }

  const overfillsSaid = new Set<string>()
  const applyFill = (fill: Fill, reconciling: boolean): boolean => {
    // a fill found by a reconciliation that its order's counted fills already make up is the same fill
    // under another trade id (one a venue derived, then listed as its own): not counted twice
    if (reconciling && !model.hasFill(fill) && model.overfills(fill)) {
      // said once a fill: each reconciliation finds it again
      const said = overfillsSaid.has(fillKey(fill))
      if (overfillsSaid.size >= 10_000) overfillsSaid.clear()
      overfillsSaid.add(fillKey(fill))
      log[said ? 'debug' : 'warn']('a fill found beyond what its order filled is not counted', {
        venue: fill.venue,
        orderId: fill.orderId,
        tradeId: fill.tradeId,
      })
      return false
    }
    if (!model.applyFill(fill)) return false
    if (reconciling) difference(fill.venue, 'missed-fill', undefined, fill)
    const position = model.positionOf(fill.venue, fill.symbol).snapshot()
    // both or neither, where the store can: a restart then counts the fill once whatever failed
    if (store.saveFillAndPosition !== undefined)
      persist('a fill and its position', () => store.saveFillAndPosition?.(fill, position))
    else {
      persist('fill', () => store.saveFill(fill))
      persist('position', () => store.savePosition(position))
    }
    books.watch(fill.venue, fill.symbol)
    // a fill that closes the position may come after its order's end: the book is no longer needed
    books.unwatchLater(fill.venue, fill.symbol)
    newFills.next(fill)
    marksChanged.next()
    return true
  }

  // ---- the store, loaded once ----

  // a store that cannot load fails the commands waiting for it, each of which tries it again
  const storeFailures = new WeakSet<object>()
  const loaded$ = defer(() => {
    const contents = store.load()
    return contents instanceof Promise ? from(contents) : of(contents)
  }).pipe(
    catchError((e: unknown) => {
      const cause = e instanceof Error ? e.message : String(e)
      const error = new VenueError({
        kind: e instanceof VenueError ? e.kind : 'temporary',
        message: `the order store could not be loaded: nothing is sent until it is (${cause})`,
        cause: e,
      })
      storeFailures.add(error)
      return throwError(() => error)
    }),
    map((contents) => {
      for (const p of contents.positions) model.restorePosition(p)
      for (const f of contents.fills) model.knowFill(f)
      if (store.hasFill === undefined) for (const k of contents.fillKeys ?? []) model.knowFillKey(k)
      // intents first: one whose order the model does not keep goes with it
      for (const i of contents.intents) intents.set(`${i.venue} ${i.clientOrderId}`, i)
      for (const o of contents.orders) model.replaceOrder(o)
      for (const o of contents.orders) if (isOpen(o.status)) books.watch(o.venue, o.symbol)
      startDay(contents.baselines)
      scheduleDay()
      killSwitches.restore(contents.killSwitches)
    }),
    shareReplay(1),
  )

  const scheduleDay = () => {
    timer(Math.max(0, risk.nextDayAt(now()) - now()), scheduler)
      .pipe(takeUntil(closed$))
      .subscribe(() => {
        startDay()
        scheduleDay()
      })
  }
  // a restart later in the day keeps counting the day's loss from the baseline the store kept
  const startDay = (kept?: readonly DailyBaseline[]) => {
    for (const b of risk.startDay(model, kept)) persist('a daily baseline', () => store.saveBaseline?.(b))
  }

  const sending = new Set<string>()
  const { settleIntent, resolveIntent, reconcile } = createReconciler({
    model,
    intents,
    sending,
    store,
    scheduler,
    absentAfterMs,
    closed$,
    events,
    log,
    applyOrder,
    applyFill,
    difference,
    persist,
    emit,
    orderChanged: changed,
  })

  /** The venue's session: its streams watched and its start-up reconciliation, made on first use. */
  const session = (venue: VenueId): Session => {
    const known = sessions.get(venue)
    if (known !== undefined) return known
    if (closed) throw closedError(venue)
    const trading = client.account(venue)
    // nothing is applied before the store's contents are (a fill counted before its position's
    // snapshot is restored would be lost); what the streams carried meanwhile, the start-up
    // reconciliation reads
    const subscription = loaded$
      .pipe(
        retry({ delay: (_e, n) => timer(Math.min(30_000, 500 * 2 ** n), scheduler) }),
        switchMap(() =>
          merge(
            trading.orderUpdates$().pipe(map((o) => void applyOrder(o, false))),
            trading.fills$().pipe(map((f) => void applyFill(f, false))),
          ),
        ),
        takeUntil(closed$),
      )
      .subscribe({ error: (e: unknown) => log.error('order stream failed', { venue, error: e }) })
    // one attempt shared by whoever waits on it; after a failure the next to wait starts another
    const attempt$ = loaded$.pipe(
      concatMap(() => reconcile(venue, trading, 'start-up')),
      takeUntil(closed$),
      shareReplay(1),
    )
    const ready$ = attempt$.pipe(
      retry({
        delay: (e: unknown, n) =>
          storeFailures.has(e as object)
            ? throwError(() => e)
            : timer(Math.min(30_000, 500 * 2 ** n), scheduler),
      }),
      takeUntil(closed$),
      shareReplay(1),
    )
    ready$.subscribe({ error: () => undefined })
    // reconcile again after each reconnect (once the connection is usable and its topics went out): until
    // it gets through while the venue is unreachable, a later reconnect's taking over from it
    subscription.add(
      client
        .events$()
        .pipe(
          filter((e) => e.venue === venue && e.type === 'connected' && e.reconnect),
          switchMap(() =>
            reconcile(venue, trading, 'reconnect').pipe(retryRecoverable(scheduler, 1000), catchAll()),
          ),
          takeUntil(closed$),
        )
        .subscribe(),
    )
    // while it has open orders, the venue is asked again now and then: an update or a fill a live socket
    // never delivered (a silent drop) is found then, not only after a reconnect or a restart
    if (reconcileEveryMs > 0)
      subscription.add(
        ready$
          .pipe(
            switchMap(() => interval(reconcileEveryMs, scheduler)),
            // while orders are open, or some ended since the last pass (their fill may be the one missed)
            filter(() => model.openOrders(venue).length > 0 || (endedSincePass.get(venue)?.size ?? 0) > 0),
            exhaustMap(() => {
              const ended = [...(endedSincePass.get(venue)?.values() ?? [])]
              endedSincePass.delete(venue)
              return reconcile(venue, trading, 'periodic', ended).pipe(catchAll())
            }),
            takeUntil(closed$),
            catchAll(),
          )
          .subscribe(),
      )
    const s: Session = { trading, ready$, attempt$, subscription }
    sessions.set(venue, s)
    return s
  }

  const readyOf = (venue: VenueId): Observable<Session> =>
    defer(() => {
      const s = session(venue)
      // closed before the venue was ready: the wait ends with nothing, which is the close's refusal
      return s.ready$.pipe(
        map(() => s),
        throwIfEmpty(() => closedError(venue)),
      )
    })

  /**
   * The session once its start-up reconciliation is done; an attempt that fails fails the caller at
   * once. For commands that add risk: an order asked for now must not go out when the venue comes
   * back minutes later, at prices long gone. Cancels wait instead ({@link readyOf}).
   */
  const readyNow = (venue: VenueId): Observable<Session> =>
    defer(() => {
      const s = session(venue)
      return s.attempt$.pipe(
        map(() => s),
        throwIfEmpty(() => closedError(venue)),
        catchError((e: unknown) => {
          if (closed) return throwError(() => closedError(venue))
          if (storeFailures.has(e as object)) return throwError(() => e)
          const cause = toVenueError(e, { venue })
          const message = `${venue} is not ready (its start-up reconciliation failed: ${cause.message}); nothing was sent`
          return throwError(() => new VenueError({ kind: cause.kind, venue, message, cause: e }))
        }),
      )
    })

  // ---- commands ----

  const riskOrder = (venue: VenueId, r: OrderRequest & { clientOrderId: string }): RiskOrder => ({
    venue,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    price: r.price,
    quantity: r.quantity,
    quoteQuantity: r.quoteQuantity,
    clientOrderId: r.clientOrderId,
  })

  /**
   * The refusal of a client order id used before on the venue, if it was. One whose placement placed
   * nothing is free: refused (before it was sent, or by the venue: its intent `failed`), or found absent
   * once it could no longer land (its intent `absent`), and no order of it reported since.
   */
  const usedBefore = (venue: VenueId, clientOrderId: string): VenueError | undefined => {
    const known = model.order(venue, clientOrderId)
    const intent = intents.get(`${venue} ${clientOrderId}`)
    const used =
      intent !== undefined || known !== undefined
        ? !refusedPlacement(intent, known)
        : (store.hasOrder?.(venue, clientOrderId) ?? false)
    if (!used) return undefined
    return new VenueError({
      kind: 'invalid-request',
      venue,
      clientOrderId,
      message: `client order id ${clientOrderId} was used before on ${venue}`,
    })
  }

  const place = (venue: VenueId, input: OrderRequest): Observable<Order> =>
    defer(() => {
      // checked before the risk checks read it: a JavaScript caller may pass a number for a Decimal
      let given: OrderRequest
      // the id it will be placed under names a refusal too, a generated one included
      const asked = (input as Partial<OrderRequest> | undefined)?.clientOrderId
      const id = asked === undefined ? newId() : typeof asked === 'string' ? asked : undefined
      try {
        // the venue's own fields (Prime's `prime`) pass: the venue checks them
        given = checkOrderRequest(venue, input, ANY_ORDER, 'any')
      } catch (e) {
        throw named(e, venue, id)
      }
      // one spelling of a symbol: the risk limits, the open orders and the venue's updates key on it
      const request = {
        ...given,
        symbol: canonicalSymbol(given.symbol),
        clientOrderId: given.clientOrderId ?? id ?? newId(),
      }
      const { clientOrderId } = request
      const key = `${venue} ${clientOrderId}`
      // everything the order waits for before it is sent (its lane, a mid, the journal) counts against
      // its deadline from now: the driver is told how long it was held
      const askedAt = now()
      const by = askedAt + DEFAULT_ORDER_DEADLINE_MS
      return lanes
        .run(key, (keep) =>
          readyNow(venue).pipe(
            concatMap((session) => {
              const used = usedBefore(venue, clientOrderId)
              if (used !== undefined) return throwError(() => used)
              // a risk rule that needs a mid waits, within the deadline, for the book's first
              const needsMid = risk.needsMid?.(riskOrder(venue, request)) ?? false
              const mid = needsMid ? books.midFor(venue, request.symbol, by) : of(undefined)
              return mid.pipe(map(() => session))
            }),
            concatMap(({ trading }) => {
              // closed while it waited (for its lane or a mid): nothing is sent
              if (closed) return throwError(() => closedError(venue))
              const refused = risk.check(riskOrder(venue, request), model)
              if (refused !== undefined) return throwError(() => refused)
              const intent: OrderIntent = {
                venue,
                clientOrderId,
                request,
                state: 'pending',
                createdAt: now(),
              }
              // a refused placement of the same id before it, if any, gives way to this one
              model.forget(venue, clientOrderId)
              intents.set(key, intent)
              // counted as open from now on, so the next check sees it; stored once its intent is (a
              // journal that fails leaves no record of an order never sent)
              const pending = pendingOrder(venue, request, now())
              model.applyOrder(pending)
              changed(pending)
              books.watch(venue, request.symbol)
              // asked of the driver only once the intent is journaled; while it is on its way (a driver may
              // look for a lost answer and send again for a while), no reconciliation settles it
              const send = defer(() => {
                // closed while its intent was being journaled: nothing is sent
                if (closed) return throwError(() => closedError(venue))
                sending.add(key)
                return trading.placeOrder(request, { heldMs: now() - askedAt })
              }).pipe(
                finalize(() => sending.delete(key)),
                tap((ack) => {
                  applyOrder(ack, false)
                  settleIntent(intent, 'placed')
                }),
                tapError((e) => {
                  const error = toVenueError(e, { venue })
                  if (!NOT_PLACED.has(error.kind)) {
                    resolveIntent(trading, intent).pipe(takeUntil(closed$), catchAll()).subscribe()
                    return
                  }
                  settleIntent(intent, 'failed', error.message)
                  const pending = model.order(venue, clientOrderId)
                  if (pending !== undefined && pending.status === 'pending-new') {
                    const refusedOrder: Order = {
                      ...pending,
                      status: 'rejected',
                      reason: error.message,
                      timestamp: at(),
                    }
                    applyOrder(refusedOrder, false)
                  }
                }),
              )
              // from here on it runs to its outcome whatever its caller does: one left half-way (counted
              // open, journaled, maybe sent) would stay pending-new for good
              const outcome = new ReplaySubject<Order>(1)
              // and keeps the order's lane: a cancel after its caller gave up waits for it
              keep(outcome)
              defer(() => saved(store.saveIntent(intent)))
                .pipe(
                  catchError((e: unknown) => throwError(() => notJournaled(intent, e))),
                  tap(() => {
                    const now = model.order(venue, clientOrderId)
                    if (now !== undefined) persist('order', () => store.saveOrder(now))
                  }),
                  concatMap(() => send),
                )
                .subscribe(outcome)
              return outcome
            }),
          ),
        )
        .pipe(catchError((e: unknown) => throwError(() => named(e, venue, clientOrderId))))
    })

  /**
   * The journal refused an intent: nothing was sent, and nothing of it is kept, so the same order may
   * be placed again; the error says why.
   */
  const notJournaled = (intent: OrderIntent, e: unknown): VenueError => {
    const { venue, clientOrderId } = intent
    const pending = model.order(venue, clientOrderId)
    intents.delete(`${venue} ${clientOrderId}`)
    model.forget(venue, clientOrderId)
    const cause = e instanceof Error ? e.message : String(e)
    const message = `order ${clientOrderId} was not sent: saving its intent failed (${cause})`
    if (pending !== undefined)
      ordersChanged.next({ ...pending, status: 'rejected', reason: message, timestamp: at() })
    log.error('saving an intent failed; the order was not sent', { venue, clientOrderId, error: e })
    return new VenueError({ kind: 'temporary', venue, clientOrderId, message, cause: e })
  }

  const { amend, cancel } = createOrderCommands({ model, lanes, risk, readyNow, ready: readyOf, applyOrder })

  const cancelAll = createCancelAll({
    model,
    intents,
    lanes,
    scheduler,
    cancelWhenOpen,
    venues: () => [...(options.venues ?? []), ...sessions.keys()],
    ready: readyOf,
    cancel,
    applyOrder,
  })

  const killSwitches = createKillSwitches({ risk, store, closed$, persist, emit, at, cancelAll })
  risk.events$.pipe(takeUntil(closed$)).subscribe((e) => {
    emit(e)
    killSwitches.heard(e)
  })

  // started on the scheduler, so that whoever made the manager can watch `events$` from the start
  const starting = scheduler.schedule(() => {
    loaded$.subscribe({ error: (e: unknown) => log.error('loading the store failed', { error: e }) })
    for (const venue of options.venues ?? []) session(venue)
    for (const [venue, symbol] of marketList) books.watch(venue, symbol)
  })

  const ordersNow = () => model.allOrders()
  const positionsNow = () => model.allPositions().map((p) => p.view(model.mark(p.venue, p.symbol)))
  const live = <T>(source: Observable<T>) => source.pipe(takeUntil(closed$))

  return {
    place,
    amend,
    cancel,
    cancelAll: (which) => cancelAll(canonicalFilter(which)),
    // at once, not on subscription: a kill switch must not wait for its caller to subscribe; after
    // close, a refusal as every command's, and nothing tripped
    kill: (reason, venue) =>
      closed ? throwError(() => closedError(venue)) : killSwitches.kill(reason, venue),
    orders$: () => live(ordersChanged.pipe(startWith(undefined), map(ordersNow))),
    // read when subscribed, not when made
    order$: (venue, clientOrderId) =>
      live(
        defer(() =>
          ordersChanged.pipe(
            filter((o) => o.venue === venue && o.clientOrderId === clientOrderId),
            startWith(model.order(venue, clientOrderId)),
            filter((o): o is Order => o !== undefined),
          ),
        ),
      ),
    openOrders$: (which = {}) =>
      live(
        ordersChanged.pipe(
          startWith(undefined),
          map(() => model.openOrders(which.venue, canonicalFilter(which)?.symbol)),
        ),
      ),
    fills$: () => live(newFills.asObservable()),
    positions$: () => live(marksChanged.pipe(startWith(undefined), map(positionsNow))),
    pnl$: () =>
      live(
        marksChanged.pipe(
          startWith(undefined),
          map(() => pnlReport(positionsNow())),
        ),
      ),
    events$: events.asObservable(),
    state: model,
    risk,
    ready: () =>
      new Promise<void>((resolve, reject) => {
        const venues = new Set([...(options.venues ?? []), ...sessions.keys()])
        concat(loaded$, ...[...venues].map(readyOf))
          .pipe(toArray())
          .subscribe({ error: reject, complete: () => resolve() })
      }),
    close: async () => {
      if (closed) return
      closed = true
      books.close()
      starting.unsubscribe()
      closed$.next()
      closed$.complete()
      for (const s of sessions.values()) s.subscription.unsubscribe()
      sessions.clear()
      events.complete()
      ordersChanged.complete()
      marksChanged.complete()
      newFills.complete()
      if (ownRisk) risk.close?.()
      await store.close()
    },
  }
}
