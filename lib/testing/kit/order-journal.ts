/**
 * The account's orders as a simulated venue keeps them, fed by the engine's order and fill reports:
 * each order under the engine's client id, the venue's id once the engine accepted it, what it
 * executed (quantity, quote value, fees) and its fills. The venue's own terms ride along in `D`, and
 * the venue writes its shapes from them.
 */
import { Decimal } from '../../core/decimal.js'
import type { Fill, Order, OrderStatus } from '../../core/model.js'

const ZERO = new Decimal(0)

/**
 * What the journal keeps of every order, besides the venue's terms.
 *
 * @example
 * const left = entry.quantity.minus(entry.executedQty)
 */
export interface JournalState<K> {
  /** The engine's client order id. */
  readonly engineClientId: string
  /** The engine's id; `''` until the engine accepted the order. */
  engineId: string
  /** The venue's id; `undefined` until the engine accepted the order. */
  orderId: K | undefined
  status: OrderStatus
  reason: string | undefined
  executedQty: Decimal
  /** Sum of price × quantity of the fills. */
  executedValue: Decimal
  executedFee: Decimal
  readonly createdAt: number
  updatedAt: number
}

/**
 * One order: the venue's terms `D` and the journal's state.
 *
 * @example
 * const record: JournalEntry<BybitTerms, string> = journal.prepare(terms, now)
 */
export type JournalEntry<D, K> = D & JournalState<K>

/**
 * One fill of an order of the account, with the venue's extras `X` taken when it happened.
 *
 * @example
 * journal.fills().map((f: JournalFill<Terms, number, {}>) => f.price.mul(f.qty))
 */
export type JournalFill<D, K, X> = X & {
  /** 1, 2, ... over the account's fills. */
  readonly n: number
  readonly order: JournalEntry<D, K>
  /** The engine's trade id. */
  readonly tradeId: string
  readonly price: Decimal
  readonly qty: Decimal
  readonly fee: Decimal
  readonly feeAsset: string
  readonly isMaker: boolean
  readonly time: number
}

/**
 * What an order's report changed, as {@link OrderJournal.update} tells it.
 *
 * @example
 * const change = journal.update(order)
 * if (change?.accepted) pushNew(change.entry)
 */
export interface JournalChange<D, K, X> {
  readonly entry: JournalEntry<D, K>
  /** The engine accepted the order with this report. */
  readonly accepted: boolean
  /** Fills of the order since its previous report, oldest first. */
  readonly fills: readonly JournalFill<D, K, X>[]
  /**
   * What an execution report of the change tells: a trade when it brought fills, else the order's
   * acceptance, else its end (canceled or expired); `undefined` when it tells none of these.
   */
  readonly execution: 'new' | 'trade' | 'canceled' | 'expired' | undefined
}

/**
 * How the venue names orders and what it notes of a fill.
 *
 * @example
 * const terms: JournalTerms<Terms, number, {}> = { orderId: (engineId) => Number(engineId), fillExtras: () => ({}) }
 */
export interface JournalTerms<D, K, X> {
  /** The venue's id of an order the engine accepted as `engineId`. */
  orderId(engineId: string): K
  /** What the venue notes of a fill, after the order's figures took it in. */
  fillExtras(entry: JournalEntry<D, K>, fill: Fill): X
}

/**
 * The account's order book-keeping of one simulated venue.
 *
 * @example
 * const journal = new OrderJournal<Terms, number, {}>({ orderId: Number, fillExtras: () => ({}) })
 * const entry = journal.prepare(terms, clock.now())
 * exchange.place({ ...request, clientOrderId: entry.engineClientId }) // reports reach update() and fill()
 */
export class OrderJournal<D, K, X> {
  private readonly byEngineClientId = new Map<string, JournalEntry<D, K>>()
  private readonly byOrderId = new Map<K, JournalEntry<D, K>>()
  private readonly entries: JournalEntry<D, K>[] = []
  private readonly fillList: JournalFill<D, K, X>[] = []
  private readonly fillsByEntry = new Map<JournalEntry<D, K>, JournalFill<D, K, X>[]>()
  private readonly unreported = new Map<JournalEntry<D, K>, JournalFill<D, K, X>[]>()
  private generated = 0

  constructor(private readonly terms: JournalTerms<D, K, X>) {}

  /**
   * Records an order about to be placed, so the engine's reports during the placement find it; its
   * engine client id is `engineClientId`, or a generated one (`#1`, `#2`, ...: a venue whose client
   * ids cannot hold `#` never meets them). {@link discard} it if the engine refuses the order.
   */
  prepare(terms: D, now: number, engineClientId?: string): JournalEntry<D, K> {
    const entry: JournalEntry<D, K> = {
      ...terms,
      engineClientId: engineClientId ?? `#${++this.generated}`,
      engineId: '',
      orderId: undefined,
      status: 'new',
      reason: undefined,
      executedQty: ZERO,
      executedValue: ZERO,
      executedFee: ZERO,
      createdAt: now,
      updatedAt: now,
    }
    this.byEngineClientId.set(entry.engineClientId, entry)
    return entry
  }

