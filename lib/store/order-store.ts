/**
 * `OrderStore`: where the order manager keeps what must outlive the process: orders, fills, the
 * journal of order intents, and position snapshots.
 */
import type { Decimal } from '../core/decimal.js'
import type { Fill, Order, OrderRequest, UnifiedSymbol, VenueId } from '../core/model.js'

/**
 * A value now, or later: an in-memory store answers at once, a store that loads its driver first may
 * answer later.
 *
 * @example
 * const saved: MaybePromise<void> = store.saveOrder(order)
 */
export type MaybePromise<T> = T | Promise<T>

/**
 * Where an intent stands: `pending` from before the request is sent until the venue's answer (or a
 * lookup) settles it; `placed` once the venue has the order; `failed` when it was refused (before it was sent, or by
 * the venue): nothing was placed, and its client order id may be used again;
 * `absent` when a lookup after a lost answer or a crash, past the time the request could still land,
 * showed the venue never got it: its client order id may be used again too. An intent that is not
 * `pending` is never sent again.
 *
 * @example
 * const open = intents.filter((i) => i.state === ('pending' satisfies IntentState))
 */
export type IntentState = 'pending' | 'placed' | 'failed' | 'absent'

/**
 * One order the manager decided to place, journaled before the request is sent.
 *
 * @example
 * const intent: OrderIntent = { venue: 'bybit', clientOrderId: 'a1', request, state: 'pending', createdAt: Date.now() }
 */
export interface OrderIntent {
  readonly venue: VenueId
  readonly clientOrderId: string
  readonly request: OrderRequest & { readonly clientOrderId: string }
  readonly state: IntentState
  /** Epoch ms the intent was journaled. */
  readonly createdAt: number
  /** Why it failed or was found absent. */
  readonly reason?: string | undefined
}

/**
 * Whether an order's placement placed nothing, so that its client order id may be used again: its
 * intent `failed` (refused before it was sent, or by the venue) or `absent` (found absent once it could
 * no longer land), and no order of it known since but the `rejected` one the manager left.
 *
 * @example
 * refusedPlacement({ ...intent, state: 'failed' }, { ...order, status: 'rejected' }) // true
 * refusedPlacement({ ...intent, state: 'absent' }, undefined) // true
 * refusedPlacement({ ...intent, state: 'absent' }, { ...order, status: 'new' }) // false: it landed after all
 */
export function refusedPlacement(intent: OrderIntent | undefined, order: Order | undefined): boolean {
  return (
    (intent?.state === 'failed' || intent?.state === 'absent') &&
    (order === undefined || order.status === 'rejected')
  )
}

/**
 * The book-keeping of one symbol on one venue, from its fills: the net base position and its cost,
 * the net quote flow, and the fees by asset. Average entry, realized and unrealized PnL follow from it.
 *
 * @example
 * const snapshot: PositionSnapshot = { venue: 'bybit', symbol: 'BTC/USDT', quantity: d('0.1'), cost: d('6000'), quoteFlow: d('-6000'), fees: { BTC: d('0.0001') }, fills: 1, updatedAt: 1700000000000 }
 */
export interface PositionSnapshot {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** Net base quantity bought minus sold (fees not taken off). */
  readonly quantity: Decimal
  /** What the open quantity cost, in quote currency (negative for a short): average entry × quantity. */
  readonly cost: Decimal
  /** Quote received for sells minus quote paid for buys, fees not taken off. */
  readonly quoteFlow: Decimal
  /** Fees paid, by asset. */
  readonly fees: Readonly<Record<string, Decimal>>
  /** Fills counted. */
  readonly fills: number
  /** Epoch ms of the last fill counted. */
  readonly updatedAt: number
}

/**
 * Where a daily loss limit counts from: the PnL of one scope (`*`, a venue, or `venue symbol`) when its
 * trading day started. Kept so that a restart later that day counts the loss from the same point.
 *
 * @example
 * const b: DailyBaseline = { scope: 'bybit', day: 20_428, pnl: new Decimal('-120.5') } // day: days since 1970 after the reset hour
 */
export interface DailyBaseline {
  readonly scope: string
  readonly day: number
  readonly pnl: Decimal
}

