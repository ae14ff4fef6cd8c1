/**
 * Risk limits as data: what each built-in rule allows, set for every venue, one venue or one symbol,
 * and resolved once per venue and symbol into Decimals the checks compare against.
 */
import { Decimal, toDecimal, type DecimalLike } from '../core/decimal.js'
import { VenueError } from '../core/errors.js'
import type { UnifiedSymbol, VenueId } from '../core/model.js'

/**
 * At most `orders` orders in any `perMs` milliseconds.
 *
 * @example
 * const rate: OrderRate = { orders: 10, perMs: 1_000 } // ten orders a second
 */
export interface OrderRate {
  readonly orders: number
  readonly perMs: number
}

/**
 * The limits of the built-in rules; a limit left out is not checked. A limit is the largest value
 * allowed: an order that reaches it passes, one that goes past it is refused.
 *
 * Per order and per position (the most specific setting wins: symbol over venue over every venue):
 * - `maxOrderQuantity`: base quantity of one order (a market buy by `quoteQuantity`: that amount
 *   over the mid, refused while no mid is known);
 * - `maxOrderNotional`: price × quantity of one order in quote currency (a market order is valued
 *   at the mid, or at its `quoteQuantity`);
 * - `maxPosition`: the net position in the symbol on the venue, either way, counting the worst case
 *   of the open orders (all open buys fill, or all open sells fill) and this order;
 * - `maxAssetPosition`: per asset, the net change of the asset's holding on the venue, either way,
 *   counted the same way (a buy of BTC/USDT adds BTC and spends USDT);
 * - `priceBand`: how far a limit price may be from the mid, as a fraction of it (`0.05` = 5 %),
 *   below 1.
 *
 * Counting limits apply to the scope they are set at (every venue together, one venue, or one
 * symbol of one venue), and every scope where one is set must pass:
 * - `maxOpenOrders`: open orders, this one included;
 * - `maxDailyLoss`: the loss (realized plus unrealized, fees included, marked to the mid) since the
 *   last daily reset; once the loss reaches it, no order passes;
 * - `maxOrderRate`: orders placed in a rolling window, this one included.
 *
 * @example
 * const limits: RiskLimits = { maxOrderQuantity: '1', priceBand: '0.05', maxOpenOrders: 20 }
 */
export interface RiskLimits {
  readonly maxOrderQuantity?: DecimalLike | undefined
  readonly maxOrderNotional?: DecimalLike | undefined
  readonly maxPosition?: DecimalLike | undefined
  readonly maxAssetPosition?: Readonly<Record<string, DecimalLike>> | undefined
  readonly priceBand?: DecimalLike | undefined
  readonly maxOpenOrders?: number | undefined
  readonly maxDailyLoss?: DecimalLike | undefined
  readonly maxOrderRate?: OrderRate | undefined
}

/**
 * The limits of one venue, and of its symbols.
 *
 * @example
 * const bybit: VenueRiskLimits = { maxOpenOrders: 50, symbols: { 'BTC/USDT': { maxPosition: '0.5' } } }
 */
export interface VenueRiskLimits extends RiskLimits {
  readonly symbols?: Readonly<Partial<Record<UnifiedSymbol, RiskLimits>>> | undefined
}

/**
 * Where a counting limit applies: every venue (`venue` undefined), one venue, or one symbol of one venue.
 *
 * @example
 * const scope: RiskScope = { venue: 'bybit', symbol: 'BTC/USDT' }
 */
export interface RiskScope {
  readonly venue?: VenueId | undefined
  readonly symbol?: UnifiedSymbol | undefined
}

/**
 * A counting limit and the scope it was set at.
 *
 * @example
 * const open: ScopedLimit<number> = { scope: { venue: 'bybit' }, key: 'bybit', limit: 20 }
 */
export interface ScopedLimit<T> {
  readonly scope: RiskScope
  /** Identifies the scope: `*`, `bybit` or `bybit BTC/USDT`. */
  readonly key: string
  readonly limit: T
}

/**
 * The limits that apply to orders of one venue and symbol, as Decimals: what the checks read.
 *
 * @example
 * const resolved: ResolvedLimits = resolveLimits(config, 'bybit', 'BTC/USDT')
 */
export interface ResolvedLimits {
  readonly maxOrderQuantity: Decimal | undefined
  readonly maxOrderNotional: Decimal | undefined
  readonly maxPosition: Decimal | undefined
  readonly maxAssetPosition: ReadonlyMap<string, Decimal>
  readonly priceBand: Decimal | undefined
  readonly maxOpenOrders: readonly ScopedLimit<number>[]
  readonly maxDailyLoss: readonly ScopedLimit<Decimal>[]
  readonly maxOrderRate: readonly ScopedLimit<OrderRate>[]
}

