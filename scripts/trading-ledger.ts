/**
 * What the order manager's ledger test and the trading soak share: random orders near the touch, fills
 * of resting orders by the market, the simulators' own order lists, and positions and PnL computed
 * independently from the simulators' balances.
 */
import { Decimal } from '../lib/core/decimal.js'
import type { Balance, OrderRequest, Side, UnifiedSymbol } from '../lib/core/model.js'
import type { ManagedPosition } from '../lib/orders/index.js'
import type { Prng } from '../lib/sim/prng.js'
import type { BinanceSimulator } from '../lib/testing/binance/binance-simulator.js'
import type { BybitSimulator } from '../lib/testing/bybit/bybit-simulator.js'
import type { CoinbaseSimulator } from '../lib/testing/coinbase/coinbase-simulator.js'
import type { PrimeSimulator } from '../lib/testing/prime/prime-simulator.js'

/** The market traded on the venues quoted in USDT. */
export const SYMBOL: UnifiedSymbol = 'BTC/USDT'
/** The venues traded, each a simulator of its own wire protocol. */
export type LedgerVenue = 'bybit' | 'binance' | 'coinbase' | 'prime'
/** Every venue the ledger helpers know. */
export const LEDGER_VENUES: readonly LedgerVenue[] = ['bybit', 'binance', 'coinbase', 'prime']
/** A traded venue's simulator. */
export type LedgerSimulator = BybitSimulator | BinanceSimulator | CoinbaseSimulator | PrimeSimulator
/** The market traded at a venue: {@link SYMBOL}, or BTC/USD where the venue quotes in dollars. */
export const symbolOf = (v: LedgerVenue): UnifiedSymbol =>
  v === 'coinbase' || v === 'prime' ? 'BTC/USD' : SYMBOL
/** The quantity step of every order. */
export const LOT = new Decimal('0.001')
const ZERO = new Decimal(0)

/** Each asset's total (free + locked) in a simulator's ledger. */
export const totals = (balances: readonly Balance[]): Map<string, Decimal> =>
  new Map(balances.map((b) => [b.asset, b.total]))

/** A limit (GTC or IOC) or market order of `symbol` near the touch; a quarter of the limits cross it. */
export function randomOrder(
  prng: Prng,
  sim: LedgerSimulator,
  tick: Decimal,
  clientOrderId: string,
  symbol: UnifiedSymbol = SYMBOL,
): OrderRequest {
  const side: Side = prng.next() < 0.5 ? 'buy' : 'sell'
  const book = sim.book(symbol, 1)
  const touch = side === 'buy' ? book.asks[0]?.price : book.bids[0]?.price
  if (touch === undefined) throw new Error('the simulated book has an empty side')
  const quantity = LOT.times(prng.int(1, 30))
  const kind = prng.next()
  if (kind < 0.1) return { symbol, side, type: 'market', quantity, clientOrderId }
  // k ≤ 0 crosses the touch by |k| ticks; k > 0 rests k ticks inside it
  const k = prng.int(-1, 5)
  const price = side === 'buy' ? touch.minus(tick.times(k)) : touch.plus(tick.times(k))
  const timeInForce = kind < 0.25 ? 'IOC' : 'GTC'
  return { symbol, side, type: 'limit', timeInForce, price, quantity, clientOrderId }
}

/** The market fills `qty` of the account's resting order `clientOrderId`, as a taker would. */
export function fillOrder(sim: LedgerSimulator, v: LedgerVenue, clientOrderId: string, qty: Decimal): void {
  const symbol = symbolOf(v)
  if (v === 'bybit') (sim as BybitSimulator).fillOrder({ orderLinkId: clientOrderId }, qty)
  else if (v === 'binance') (sim as BinanceSimulator).fillOrder({ symbol, clientOrderId }, qty)
  else (sim as CoinbaseSimulator | PrimeSimulator).fillOrder({ symbol, clientOrderId }, qty)
}

/** An order of the account as the simulator's journal has it. */
export interface VenueOrder {
  readonly clientOrderId: string
  readonly open: boolean
}

// Coinbase's CANCEL_QUEUED and EDIT_QUEUED orders are still live (shared/venues/coinbase.md)
const OPEN = new Set([
  'New',
  'PartiallyFilled',
  'NEW',
  'PARTIALLY_FILLED',
  'OPEN',
  'CANCEL_QUEUED',
  'EDIT_QUEUED',
])

/** The field of a simulator's order that holds its client order id. */
const ID_FIELD: Readonly<Record<LedgerVenue, string>> = {
  bybit: 'orderLinkId',
  binance: 'clientOrderId',
  coinbase: 'client_order_id',
  prime: 'client_order_id',
}

/** Every order of the account at the venue, oldest first. */
export function venueOrders(sim: LedgerSimulator, v: LedgerVenue): VenueOrder[] {
  // Coinbase and Prime list them newest first, as their order lists do
  const all =
    v === 'coinbase' || v === 'prime' ? sim.allOrders(symbolOf(v)).reverse() : sim.allOrders(symbolOf(v))
  const statusField = v === 'bybit' ? 'orderStatus' : 'status'
  return all.map((o) => ({ clientOrderId: String(o[ID_FIELD[v]]), open: OPEN.has(String(o[statusField])) }))
}

/** The client order ids of the account's open orders at the venue. */
export function venueOpenOrders(sim: LedgerSimulator, v: LedgerVenue): Set<string> {
  return new Set(sim.openOrders(symbolOf(v)).map((o) => String(o[ID_FIELD[v]])))
}

/** How many orders the venue has under `clientOrderId`. */
export function ordersWithClientId(sim: LedgerSimulator, v: LedgerVenue, clientOrderId: string): number {
  return venueOrders(sim, v).filter((o) => o.clientOrderId === clientOrderId).length
}

/** A position as the simulator's ledger gives it: what the account gained, valued at `mark`. */
export interface LedgerPosition {
  readonly base: Decimal
  readonly quote: Decimal
  readonly pnl: Decimal
}

/** The base and quote a venue's account gained since `before`, and their value at the position's mark. */
export function ledgerPosition(
  p: ManagedPosition,
  before: Map<string, Decimal>,
  sim: LedgerSimulator,
): LedgerPosition {
  const now = totals(sim.balances())
  const delta = (asset: string) => (now.get(asset) ?? ZERO).minus(before.get(asset) ?? ZERO)
  const base = delta(p.base)
  const quote = delta(p.quote)
  return { base, quote, pnl: quote.plus(base.times(p.mark ?? ZERO)) }
}

/** Whether the manager's position holds what the ledger gives: the base gained net of fees, and the PnL. */
export function agreesWithLedger(p: ManagedPosition, x: LedgerPosition): boolean {
  return p.quantity.minus(p.fees[p.base] ?? ZERO).eq(x.base) && p.pnl.eq(x.pnl)
}
