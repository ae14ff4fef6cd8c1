/**
 * What the conformance suite asks of a venue's simulator beyond the shell every simulator shares
 * (`VenueSimulator`: `step`, `trade`, `push`, `book`, `balance`, `setClock`, `advanceClock`, `faults`,
 * `events$`), and where the simulators name those controls differently.
 *
 * The defaults below are the uniform names the suite expects; a simulator that has them needs no entry
 * here. The per-venue entries exist only because a control differs in name or shape, and each says how:
 * together they list where the simulator kit is not yet uniform.
 */
import type { Decimal, Fill, UnifiedSymbol, VenueId } from 'rxvenue'
import type {
  BinanceSimulator,
  BybitSimulator,
  CoinbaseSimulator,
  PrimeSimulator,
  SimFaults,
  VenueSimulator,
} from 'rxvenue/testing'

/** A simulator event, read by field name: every simulator's events have a `type`. */
export interface SimEvent {
  readonly type: string
  readonly [field: string]: unknown
}

/** A running simulator, as the suite drives it. */
export type ConformanceSimulator = VenueSimulator<VenueId, SimEvent, SimFaults>

/** The controls the suite needs that the shared shell does not declare. */
export interface SimAdapter {
  /**
   * The update id of the book stream at `depth` as last published: what a client's view of that book
   * carries as `sequence` once it has caught up.
   */
  bookUpdateId(sim: ConformanceSimulator, symbol: UnifiedSymbol, depth: number | undefined): number
  /**
   * How far the market's book has moved, published whether or not a client is subscribed: the suite
   * counts updates by it. The book's update id where the venue numbers the book itself.
   */
  bookMoves(sim: ConformanceSimulator, symbol: UnifiedSymbol, depth: number | undefined): number
  /** The topics (streams, channels) an event reports subscribed on a connection; `[]` for other events. */
  subscribedTopics(event: SimEvent): readonly string[]
  /** The venue's own error code of an answered request; `undefined` or `0` when it succeeded. */
  requestCode(event: SimEvent): number | undefined
  /** How many orders of the account carry `clientOrderId`, by the simulator's own ledger. */
  ordersWithClientId(sim: ConformanceSimulator, symbol: UnifiedSymbol, clientOrderId: string): number
  /** How many of those are open (resting, whole or in part), by the simulator's own ledger. */
  openWithClientId(sim: ConformanceSimulator, symbol: UnifiedSymbol, clientOrderId: string): number
  /**
   * Makes the market fill `qty` (default: all that is left) of the account's resting order now: a
   * taker trades through everything ahead of it in price-time priority, then into it.
   */
  fillOrder(sim: ConformanceSimulator, symbol: UnifiedSymbol, clientOrderId: string, qty?: Decimal): void
  /**
   * Resolves once a client's account streams (orders, fills, balances) are subscribed at the venue, so
   * that what happens to the account from then on reaches them.
   */
  privateSubscribed(sim: ConformanceSimulator): Promise<void>
  /**
   * What a fill on the fill stream says of its fee and liquidity, given the engine's fee (taken from
   * what the order receives: the base of a buy) and the fill's price.
   */
  fillTerms(fee: FeeOfFill): {
    readonly fee: Decimal
    readonly feeAsset: string
    readonly liquidity: Fill['liquidity']
  }
}

/** The engine's fee of one fill, in the asset the order receives, for {@link SimAdapter.fillTerms}. */
export interface FeeOfFill {
  readonly side: 'buy' | 'sell'
  readonly fee: Decimal
  readonly price: Decimal
  readonly base: string
  readonly quote: string
  readonly liquidity: Fill['liquidity']
}

/** Calls a control the shell does not declare, or fails naming it. */
function control(sim: ConformanceSimulator, name: string): (...args: unknown[]) => unknown {
  const member = (sim as unknown as Record<string, unknown>)[name]
  if (typeof member !== 'function') {
    throw new Error(`the ${sim.id} simulator has no ${name}(): the conformance suite needs it`)
  }
  return (...args) => member.apply(sim, args) as unknown
}

