/**
 * Reconciliation of the order manager with a venue: the venue's open orders, the final state of orders
 * the model thought open, intents whose outcome is unknown (looked up by client order id, never sent
 * again), and fills the model missed, each difference reported as an event.
 */
import {
  catchError,
  concat,
  concatMap,
  defer,
  filter,
  finalize,
  from,
  map,
  mergeMap,
  of,
  takeUntil,
  timer,
  toArray,
  type Observable,
  type SchedulerLike,
  type Subject,
} from 'rxjs'
import { toVenueError } from '../core/errors.js'
import type { Logger } from '../core/logging.js'
import type { Fill, Order, VenueId } from '../core/model.js'
import { isOpen } from '../core/order-status.js'
import type { VenueTrading } from '../venues/contract/trading.js'
import type { MaybePromise, OrderIntent, OrderStore } from '../store/order-store.js'
import type { DifferenceKind, OrderManagerEvent } from './events.js'
import { onNotFound, retryRecoverable, tapError } from './operators.js'
import type { TradingState } from './trading-state.js'

/**
 * What reconciliation works with: the manager's model, journal and ways to apply what it learns.
 *
 * @example
 * const { reconcile } = createReconciler(context)
 */
export interface ReconcileContext {
  readonly model: TradingState
  readonly intents: Map<string, OrderIntent>
  readonly store: OrderStore
  readonly scheduler: SchedulerLike
  readonly absentAfterMs: number
  /** Intents whose placement is being sent now: their own answer settles them, not a reconciliation. */
  readonly sending: ReadonlySet<string>
  readonly closed$: Observable<void>
  readonly events: Subject<OrderManagerEvent>
  readonly log: Logger
  applyOrder(order: Order, reconciling: boolean): boolean
  applyFill(fill: Fill, reconciling: boolean): boolean
  difference(venue: VenueId, kind: DifferenceKind, order?: Order, fill?: Fill): void
  persist(what: string, write: () => MaybePromise<void>): void
  emit(event: OrderManagerEvent): void
  orderChanged(order: Order): void
}

/**
 * The reconciliation steps of a manager.
 *
 * @example
 * const { reconcile, resolveIntent, settleIntent } = createReconciler(context)
 * reconcile('bybit', trading, 'reconnect').subscribe()
 */
