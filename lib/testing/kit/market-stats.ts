/**
 * A market's best prices and 24 h statistics as venues write them in tickers: the engine's ticker with
 * every gap filled, and the price a venue quotes for a market (the last trade, else the mid price).
 */
import { Decimal } from '../../core/decimal.js'
import type { Trade } from '../../core/model.js'
import type { Exchange } from '../../sim/exchange.js'
import type { SimMarket } from './options.js'

const ZERO = new Decimal(0)

/**
 * Best prices (absent on an empty side) and 24 h figures of a market.
 *
 * @example
 * const s: MarketStats = marketStats(exchange, market, market.config.startPrice)
 * s.last.minus(s.open).div(s.open) // the 24 h change
 */
export interface MarketStats {
  readonly bid: Decimal | undefined
  readonly bidSize: Decimal | undefined
  readonly ask: Decimal | undefined
  readonly askSize: Decimal | undefined
  /** The last trade price; before any trade, the venue's choice. */
  readonly last: Decimal
  /** The first price of the last 24 h; the last price when there was no trade in them. */
  readonly open: Decimal
  readonly high: Decimal
  readonly low: Decimal
  /** Base quantity traded in the last 24 h. */
  readonly volume: Decimal
  /** Quote value traded in the last 24 h. */
  readonly quoteVolume: Decimal
}

/**
 * The statistics of a market now; `noTrade` stands for the last price before any trade.
 *
 * @example
 * marketStats(exchange, market, new Decimal(0)).volume.toFixed() // '0' before any trade
 */
export function marketStats(exchange: Exchange, market: SimMarket, noTrade: Decimal): MarketStats {
  const t = exchange.ticker(market.instrument.symbol)
  const last = t.last ?? noTrade
  return {
    bid: t.bid,
    bidSize: t.bidSize,
    ask: t.ask,
    askSize: t.askSize,
    last,
    open: t.open24h ?? last,
    high: t.high24h ?? last,
    low: t.low24h ?? last,
    volume: t.volume24h ?? ZERO,
    quoteVolume: t.quoteVolume24h ?? ZERO,
  }
}

/**
 * The price a venue quotes for a market: the last trade price, else the mid price, else the start
 * price.
 *
 * @example
 * lastPrice(exchange, market).mul(qty) // the value a market order by quantity is checked against
 */
export function lastPrice(exchange: Exchange, market: SimMarket): Decimal {
  const t = exchange.ticker(market.instrument.symbol)
  if (t.last !== undefined) return t.last
  if (t.bid !== undefined && t.ask !== undefined) return t.bid.plus(t.ask).div(2)
  return market.config.startPrice
}

/**
 * The mean price, by size, of a market's trades in [`fromMs`, `toMs`), and those trades; with none,
 * the {@link lastPrice}.
 *
 * @example
 * averagePrice(exchange, market, now - 5 * 60_000, now + 1).price // Binance's avgPrice over 5 minutes
 */
export function averagePrice(
  exchange: Exchange,
  market: SimMarket,
  fromMs: number,
  toMs: number,
): { readonly price: Decimal; readonly trades: Trade[] } {
  const trades = exchange.trades(market.instrument.symbol, fromMs, toMs)
  const volume = trades.reduce((s, t) => s.plus(t.size), ZERO)
  const value = trades.reduce((s, t) => s.plus(t.size.mul(t.price)), ZERO)
  return { price: volume.isZero() ? lastPrice(exchange, market) : value.div(volume), trades }
}