const UNIFORM: SimAdapter = {
  bookUpdateId: (sim, symbol, depth) => control(sim, 'bookUpdateId')(symbol, depth) as number,
  bookMoves: (sim, symbol, depth) => control(sim, 'bookUpdateId')(symbol, depth) as number,
  subscribedTopics: (e) =>
    e.type === 'subscribed' && Array.isArray(e['topics']) ? (e['topics'] as string[]) : [],
  requestCode: (e) => (typeof e['code'] === 'number' ? e['code'] : undefined),
  ordersWithClientId: (sim, symbol, clientOrderId) => {
    const all = control(sim, 'allOrders')(symbol) as readonly Record<string, unknown>[]
    return all.filter((o) => o['clientOrderId'] === clientOrderId).length
  },
  openWithClientId: (sim, symbol, clientOrderId) => {
    const all = control(sim, 'allOrders')(symbol) as readonly Record<string, unknown>[]
    return all.filter(
      (o) =>
        o['clientOrderId'] === clientOrderId && (o['status'] === 'NEW' || o['status'] === 'PARTIALLY_FILLED'),
    ).length
  },
  fillOrder: (sim, symbol, clientOrderId, qty) => {
    control(sim, 'fillOrder')({ symbol, clientOrderId }, qty)
  },
  privateSubscribed: (sim) => control(sim, 'privateSubscribed')() as Promise<void>,
  fillTerms: (f) => ({ fee: f.fee, feeAsset: f.side === 'buy' ? f.base : f.quote, liquidity: f.liquidity }),
}

/**
 * Where a simulator differs from the uniform names:
 *
 * - Bybit reports its venue code as `retCode` (`0` on success) on `request` events, not `code`.
 * - Bybit has no list of the account's orders (`allOrders`): only `order({ orderLinkId })`, one record,
 *   so "how many orders carry this id" is 0 or 1 (Bybit itself refuses a second order with the same
 *   `orderLinkId`). Binance has `allOrders(symbol)`, but its lookup of one order is
 *   `order({ symbol, clientOrderId })`, Bybit's `order({ orderLinkId })`.
 * - `fillOrder` names the order as the venue's own order query does: Bybit `{ orderLinkId }`, Binance
 *   `{ symbol, clientOrderId }`.
 * - Neither has one signal for "the account streams are subscribed": Bybit's `subscribed(topic)` takes
 *   its private topics by name (`order`, `execution`, `wallet`), Binance has `userStreamSubscribed()`.
 * - Binance reports the streams of a market-stream connection as `streams`, not `topics`, and its user
 *   data subscription (on the WebSocket API) as a `user-stream` event; Bybit's private topics come as
 *   `subscribed` events like its public ones.
 * - Both have `bookUpdateId`, but neither on the shell: Bybit's takes the stream depth (one id per
 *   `orderbook.{depth}` stream), Binance's takes none (one id per market) and ignores the depth the
 *   suite passes. `book(symbol).sequence` is no substitute: on Bybit it is the cross sequence, not the
 *   `u` a client's view carries.
 * - Coinbase numbers frames per connection (`sequence_num`, all channels together), not books: its
 *   `bookUpdateId` is the number of the last book frame sent, which moves only while a client is
 *   connected, so the updates the suite publishes are counted by `bookMoves` (the market's own count).
 *   Its `heartbeats` subscription is the connection's keep-alive, not a topic of any stream.
 * - Prime is Coinbase's twin here: frames numbered per connection, `client_order_id`, fills derived
 *   from running totals with the commission in the quote currency, `heartbeats` a keep-alive.
 * - An order's status at the venue is read from its record in the venue's words: Binance `status`
 *   (`NEW`, `PARTIALLY_FILLED` while open), Bybit `orderStatus` (`New`, `PartiallyFilled`), Coinbase and
 *   Prime `status` (`OPEN`).
 * - Coinbase's order records name the client order id `client_order_id`. Its `user` channel carries no
 *   fills, only each order's running totals, so the driver asks for the order's fills at each rise:
 *   a fill's fee is the commission in the quote currency (the engine's fee in base, at the fill's
 *   price).
 */