export function createReconciler(ctx: ReconcileContext) {
  const { model, intents, store, scheduler, absentAfterMs, closed$, events, log } = ctx
  const { applyOrder, applyFill, difference, persist, emit } = ctx
  const now = () => scheduler.now()
  const at = () => new Date(now())
  /** Venues whose placement window was said to outlast `absentAfterMs`. */
  const longerWindow = new Set<string>()
  /** How long an intent of unknown outcome may still land: `absentAfterMs`, or the venue's longer window. */
  const landsWithinMs = (trading: VenueTrading, venue: string): number => {
    const windowMs = trading.placementWindowMs ?? 0
    if (windowMs > absentAfterMs && !longerWindow.has(venue)) {
      longerWindow.add(venue)
      log.info(
        `${venue}: an order in doubt is looked up for the venue's placement window, ${windowMs} ms, longer than absentAfterMs (${absentAfterMs} ms)`,
      )
    }
    return Math.max(absentAfterMs, windowMs)
  }

  /**
   * Whether a placement of the same client order id was asked for since `intent` (its id freed once it
   * was settled absent or failed): what is learned of the old one then settles nothing.
   */
  const superseded = (intent: OrderIntent): boolean => {
    const current = intents.get(`${intent.venue} ${intent.clientOrderId}`)
    return current !== undefined && current.request !== intent.request
  }

  const settleIntent = (intent: OrderIntent, state: OrderIntent['state'], reason?: string) => {
    if (superseded(intent)) return
    const next: OrderIntent = { ...intent, state, reason }
    intents.set(`${intent.venue} ${intent.clientOrderId}`, next)
    persist('intent', () => store.saveIntent(next))
  }

  /** Looks an intent of unknown outcome up until the venue has it or it is surely absent. */
  const resolveIntent = (trading: VenueTrading, intent: OrderIntent): Observable<void> =>
    defer(() => {
      const { venue, clientOrderId, request } = intent
      const ref = { symbol: request.symbol, clientOrderId, createdAt: new Date(intent.createdAt) }
      if (superseded(intent)) return of(undefined)
      return trading.getOrder(ref).pipe(
        retryRecoverable(scheduler),
        map((order) => {
          applyOrder(order, false)
          settleIntent(intent, 'placed')
          difference(venue, 'intent-placed', model.order(venue, clientOrderId))
        }),
        onNotFound(() => {
          // never sooner than the venue's own bound (Coinbase's signed create lives two minutes)
          const waitMs = intent.createdAt + landsWithinMs(trading, venue) - now()
          if (waitMs > 0) {
            // the request may still land: look again once it surely cannot, without holding anyone up
            timer(waitMs, scheduler)
              .pipe(
                concatMap(() => resolveIntent(trading, intent)),
                takeUntil(closed$),
              )
              .subscribe({ error: (e: unknown) => log.warn('intent lookup failed', { error: e }) })
            return of(undefined as void)
          }
          // a new placement of its id, since: the order the model holds is that one's
          if (superseded(intent)) return of(undefined)
          settleIntent(intent, 'absent', 'the venue never got it')
          const pending = model.order(venue, clientOrderId)
          if (pending !== undefined && isOpen(pending.status)) {
            const gone: Order = {
              ...pending,
              status: 'rejected',
              reason: 'never reached the venue',
              timestamp: at(),
            }
            model.replaceOrder(gone)
            persist('order', () => store.saveOrder(gone))
            ctx.orderChanged(gone)
          }
          difference(venue, 'intent-absent', model.order(venue, clientOrderId))
          return of(undefined)
        }),
      )
    })

  const reconcile = (
    venue: VenueId,
    trading: VenueTrading,
    reason: 'start-up' | 'reconnect' | 'periodic',
    /** For a periodic one: orders that ended since the last, whose fills are read with the open ones'. */
    ended: readonly Order[] = [],
  ): Observable<void> =>
    defer(() => {
      let differences = 0
      const count = events
        .pipe(filter((e) => e.type === 'difference' && e.venue === venue))
        .subscribe(() => differences++)
      // the orders as they stood when the venue was asked: one that changed since (an amend answered,
      // a push) is newer than the list may be, which would put an older quantity or price back
      const asked = new Map(
        model.allOrders().flatMap((o) => (o.venue === venue ? [[o.clientOrderId, o]] : [])),
      )
      const openAtVenue = defer(() => trading.openOrders()).pipe(
        concatMap((open) => {
          const seen = new Set(open.map((o) => o.clientOrderId))
          for (const o of open) {
            const now = model.order(venue, o.clientOrderId)
            if (now === undefined || now === asked.get(o.clientOrderId)) applyOrder(o, true)
          }
          // open in the model, not open at the venue: ask for its final state
          const gone = model
            .openOrders(venue)
            .filter((o) => !seen.has(o.clientOrderId))
            .filter((o) => intents.get(`${venue} ${o.clientOrderId}`)?.state !== 'pending')
          return from(gone).pipe(
            mergeMap(
              (o) =>
                trading.getOrder({ symbol: o.symbol, clientOrderId: o.clientOrderId, id: o.id }).pipe(
                  map((found) => void applyOrder(found, true)),
                  onNotFound(() => {
                    difference(venue, 'order-gone', o)
                    return of(undefined)
                  }),
                ),
              2,
            ),
            toArray(),
          )
        }),
      )
      const pending = () =>
        from(
          [...intents.values()].filter(
            (i) =>
              i.venue === venue && i.state === 'pending' && !ctx.sending.has(`${i.venue} ${i.clientOrderId}`),
          ),
        ).pipe(
          mergeMap((i) => resolveIntent(trading, i).pipe(takeUntil(closed$)), 4),
          toArray(),
        )
      // a periodic one looks only at the orders open when it starts: what a socket may have missed
      const periodic = reason === 'periodic'
      const openAtStart = [...model.openOrders(venue), ...ended]
      const fills = () => {
        const history = trading.fillHistory?.bind(trading)
        if (history === undefined) return of(undefined)
        const watched = periodic ? openAtStart : model.allOrders().filter((o) => o.venue === venue)
        const symbols = new Set(watched.map((o) => o.symbol))
        if (!periodic) for (const p of model.allPositions()) if (p.venue === venue) symbols.add(p.symbol)
        return from([...symbols]).pipe(
          concatMap((symbol) => {
            const p = model.positionOf(venue, symbol)
            const oldest = watched
              .filter((o) => o.symbol === symbol)
              .reduce((min, o) => Math.min(min, o.createdAt.getTime()), now())
            const fromMs = periodic ? oldest : Math.min(oldest, p.fills > 0 ? p.updatedAt : now())
            return history({ symbol, from: new Date(fromMs - 1000) }).pipe(
              catchError((e: unknown) => {
                log.warn('fill history failed; missed fills wait for the next reconciliation', {
                  venue,
                  symbol,
                  error: e,
                })
                return of([] as readonly Fill[])
              }),
            )
          }),
          map((list) => {
            for (const f of list) applyFill(f, true)
          }),
          toArray(),
        )
      }
      return concat(openAtVenue, defer(pending), defer(fills)).pipe(
        toArray(),
        map(() => {
          count.unsubscribe()
          emit({ type: 'reconciled', venue, at: at(), reason, differences })
        }),
        tapError((e) => {
          count.unsubscribe()
          emit({ type: 'reconcile-failed', venue, at: at(), error: toVenueError(e, { venue }) })
        }),
        // a later reconnect's reconciliation takes over from this one
        finalize(() => count.unsubscribe()),
      )
    })

  return { settleIntent, resolveIntent, reconcile }
}