  /** Forgets a prepared order the engine refused. */
  discard(entry: JournalEntry<D, K>): void {
    if (entry.engineId === '') this.byEngineClientId.delete(entry.engineClientId)
  }

  /** Takes the engine's report of an order; `undefined` for an order that is not the account's. */
  update(order: Order): JournalChange<D, K, X> | undefined {
    const entry = this.byEngineClientId.get(order.clientOrderId)
    if (entry === undefined || order.id === undefined) return undefined
    const accepted = entry.engineId === ''
    if (accepted) {
      entry.engineId = order.id
      entry.orderId = this.terms.orderId(order.id)
      this.byOrderId.set(entry.orderId, entry)
      this.entries.push(entry)
    }
    entry.status = order.status
    entry.reason = order.reason
    entry.updatedAt = order.timestamp.getTime()
    const fills = this.unreported.get(entry) ?? []
    this.unreported.delete(entry)
    const ended = order.status === 'canceled' || order.status === 'expired' ? order.status : undefined
    return { entry, accepted, fills, execution: fills.length > 0 ? 'trade' : accepted ? 'new' : ended }
  }

  /** Takes the engine's report of a fill; `undefined` for an order that is not the account's. */
  fill(fill: Fill): JournalFill<D, K, X> | undefined {
    const entry = fill.clientOrderId === undefined ? undefined : this.byEngineClientId.get(fill.clientOrderId)
    if (entry === undefined || entry.engineId === '') return undefined
    entry.executedQty = entry.executedQty.plus(fill.quantity)
    entry.executedValue = entry.executedValue.plus(fill.price.mul(fill.quantity))
    entry.executedFee = entry.executedFee.plus(fill.fee)
    entry.updatedAt = fill.timestamp.getTime()
    const record: JournalFill<D, K, X> = {
      ...this.terms.fillExtras(entry, fill),
      n: this.fillList.length + 1,
      order: entry,
      tradeId: fill.tradeId,
      price: fill.price,
      qty: fill.quantity,
      fee: fill.fee,
      feeAsset: fill.feeAsset,
      isMaker: fill.liquidity === 'maker',
      time: fill.timestamp.getTime(),
    }
    this.fillList.push(record)
    let own = this.fillsByEntry.get(entry)
    if (own === undefined) this.fillsByEntry.set(entry, (own = []))
    own.push(record)
    let pending = this.unreported.get(entry)
    if (pending === undefined) this.unreported.set(entry, (pending = []))
    pending.push(record)
    return record
  }

  /** An order by the venue's id. */
  byId(orderId: K): JournalEntry<D, K> | undefined {
    return this.byOrderId.get(orderId)
  }

  /** The newest accepted order that `matches`. */
  newest(matches: (entry: JournalEntry<D, K>) => boolean): JournalEntry<D, K> | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i] as JournalEntry<D, K>
      if (matches(entry)) return entry
    }
    return undefined
  }

  /** Every accepted order, oldest first. */
  all(): readonly JournalEntry<D, K>[] {
    return this.entries
  }

  /** Every fill of the account, oldest first. */
  fills(): readonly JournalFill<D, K, X>[] {
    return this.fillList
  }

  /** The fills of one order, oldest first. */
  fillsOf(entry: JournalEntry<D, K>): readonly JournalFill<D, K, X>[] {
    return this.fillsByEntry.get(entry) ?? []
  }
}

/**
 * True while an order can still trade.
 *
 * @example
 * journal.all().filter(isOpen)
 */
export function isOpen(entry: { readonly status: OrderStatus }): boolean {
  return entry.status === 'new' || entry.status === 'partially-filled' || entry.status === 'pending-new'
}

/**
 * The quantity and the quote value an order had executed once `upTo` (one of its `fills`) was done.
 *
 * @example
 * const { qty, value } = executedAt(journal.fillsOf(entry), fill) // an execution report's cumulative figures
 */
export function executedAt(
  fills: readonly { readonly price: Decimal; readonly qty: Decimal }[],
  upTo: { readonly price: Decimal; readonly qty: Decimal },
): { readonly qty: Decimal; readonly value: Decimal } {
  let qty = ZERO
  let value = ZERO
  for (const f of fills) {
    qty = qty.plus(f.qty)
    value = value.plus(f.qty.mul(f.price))
    if (f === upTo) break
  }
  return { qty, value }
}
