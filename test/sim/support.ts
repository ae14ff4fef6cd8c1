/**
 * A one-market matching engine for the engine's tests: BTC/USDT, tick 0.1, lot 0.001, a book of one
 * bid at 99.0 and one ask at 101.0, 10,000 USDT and 10 BTC, and every order and fill it reports.
 */
import { Decimal } from '../../lib/core/decimal.js'
import type { Fill, Order } from '../../lib/core/model.js'
import { Exchange, type ExchangeOptions } from '../../lib/sim/exchange.js'

export const d = (x: string | number) => new Decimal(x)

export const SYMBOL = 'BTC/USDT' as const

const instrument = {
  venue: 'mock' as const,
  symbol: SYMBOL,
  venueSymbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: d('0.1'),
  lotSize: d('0.001'),
  minSize: d('0.001'),
  status: 'trading' as const,
}

/** The engine (no fees unless `overrides` sets them), and what it reported. */
export function startEngine(overrides: Partial<ExchangeOptions> = {}) {
  const orders: Order[] = []
  const fills: Fill[] = []
  const ex = new Exchange(
    {
      id: 'mock',
      seed: 1,
      now: () => 1_700_000_000_000,
      mode: 'scripted',
      levels: 10,
      changesPerStep: 1,
      markets: new Map([
        [
          SYMBOL,
          {
            instrument,
            startPrice: d(100),
            maxLevelSize: d(1),
            script: [{ snapshot: true, bids: [['99.0', '1']], asks: [['101.0', '1']] }],
          },
        ],
      ]),
      balances: { USDT: '10000', BTC: '10' },
      makerFee: d(0),
      takerFee: d(0),
      historyLimit: 1000,
      postOnlyTaking: 'reject',
      ...overrides,
    },
    {
      trade: () => undefined,
      order: (o) => orders.push(o),
      fill: (f) => fills.push(f),
      balance: () => undefined,
      changed: () => undefined,
    },
  )
  return { ex, orders, fills }
}
