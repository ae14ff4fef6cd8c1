/**
 * `memoryStore`: the default order store, in the process's memory: nothing survives a restart.
 */
import { fillKey, type Fill, type Order, type VenueId } from '../core/model.js'
import { isTerminal } from '../core/order-status.js'
import { CappedKeys, FinishedKeys, keptCount } from './retention.js'
import type {
  DailyBaseline,
  FillIdentity,
  KillSwitchRecord,
  OrderIntent,
  OrderStore,
  PositionSnapshot,
  StoreContents,
} from './order-store.js'
import { refusedPlacement } from './order-store.js'

/**
 * The in-memory store: an {@link OrderStore} whose `load()` answers at once.
 *
 * @example
 * const store: MemoryStore = memoryStore()
 * store.load().orders.length // 0
 */
export interface MemoryStore extends OrderStore {
  /** Everything held, at once. */
  load(): StoreContents
  /** Whether a fill is held, whole or by its key. */
  hasFill(fill: FillIdentity): boolean
  /** Whether an order or intent is held under this venue and client order id (not a refused placement). */
  hasOrder(venue: VenueId, clientOrderId: string): boolean
}

/**
 * Options of {@link memoryStore}.
 *
 * @example
 * const store = memoryStore({ keepFinishedOrders: 1000 })
 */
export interface MemoryStoreOptions {
  /**
   * Finished orders kept, those finished last, with their intents; open orders are all kept. Default
   * 10 000.
   */
  readonly keepFinishedOrders?: number | undefined
  /**
   * Fills kept whole, the newest; of older ones only the {@link fillKey} (about a tenth of the memory),
   * which is all a restarted manager needs to tell them from new ones. Default 10 000.
   */
  readonly keepFills?: number | undefined
}

/**
 * An {@link OrderStore} in memory, answering every call at once (synchronously), so a manager on it
 * runs in virtual time under `TestScheduler`. What it holds is readable through `load()`.
 *
 * @example
 * const store = memoryStore()
 * const manager = createOrderManager({ client, store })
 * store.load().intents.length // intents journaled so far
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const keep = keptCount('keepFinishedOrders', options.keepFinishedOrders, 10_000)
  const keepFills = keptCount('keepFills', options.keepFills, 10_000)
  const olderFills = new Set<string>()
  const orders = new Map<string, Order>()
  const finished = new FinishedKeys(keep)
  const fills = new Map<string, Fill>()
  const newestFills = new CappedKeys(keepFills)
  const intents = new Map<string, OrderIntent>()
  const positions = new Map<string, PositionSnapshot>()
  const baselines = new Map<string, DailyBaseline>()
  const killSwitches = new Map<string, KillSwitchRecord>()
  const saveOrder = (o: Order) => {
    const key = `${o.venue} ${o.clientOrderId}`
    orders.set(key, o)
    for (const old of finished.note(key, isTerminal(o.status))) {
      orders.delete(old)
      intents.delete(old)
    }
  }
  const saveFill = (f: Fill) => {
    const key = fillKey(f)
    if (olderFills.has(key)) return
    const known = fills.has(key)
    fills.set(key, f)
    if (known) return
    for (const old of newestFills.add(key)) {
      fills.delete(old)
      olderFills.add(old)
    }
  }
  const savePosition = (p: PositionSnapshot) => void positions.set(`${p.venue} ${p.symbol}`, p)
  return {
    load: () => ({
      orders: [...orders.values()],
      fills: [...fills.values()],
      fillKeys: [...olderFills],
      intents: [...intents.values()],
      positions: [...positions.values()],
      baselines: [...baselines.values()],
      killSwitches: [...killSwitches.values()],
    }),
    saveIntent: (i) => void intents.set(`${i.venue} ${i.clientOrderId}`, i),
    saveOrder,
    saveFill,
    hasOrder: (venue, clientOrderId) => {
      const key = `${venue} ${clientOrderId}`
      const order = orders.get(key)
      const intent = intents.get(key)
      return (order !== undefined || intent !== undefined) && !refusedPlacement(intent, order)
    },
    hasFill: (f) => {
      const key = fillKey(f)
      return fills.has(key) || olderFills.has(key)
    },
    savePosition,
    // nothing between the two can fail
    saveFillAndPosition: (f, p) => {
      saveFill(f)
      savePosition(p)
    },
    saveBaseline: (b) => void baselines.set(b.scope, b),
    saveKillSwitch: (venue, state) => {
      if (state === undefined) killSwitches.delete(venue ?? '*')
      else killSwitches.set(venue ?? '*', state)
    },
    close: () => undefined,
  }
}