/**
 * The limits of every venue (top level), of each venue, and of each venue's symbols.
 *
 * @example
 * const limits: LimitTree = { maxOrderNotional: '100000', venues: { binance: { maxOpenOrders: 10 } } }
 */
export interface LimitTree extends RiskLimits {
  readonly venues?: Readonly<Partial<Record<VenueId, VenueRiskLimits>>> | undefined
}

/**
 * The limits that apply to orders of `venue` and `symbol`: per-order and position limits from the
 * most specific level that sets them, counting limits from every level that does.
 *
 * @throws VenueError `invalid-request` for a limit that is not a positive number, or a price band
 * not below 1.
 * @example
 * resolveLimits({ maxOrderQuantity: '2', venues: { bybit: { maxOrderQuantity: '1' } } }, 'bybit', 'BTC/USDT').maxOrderQuantity // 1
 */
export function resolveLimits(tree: LimitTree, venue: VenueId, symbol: UnifiedSymbol): ResolvedLimits {
  const ofVenue = tree.venues?.[venue]
  const ofSymbol = ofVenue?.symbols?.[symbol]
  const levels: readonly [RiskLimits | undefined, RiskScope, string][] = [
    [tree, {}, '*'],
    [ofVenue, { venue }, venue],
    [ofSymbol, { venue, symbol }, `${venue} ${symbol}`],
  ]
  const specific = (name: 'maxOrderQuantity' | 'maxOrderNotional' | 'maxPosition') => {
    const value = ofSymbol?.[name] ?? ofVenue?.[name] ?? tree[name]
    return value === undefined ? undefined : positive(name, value)
  }
  const band = ofSymbol?.priceBand ?? ofVenue?.priceBand ?? tree.priceBand
  const assets = new Map<string, Decimal>()
  for (const [limits] of levels) {
    for (const [asset, value] of Object.entries(limits?.maxAssetPosition ?? {})) {
      assets.set(asset, positive(`maxAssetPosition.${asset}`, value))
    }
  }
  const scoped = <T>(read: (l: RiskLimits) => T | undefined): ScopedLimit<T>[] =>
    levels.flatMap(([limits, scope, key]) => {
      const limit = limits === undefined ? undefined : read(limits)
      return limit === undefined ? [] : [{ scope, key, limit }]
    })
  return {
    maxOrderQuantity: specific('maxOrderQuantity'),
    maxOrderNotional: specific('maxOrderNotional'),
    maxPosition: specific('maxPosition'),
    maxAssetPosition: assets,
    priceBand: band === undefined ? undefined : fraction('priceBand', band),
    maxOpenOrders: scoped((l) => count('maxOpenOrders', l.maxOpenOrders)),
    maxDailyLoss: scoped((l) =>
      l.maxDailyLoss === undefined ? undefined : positive('maxDailyLoss', l.maxDailyLoss),
    ),
    maxOrderRate: scoped((l) => rate(l.maxOrderRate)),
  }
}

const refuse = (message: string): never => {
  throw new VenueError({ kind: 'invalid-request', message: `risk limit ${message}` })
}

/** A wrong value as a refusal shows it: a string quoted, and what it is where a number belongs. */
function shown(value: unknown, withType = true): string {
  const type = (kind: string) => (withType ? ` (${kind})` : '')
  if (typeof value === 'string') return `${JSON.stringify(value)}${type('a string')}`
  if (value instanceof Decimal) return `${value.toString()}${type('a Decimal')}`
  if (typeof value === 'bigint') return `${value.toString()}${type('a bigint')}`
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}

function positive(name: string, value: DecimalLike): Decimal {
  let d: Decimal | undefined
  try {
    d = toDecimal(value)
  } catch {
    d = undefined
  }
  if (d === undefined || !d.isFinite() || d.lte(0)) {
    return refuse(`${name} must be a positive number, got ${shown(value, false)}`)
  }
  return d
}

/** The price band: a fraction of the mid, a band of 1 or more would let any lower price through. */
function fraction(name: string, value: DecimalLike): Decimal {
  const d = positive(name, value)
  if (d.gte(1)) {
    refuse(`${name} must be a fraction of the mid, above 0 and below 1 (0.05 = 5 %), got ${d.toFixed()}`)
  }
  return d
}

function count(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < 0)
    refuse(`${name} must be a whole number >= 0, got ${shown(value)}`)
  return value
}

function rate(value: OrderRate | undefined): OrderRate | undefined {
  if (value === undefined) return undefined
  const needs = 'maxOrderRate needs whole orders >= 0 and perMs > 0, got'
  if (!Number.isInteger(value.orders) || value.orders < 0) refuse(`${needs} orders ${shown(value.orders)}`)
  if (typeof value.perMs !== 'number' || !(value.perMs > 0)) refuse(`${needs} perMs ${shown(value.perMs)}`)
  return value
}
