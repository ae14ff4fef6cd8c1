/**
 * What a coin is worth in a reference currency, as a venue values an account's wallet: its stable
 * coins at one, any other coin at its market against the reference quote coin.
 */
import { Decimal } from '../../core/decimal.js'
import type { UnifiedSymbol } from '../../core/model.js'
import type { Exchange } from '../../sim/exchange.js'
import type { SimMarket } from './options.js'

/**
 * How a venue values coins: the coins worth one unit, and the quote coin of the markets that price
 * the others.
 *
 * @example
 * const usd: Valuation = { stable: ['USDT', 'USDC', 'USD'], quote: 'USDT' }
 */
export interface Valuation {
  readonly stable: readonly string[]
  readonly quote: string
}

/**
 * A coin's value now: one for a stable coin; else the mid price of its market against the quote coin,
 * without both sides its last trade, before any its start price; `undefined` when no market lists it.
 *
 * @example
 * const usd = coinValue(exchange, options.markets, { stable: ['USDT', 'USD'], quote: 'USDT' })
 * usd('BTC') // the BTC/USDT mid price
 */
export function coinValue(
  exchange: Exchange,
  markets: ReadonlyMap<UnifiedSymbol, SimMarket>,
  valuation: Valuation,
): (coin: string) => Decimal | undefined {
  return (coin) => {
    if (valuation.stable.includes(coin)) return new Decimal(1)
    const m = markets.get(`${coin}/${valuation.quote}`)
    if (m === undefined) return undefined
    const { bid, ask, last } = exchange.ticker(m.instrument.symbol)
    return bid !== undefined && ask !== undefined ? bid.plus(ask).div(2) : (last ?? m.config.startPrice)
  }
}
