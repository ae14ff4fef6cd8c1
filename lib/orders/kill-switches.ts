/**
 * The order manager's kill switches (every venue's, and each venue's own): kept in the store while
 * tripped, restored at start-up, and canceling the open orders of their venues when they trip.
 */
import { of, shareReplay, takeUntil, tap, type Observable } from 'rxjs'
import type { Order, VenueId } from '../core/model.js'
import type { Risk } from '../risk/risk-engine.js'
import type { RiskEvent } from '../risk/rejection.js'
import type { KillSwitchRecord, MaybePromise, OrderStore } from '../store/order-store.js'
import type { OrderManagerEvent } from './events.js'
import type { OrderFilter } from './manager-types.js'
import { catchAll } from './operators.js'

/**
 * What the kill switches work with.
 *
 * @example
 * const switches = createKillSwitches({ risk, store, closed$, persist, emit, at, cancelAll })
 */
export interface KillSwitchContext {
  readonly risk: Risk
  readonly store: OrderStore
  readonly closed$: Observable<void>
  persist(what: string, write: () => MaybePromise<void>): void
  emit(event: OrderManagerEvent): void
  at(): Date
  cancelAll(which: OrderFilter): Observable<readonly Order[]>
}

/**
 * The kill switches of a manager: `heard` takes each risk event, `restore` the switches a store kept,
 * `kill` trips one and gives its cancel run.
 *
 * @example
 * risk.events$.subscribe((e) => switches.heard(e))
 * switches.kill('drawdown', 'bybit').subscribe((canceled) => console.log(canceled.length))
 */
export function createKillSwitches(ctx: KillSwitchContext) {
  const { risk, store } = ctx
  // each switch's last cancel run: '*' for every venue's, else the venue's
  const lastKills = new Map<string, Observable<readonly Order[]>>()
  // switches tripped or reset since start-up: a restored switch does not overrule them
  const touched = new Set<string>()
  let restoring = false

  /** A risk event: a switch tripped or reset is kept (or dropped) in the store; a trip cancels. */
  const heard = (e: RiskEvent) => {
    if (e.type !== 'kill-switch') return
    const { venue } = e
    touched.add(venue ?? '*')
    if (!restoring) {
      const kept = e.state === 'tripped' ? { reason: e.reason, trippedAt: e.at.getTime(), venue } : undefined
      ctx.persist('the kill switch', () => store.saveKillSwitch?.(venue, kept))
    }
    if (e.state !== 'tripped' || !e.cancelOpenOrders) return
    const run = ctx.cancelAll(venue === undefined ? {} : { venue }).pipe(
      tap((canceled) => ctx.emit({ type: 'kill-switch-canceled', at: ctx.at(), canceled, venue })),
      shareReplay(1),
    )
    lastKills.set(venue ?? '*', run)
    run.pipe(takeUntil(ctx.closed$), catchAll()).subscribe()
  }

  /**
   * A switch tripped before a restart and never reset halts the new process too (and, with
   * `cancelOpenOrders`, cancels what is open), unless it was tripped or reset since start-up.
   */
  const restore = (kept: readonly KillSwitchRecord[] = []) => {
    for (const k of kept) {
      if (touched.has(k.venue ?? '*')) continue
      restoring = true
      try {
        risk.trip(
          `${k.reason} (tripped ${new Date(k.trippedAt).toISOString()}, kept across a restart)`,
          k.venue,
        )
      } finally {
        restoring = false
      }
    }
  }

  /** Trips a switch now; its cancel run, replayed (nothing when it cancels nothing). */
  const kill = (reason: string, venue?: VenueId): Observable<readonly Order[]> => {
    risk.trip(reason, venue)
    return lastKills.get(venue ?? '*') ?? of([])
  }

  return { heard, restore, kill }
}
