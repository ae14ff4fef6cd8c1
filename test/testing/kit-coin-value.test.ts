import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import type { UnifiedSymbol } from '../../lib/core/model.js'
import type { Exchange } from '../../lib/sim/exchange.js'
import { coinValue } from '../../lib/testing/kit/coin-value.js'
import type { SimMarket } from '../../lib/testing/kit/options.js'

const d = (v: string) => new Decimal(v)

describe('simulator kit: coinValue', () => {
  const btc = {
    instrument: { symbol: 'BTC/USDT' },
    config: { startPrice: d('65000') },
  } as unknown as SimMarket
  const markets = new Map<UnifiedSymbol, SimMarket>([['BTC/USDT', btc]])
  let ticker: Record<string, Decimal | undefined> = {}
  const exchange = { ticker: () => ticker } as unknown as Exchange
  const usd = coinValue(exchange, markets, { stable: ['USDT', 'USDC'], quote: 'USDT' })

  it('values a stable coin at one and a coin no market prices at nothing', () => {
    expect(String(usd('USDT'))).to.equal('1')
    expect(String(usd('USDC'))).to.equal('1')
    expect(usd('ETH')).to.equal(undefined)
  })

  it('values a coin at its mid price, else its last trade, else its start price', () => {
    ticker = { bid: d('99'), ask: d('101'), last: d('150') }
    expect(String(usd('BTC'))).to.equal('100')
    ticker = { bid: d('99'), last: d('150') }
    expect(String(usd('BTC'))).to.equal('150')
    ticker = {}
    expect(String(usd('BTC'))).to.equal('65000')
  })
})