const DIFFERENCES: Readonly<Record<string, Partial<SimAdapter>>> = {
  bybit: {
    requestCode: (e) => (typeof e['retCode'] === 'number' ? e['retCode'] : undefined),
    ordersWithClientId: (sim, _symbol, clientOrderId) =>
      (sim as unknown as BybitSimulator).order({ orderLinkId: clientOrderId }) === undefined ? 0 : 1,
    openWithClientId: (sim, _symbol, clientOrderId) => {
      const status = (sim as unknown as BybitSimulator).order({ orderLinkId: clientOrderId })?.['orderStatus']
      return status === 'New' || status === 'PartiallyFilled' ? 1 : 0
    },
    fillOrder: (sim, _symbol, clientOrderId, qty) =>
      (sim as unknown as BybitSimulator).fillOrder({ orderLinkId: clientOrderId }, qty),
    privateSubscribed: async (sim) => {
      const bybit = sim as unknown as BybitSimulator
      await Promise.all(['order', 'execution', 'wallet'].map((topic) => bybit.subscribed(topic)))
    },
  },
  coinbase: {
    ordersWithClientId: (sim, symbol, clientOrderId) =>
      (sim as unknown as CoinbaseSimulator)
        .allOrders(symbol)
        .filter((o) => o['client_order_id'] === clientOrderId).length,
    openWithClientId: (sim, symbol, clientOrderId) =>
      (sim as unknown as CoinbaseSimulator)
        .allOrders(symbol)
        .filter((o) => o['client_order_id'] === clientOrderId && o['status'] === 'OPEN').length,
    fillTerms: (f) => ({
      fee: f.side === 'buy' ? f.fee.mul(f.price) : f.fee,
      feeAsset: f.quote,
      liquidity: f.liquidity,
    }),
    bookMoves: (sim, symbol) => control(sim, 'bookMoves')(symbol) as number,
    subscribedTopics: (e) =>
      e.type === 'subscribed' && Array.isArray(e['topics'])
        ? (e['topics'] as string[]).filter((t) => t !== 'heartbeats')
        : [],
  },
  prime: {
    ordersWithClientId: (sim, symbol, clientOrderId) =>
      (sim as unknown as PrimeSimulator)
        .allOrders(symbol)
        .filter((o) => o['client_order_id'] === clientOrderId).length,
    openWithClientId: (sim, symbol, clientOrderId) =>
      (sim as unknown as PrimeSimulator)
        .allOrders(symbol)
        .filter((o) => o['client_order_id'] === clientOrderId && o['status'] === 'OPEN').length,
    fillTerms: (f) => ({
      fee: f.side === 'buy' ? f.fee.mul(f.price) : f.fee,
      feeAsset: f.quote,
      liquidity: undefined,
    }),
    bookMoves: (sim, symbol) => control(sim, 'bookMoves')(symbol) as number,
    subscribedTopics: (e) =>
      e.type === 'subscribed' && Array.isArray(e['topics'])
        ? (e['topics'] as string[]).filter((t) => t !== 'heartbeats')
        : [],
  },
  binance: {
    privateSubscribed: (sim) => (sim as unknown as BinanceSimulator).userStreamSubscribed(),
    subscribedTopics: (e) => {
      if (e.type === 'user-stream') return ['user-data']
      return e.type === 'subscribed' && Array.isArray(e['streams']) ? (e['streams'] as string[]) : []
    },
  },
}

/**
 * The adapter of a venue's simulator: the uniform controls, with the venue's differences over them.
 *
 * @example
 * const adapter = simAdapter('bybit')
 * adapter.bookUpdateId(sim, 'BTC/USDT', 50)
 */
export function simAdapter(id: VenueId): SimAdapter {
  return { ...UNIFORM, ...DIFFERENCES[id] }
}