/**
 * A tripped kill switch, kept so that a process restarted before `risk.reset()` stays halted.
 *
 * @example
 * const halted: KillSwitchRecord = { reason: 'operator halt', trippedAt: 1700000000000 }
 * const binanceOnly: KillSwitchRecord = { reason: 'stale fills', trippedAt: 1700000000000, venue: 'binance' }
 */
export interface KillSwitchRecord {
  readonly reason: string
  /** Epoch ms it tripped. */
  readonly trippedAt: number
  /** The venue whose switch it is; absent for the switch of every venue. */
  readonly venue?: VenueId | undefined
}

/**
 * What makes a fill one (see {@link fillKey}).
 *
 * @example
 * const id: FillIdentity = { venue: 'bybit', symbol: 'BTC/USDT', tradeId: 't-1', orderId: '42' }
 */
export type FillIdentity = Pick<Fill, 'venue' | 'symbol' | 'tradeId' | 'orderId'>

/**
 * Everything a store holds, as the manager reads it at start-up.
 *
 * @example
 * const { orders, intents } = await store.load()
 */
export interface StoreContents {
  readonly orders: readonly Order[]
  readonly fills: readonly Fill[]
  /**
   * The {@link fillKey}s of fills seen before those in `fills`, from a store that keeps only its newest
   * fills whole: the manager still tells them from new ones. Not read from a store with `hasFill`.
   */
  readonly fillKeys?: readonly string[] | undefined
  readonly intents: readonly OrderIntent[]
  readonly positions: readonly PositionSnapshot[]
  /** The daily loss baselines in force (absent from a store that does not keep them). */
  readonly baselines?: readonly DailyBaseline[] | undefined
  /** The kill switches tripped and not reset (absent from a store that does not keep them). */
  readonly killSwitches?: readonly KillSwitchRecord[] | undefined
}

/**
 * Persistence of the order manager. Each save replaces the record with the same key: an order by venue
 * and client order id, a fill by its `fillKey` (venue, symbol, trade id and order), an intent by venue and
 * client order id, a position by venue and symbol, a daily baseline by scope. A save has happened once its result (or its promise) is there: the
 * manager sends no order before its intent is saved.
 *
 * @example
 * const store: OrderStore = memoryStore()
 * createOrderManager({ client, store })
 */
export interface OrderStore {
  /** Everything held, read once at start-up. */
  load(): MaybePromise<StoreContents>
  /** Saves an intent; the order is sent only once this has happened. */
  saveIntent(intent: OrderIntent): MaybePromise<void>
  /** Saves an order's latest state. */
  saveOrder(order: Order): MaybePromise<void>
  /** Saves a fill. */
  saveFill(fill: Fill): MaybePromise<void>
  /**
   * Whether the store holds a fill (one with the same {@link fillKey}), answered at once. With it, the
   * manager keeps only its newest fills' keys in memory and asks the store about any other, so a long
   * run does not grow by a key a fill, and `load()` need not return every fill's key.
   */
  hasFill?(fill: FillIdentity): boolean
  /**
   * Whether the store holds an order (or an intent) under this venue and client order id, answered at
   * once: the manager refuses to use a client order id again even when its read model no longer keeps
   * the order (a venue may take a repeated id for the first order, and the store's record of it would
   * be overwritten). A refused placement (its intent `failed`, its order `rejected`) placed nothing:
   * false for it.
   */
  hasOrder?(venue: VenueId, clientOrderId: string): boolean
  /** Saves a position's book-keeping after a fill. */
  savePosition(position: PositionSnapshot): MaybePromise<void>
  /**
   * Saves a fill and the position it left, both or neither (one transaction). Without it the two are
   * saved apart, and a write that fails (or a process that dies) between them leaves a restart counting
   * that fill twice (its position saved, the fill not) or not at all (the other way round).
   */
  saveFillAndPosition?(fill: Fill, position: PositionSnapshot): MaybePromise<void>
  /** Saves a daily loss baseline when a trading day starts; without it a restart starts the day anew. */
  saveBaseline?(baseline: DailyBaseline): MaybePromise<void>
  /**
   * Saves a kill switch (of every venue, or of `venue`) when it trips, and `undefined` when it is
   * reset; without it a restarted manager trades again although the switch was never reset.
   */
  saveKillSwitch?(venue: VenueId | undefined, state: KillSwitchRecord | undefined): MaybePromise<void>
  /** Releases the store (a database handle); later saves fail. */
  close(): MaybePromise<void>
}
