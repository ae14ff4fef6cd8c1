import { Decimal } from '../../lib/core/decimal.js'
import type { Side, UnifiedSymbol, VenueId } from '../../lib/core/model.js'
import type { RiskOrder, RiskState } from '../../lib/risk/index.js'

export const d = (x: string | number) => new Decimal(x)

/** A risk state whose figures a test sets by hand; everything else is zero. */
export class FakeState implements RiskState {
  time = 1_700_000_000_000
  mids = new Map<string, Decimal>()
  positions = new Map<string, Decimal>()
  open = new Map<string, Decimal>()
  assets = new Map<string, Decimal>()
  flows = new Map<string, Decimal>()
  counts = new Map<string, number>()
  pnls = new Map<string, Decimal>()

  now(): number {
    return this.time
  }
  mid(venue: VenueId, symbol: UnifiedSymbol): Decimal | undefined {
    return this.mids.get(`${venue} ${symbol}`)
  }
  position(venue: VenueId, symbol: UnifiedSymbol): Decimal {
    return this.positions.get(`${venue} ${symbol}`) ?? d(0)
  }
  openQuantity(venue: VenueId, symbol: UnifiedSymbol, side: Side): Decimal {
    return this.open.get(`${venue} ${symbol} ${side}`) ?? d(0)
  }
  assetPosition(venue: VenueId, asset: string): Decimal {
    return this.assets.get(`${venue} ${asset}`) ?? d(0)
  }
  openAssetFlow(venue: VenueId, asset: string, direction: 'in' | 'out'): Decimal {
    return this.flows.get(`${venue} ${asset} ${direction}`) ?? d(0)
  }
  openOrderCount(venue?: VenueId, symbol?: UnifiedSymbol): number {
    return this.counts.get([venue ?? '*', symbol ?? ''].join(' ').trim()) ?? 0
  }
  pnl(venue?: VenueId, symbol?: UnifiedSymbol): Decimal {
    return this.pnls.get([venue ?? '*', symbol ?? ''].join(' ').trim()) ?? d(0)
  }
  baseOf(symbol: UnifiedSymbol): string {
    return symbol.split('/')[0] ?? ''
  }
  quoteOf(symbol: UnifiedSymbol): string {
    return symbol.split('/')[1] ?? ''
  }
}

/** A limit buy of BTC/USDT on bybit. */
export function buy(quantity: string, price = '60000', extra: Partial<RiskOrder> = {}): RiskOrder {
  return {
    venue: 'bybit',
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    price: d(price),
    quantity: d(quantity),
    clientOrderId: 'o1',
    ...extra,
  }
}

/** A limit sell of BTC/USDT on bybit. */
export function sell(quantity: string, price = '60000', extra: Partial<RiskOrder> = {}): RiskOrder {
  return { ...buy(quantity, price, extra), side: 'sell', ...extra }
}
