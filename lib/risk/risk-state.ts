/**
 * What the risk checks read of the trading state: positions, open orders, PnL and mids. The order
 * manager keeps it; tests and custom setups may give their own.
 */
import type { Decimal } from '../core/decimal.js'
import type { OrderType, Side, UnifiedSymbol, VenueId } from '../core/model.js'

/**
 * An order as the risk checks see it: a placement, or an amendment (`replaces` then holds what the
 * order had left before, so only the change counts against position limits).
 *
 * @example
 * const order: RiskOrder = { venue: 'bybit', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: new Decimal('60000'), quantity: new Decimal('0.01'), clientOrderId: 'a1' }
 */
export interface RiskOrder {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly side: Side
  readonly type: OrderType
  /** Limit price; absent for market orders. */
  readonly price?: Decimal | undefined
  /** Base quantity; a market buy may give `quoteQuantity` instead. */
  readonly quantity?: Decimal | undefined
  readonly quoteQuantity?: Decimal | undefined
  readonly clientOrderId: string
  /** For an amendment: the quantity the order had left before it, already counted as open. */
  readonly replaces?: Decimal | undefined
}

/**
 * The state the risk checks read; every call is synchronous and cheap (the order manager keeps each
 * figure up to date as orders and fills arrive, so a check does no summing).
 *
 * @example
 * const flat: RiskState = {
 *   now: () => Date.now(), mid: () => new Decimal('60000'), position: () => new Decimal(0),
 *   openQuantity: () => new Decimal(0), assetPosition: () => new Decimal(0), openAssetFlow: () => new Decimal(0),
 *   openOrderCount: () => 0, pnl: () => new Decimal(0), baseOf: (s) => s.split('/')[0] ?? '', quoteOf: (s) => s.split('/')[1] ?? '',
 * }
 */
export interface RiskState {
  /** Epoch ms, for the daily reset and the order rate. */
  now(): number
  /** The mid of the venue's book of the symbol, when one is known (and its book is not reconnecting or resyncing). */
  mid(venue: VenueId, symbol: UnifiedSymbol): Decimal | undefined
  /** Net base position in the symbol on the venue, from fills (negative: short). */
  position(venue: VenueId, symbol: UnifiedSymbol): Decimal
  /** What open orders of the symbol on the venue have left to fill, on one side. */
  openQuantity(venue: VenueId, symbol: UnifiedSymbol, side: Side): Decimal
  /** Net change of the asset's holding on the venue, from fills, fees included. */
  assetPosition(venue: VenueId, asset: string): Decimal
  /** How much the asset's holding would grow (`in`) or shrink (`out`) if every open order filled. */
  openAssetFlow(venue: VenueId, asset: string, direction: 'in' | 'out'): Decimal
  /** Open orders of every venue, one venue, or one symbol of one venue. */
  openOrderCount(venue?: VenueId, symbol?: UnifiedSymbol): number
  /** Realized plus unrealized PnL, fees included, in quote currency, of the scope. */
  pnl(venue?: VenueId, symbol?: UnifiedSymbol): Decimal
  /** The base asset of a symbol (`BTC` of `BTC/USDT`). */
  baseOf(symbol: UnifiedSymbol): string
  /** The quote asset of a symbol (`USDT` of `BTC/USDT`). */
  quoteOf(symbol: UnifiedSymbol): string
}
