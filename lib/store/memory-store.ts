/**
 * `memoryStore`: the default order store, in the process's memory: nothing survives a restart.
 */
import { fillKey, type Fill, type Order } from '../core/model.js'
import type {
  DailyBaseline,
  OrderIntent,
  OrderStore,
  PositionSnapshot,
  StoreContents,
} from './order-store.js'

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
export function memoryStore(): MemoryStore {
  const orders = new Map<string, Order>()
  const fills = new Map<string, Fill>()
  const intents = new Map<string, OrderIntent>()
  const positions = new Map<string, PositionSnapshot>()
  const baselines = new Map<string, DailyBaseline>()
  return {
    load: () => ({
      orders: [...orders.values()],
      fills: [...fills.values()],
      intents: [...intents.values()],
      positions: [...positions.values()],
      baselines: [...baselines.values()],
    }),
    saveIntent: (i) => void intents.set(`${i.venue} ${i.clientOrderId}`, i),
    saveOrder: (o) => void orders.set(`${o.venue} ${o.clientOrderId}`, o),
    saveFill: (f) => void fills.set(fillKey(f), f),
    savePosition: (p) => void positions.set(`${p.venue} ${p.symbol}`, p),
    saveBaseline: (b) => void baselines.set(b.scope, b),
    close: () => undefined,
  }
}
