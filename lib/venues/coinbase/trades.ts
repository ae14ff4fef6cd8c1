/**
 * Coinbase's public trades in the model's terms, from the socket and from REST alike.
 */
import type { Trade, UnifiedSymbol } from '../../core/model.js'
import type { CoinbaseMarketTrade } from './codecs.js'

/**
 * A public trade of Coinbase as the model's: `side` is the taker's, where Coinbase names the resting
 * (maker) order's (its feeds' docs: "BUY/SELL from maker perspective"; see README.md).
 *
 * @example
 * toTrade('BTC/USD', { trade_id: '1', product_id: 'BTC-USD', price, size, side: 'SELL', time }).side // 'buy'
 */
export function toTrade(symbol: UnifiedSymbol, t: CoinbaseMarketTrade): Trade {
  return {
    venue: 'coinbase',
    symbol,
    id: t.trade_id,
    price: t.price,
    size: t.size,
    side: t.side === 'BUY' ? 'sell' : 'buy',
    ...t.time,
  }
}

/**
 * Trades oldest first: by time, then by trade id where both are numbers (the venue lists newest
 * first, and trades of one match share a time).
 *
 * @example
 * inTradeOrder(answer.trades.map((t) => toTrade('BTC/USD', t)))
 */
export function inTradeOrder(trades: Trade[]): Trade[] {
  return trades.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || compareIds(a.id, b.id))
}

/** Two numeric ids compared as numbers (by length, then digits); others are left as they are. */
function compareIds(a: string, b: string): number {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return 0
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}
