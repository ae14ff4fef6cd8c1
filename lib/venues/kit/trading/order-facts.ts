/**
 * What an order record says, read once in the model's words, and the one mapping of it to the model's
 * {@link Order} and to an order channel's running totals: for a venue family whose REST records and
 * pushed orders say the same things under different names (Coinbase, Prime).
 */
import type { Decimal } from '../../../core/decimal.js'
import type { Order, OrderStatus, OrderType, TimeInForce, Timestamped, VenueId } from '../../../core/model.js'
import { isTerminal } from '../../../core/order-status.js'
import type { SymbolMap } from '../../../core/symbols.js'
import { orderStatusBy, type StatusTable } from './status-table.js'
import type { RunningTotals } from './totals-fills.js'
import { sideOf, venueOrder } from './venue-order.js'

/**
 * One order record's facts, named as the model names them.
 *
 * @example
 * const facts: OrderFacts = { productId: 'BTC-USD', id: 'o-1', clientOrderId: '', side: 'BUY', type: 'limit', timeInForce: 'GTC', price, base: d('1'), filled: d('0'), status: 'OPEN' }
 */
export interface OrderFacts {
  readonly productId: string
  readonly id: string
  /** None or `''` (an order placed without one) reads as the order's id. */
  readonly clientOrderId: string | undefined
  /** `BUY` or `SELL`, in any case. */
  readonly side: string
  /** `undefined`: a kind the SDK does not place, left out. */
  readonly type: OrderType | undefined
  /** Of a limit order: a market order is IOC. */
  readonly timeInForce?: TimeInForce | undefined
  /** The limit price (a market order's is dropped). */
  readonly price?: Decimal | undefined
  /** The base quantity placed. */
  readonly base?: Decimal | undefined
  /** The quote value placed, for an order by value: its `quantity` is then what filled. */
  readonly quote?: Decimal | undefined
  /** What is left to fill, where the record says that instead of what was placed. */
  readonly leaves?: Decimal | undefined
  readonly filled: Decimal
  readonly average?: Decimal | undefined
  /** The venue's status, by the venue's {@link StatusTable}. */
  readonly status: string
  /** Default: the record's time. */
  readonly createdAt?: Date | undefined
  /** The venue's word for why a canceled, rejected or expired order ended. */
  readonly reason?: string | undefined
  /** The quote value of what filled (default: the average price times what filled). */
  readonly value?: Decimal | undefined
  /** Fees so far, in the quote currency (default: none). */
  readonly fees?: Decimal | undefined
}

/**
 * How a venue's facts become the model's: its id, its statuses, and the status of one its table does
 * not list (`undefined`: such an order is left out).
 *
 * @example
 * const words: OrderWords = { venue: 'prime', statuses: PRIME_ORDER_STATUS, unlisted: undefined }
 */
export interface OrderWords {
  readonly venue: VenueId
  readonly statuses: StatusTable
  readonly unlisted: OrderStatus | undefined
}

/**
 * The times in force of the family's wire in the model's (the model has no GTD: an order good until a
 * date rests like a GTC one).
 *
 * @example
 * TIME_IN_FORCE_WORDS['IMMEDIATE_OR_CANCEL'] // 'IOC'
 */
export const TIME_IN_FORCE_WORDS: Readonly<Record<string, TimeInForce>> = {
  GOOD_UNTIL_CANCELLED: 'GTC',
  GTC: 'GTC',
  GOOD_UNTIL_DATE_TIME: 'GTC',
  IMMEDIATE_OR_CANCEL: 'IOC',
  FILL_OR_KILL: 'FOK',
}

/**
 * The facts as an {@link Order} at `at` (by the kit's `venueOrder`, the rules every venue's record
 * follows), or `undefined` for an unlisted product, a status the words leave out or a kind the SDK does
 * not place. An order by quote value reports what filled as its `quantity`; one that says what is
 * left, what filled plus that.
 *
 * @example
 * factsOrder(words, facts, symbols, frame.timestamp)?.status // 'partially-filled'
 */
export function factsOrder(
  words: OrderWords,
  f: OrderFacts,
  symbols: SymbolMap,
  at: Timestamped,
): Order | undefined {
  const { filled, type } = f
  const status = orderStatusBy(words.statuses, f.status, filled, words.unlisted)
  if (status === undefined || type === undefined) return undefined
  return venueOrder(words.venue, symbols, {
    venueSymbol: f.productId,
    id: f.id,
    clientOrderId: f.clientOrderId,
    side: sideOf(f.side),
    type,
    timeInForce: type === 'market' ? 'IOC' : (f.timeInForce ?? 'GTC'),
    price: f.price,
    quantity: f.leaves !== undefined ? filled.plus(f.leaves) : f.base,
    quoteQuantity: f.base === undefined ? f.quote : undefined,
    filled,
    averagePrice: f.average,
    status,
    created: f.createdAt === undefined ? at : { ...at, timestamp: f.createdAt },
    at,
    reason: isTerminal(status) && status !== 'filled' ? f.reason : undefined,
  })
}

/**
 * Whether the facts say the order's quantity: what was placed, or what is left beside what filled. An
 * order channel's order that ended unfilled or partly filled (canceled, expired, rejected) says only
 * what filled and that nothing is left, so its quantity is not known from the record itself (see the
 * kit's `totals-channel.ts`, which remembers or looks it up).
 *
 * @example
 * factsSized(PRIME_WORDS, { ...facts, status: 'CANCELLED', leaves: d('0'), filled: d('0.2') }) // false
 */
export function factsSized(words: OrderWords, f: OrderFacts): boolean {
  if (f.base !== undefined || f.quote !== undefined) return true
  if (f.leaves === undefined) return false
  if (!f.leaves.isZero()) return true
  return orderStatusBy(words.statuses, f.status, f.filled, words.unlisted) === 'filled'
}

/**
 * The running totals the facts of a pushed order carry (see the kit's `totals-channel.ts`).
 *
 * @example
 * factsTotals(facts).value.toFixed() // what filled, in the quote currency
 */
export function factsTotals(f: OrderFacts): RunningTotals {
  const zero = f.filled.mul(0)
  return {
    orderId: f.id,
    clientOrderId: f.clientOrderId,
    productId: f.productId,
    side: sideOf(f.side),
    filled: f.filled,
    value: f.value ?? (f.average ?? zero).mul(f.filled),
    fees: f.fees ?? zero,
  }
}

/**
 * The readings an order channel takes of its orders (`TotalsChannel`'s `toOrder`, `totals` and
 * `sized`), from one reading of their facts.
 *
 * @example
 * totalsChannelPushes(ctx, { …, ...factsChannel(words, primeWsFacts) })
 */
export function factsChannel<O>(
  words: OrderWords,
  read: (order: O) => OrderFacts,
): {
  toOrder(order: O, symbols: SymbolMap, at: Timestamped): Order | undefined
  totals(order: O): RunningTotals
  sized(order: O): boolean
} {
  return {
    toOrder: (order, symbols, at) => factsOrder(words, read(order), symbols, at),
    totals: (order) => factsTotals(read(order)),
    sized: (order) => factsSized(words, read(order)),
  }
}
