import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import type { Fill, OrderRequest } from '../../lib/core/model.js'
import type { ExchangeOptions } from '../../lib/sim/exchange.js'
import { d, startEngine, SYMBOL } from './support.js'

const start = (overrides: Partial<ExchangeOptions> = {}) =>
  startEngine({ makerFee: d('0.001'), takerFee: d('0.002'), ...overrides })

/** What the fills say the balances moved by: value and fee, each in the asset the fill names. */
function movedByFills(fills: readonly Fill[]): { BTC: Decimal; USDT: Decimal } {
  const moved = { BTC: d(0), USDT: d(0) }
  for (const f of fills) {
    const value = f.price.mul(f.quantity)
    const sign = f.side === 'buy' ? 1 : -1
    moved.BTC = moved.BTC.plus(f.quantity.mul(sign))
    moved.USDT = moved.USDT.minus(value.mul(sign))
    const asset = f.feeAsset as 'BTC' | 'USDT'
    moved[asset] = moved[asset].minus(f.fee)
  }
  return moved
}

const limit = (side: 'buy' | 'sell', price: string, quantity: string): OrderRequest => ({
  symbol: SYMBOL,
  side,
  type: 'limit',
  price: d(price),
  quantity: d(quantity),
})

describe('Exchange engine: where fees are charged', () => {
  // a maker fill of 0.5 (at 98 for a buy, 102 for a sell) then a taker fill of 0.4 at the touch
  const cases = [
    {
      feeAsset: 'received',
      side: 'buy',
      fees: ['0.0005 BTC', '0.0008 BTC'],
      balances: { BTC: '10.8987', USDT: '9910.6' },
    },
    {
      feeAsset: 'quote',
      side: 'buy',
      fees: ['0.049 USDT', '0.0808 USDT'],
      balances: { BTC: '10.9', USDT: '9910.4702' },
    },
    {
      feeAsset: 'received',
      side: 'sell',
      fees: ['0.051 USDT', '0.0792 USDT'],
      balances: { BTC: '9.1', USDT: '10090.4698' },
    },
    {
      feeAsset: 'quote',
      side: 'sell',
      fees: ['0.051 USDT', '0.0792 USDT'],
      balances: { BTC: '9.1', USDT: '10090.4698' },
    },
  ] as const

  for (const c of cases) {
    it(`${c.feeAsset}, ${c.side}: balances after a maker and a taker fill move exactly as the fills say`, () => {
      const { ex, fills } = start({ feeAsset: c.feeAsset })
      const buy = c.side === 'buy'
      ex.place(limit(c.side, buy ? '98.0' : '102.0', '0.5'))
      // the market trades through the touch to the resting order
      ex.push(SYMBOL, {
        trades: [{ side: buy ? 'sell' : 'buy', price: buy ? '98.0' : '102.0', size: '1.5' }],
      })
      ex.place(limit(c.side, buy ? '101.0' : '99.0', '0.4'))

      expect(
        fills.map((f) => `${f.liquidity} ${f.quantity.toFixed()}`),
        'fills',
      ).to.deep.equal(['maker 0.5', 'taker 0.4'])
      expect(fills.map((f) => `${f.fee.toFixed()} ${f.feeAsset}`)).to.deep.equal(c.fees)
      const moved = movedByFills(fills)
      for (const asset of ['BTC', 'USDT'] as const) {
        const b = ex.balance(asset)
        expect(b.total.toFixed(), `${asset} total`).to.equal(c.balances[asset])
        expect(
          b.total.minus(asset === 'BTC' ? 10 : 10000).eq(moved[asset]),
          `${asset} as the fills say`,
        ).to.equal(true)
        expect(b.locked.isZero(), `${asset} nothing held once filled`).to.equal(true)
      }
    })
  }

  it('quote: a limit buy holds its value and the fee at the higher rate, and no more than it has', () => {
    const { ex } = start({ feeAsset: 'quote', balances: { USDT: '49.098', BTC: '0' } })
    const order = ex.place(limit('buy', '98.0', '0.5'))
    expect(ex.balance('USDT').locked.toFixed(), 'value 49 and fee at 0.002').to.equal('49.098')
    ex.cancel({ symbol: SYMBOL, clientOrderId: order.clientOrderId })
    expect(() => ex.place(limit('buy', '98.0', '0.501'))).to.throw(/needs 49\.196196 USDT/)
    // amending to a larger size holds the fee on the extra too
    const small = ex.place(limit('buy', '98.0', '0.1'))
    expect(() =>
      ex.amend({ symbol: SYMBOL, clientOrderId: small.clientOrderId }, { quantity: d('0.501') }),
    ).to.throw(/needs/)
    ex.amend({ symbol: SYMBOL, clientOrderId: small.clientOrderId }, { quantity: d('0.5') })
    expect(ex.balance('USDT').locked.toFixed()).to.equal('49.098')
  })

  it('quote: a taker limit buy filling below its limit and at the lower fee frees exactly the difference', () => {
    const { ex, fills } = start({ feeAsset: 'quote' })
    const order = ex.place(limit('buy', '102.0', '1.5'))
    // 1 taken at 101 (fee 0.202), 0.5 rests at 102 holding 51 and 0.102
    expect(order.status).to.equal('partially-filled')
    expect(ex.balance('USDT').locked.toFixed()).to.equal('51.102')
    expect(ex.balance('USDT').total.toFixed()).to.equal(d(10000).minus('101.202').toFixed())
    ex.push(SYMBOL, { trades: [{ side: 'sell', price: '102.0', size: '0.2' }] })
    // 0.2 at 102 as maker: 20.4 and 0.0204; 0.3 left holds 30.6 and 0.0612
    expect(ex.balance('USDT').locked.toFixed()).to.equal('30.6612')
    expect(ex.balance('USDT').total.minus(10000).eq(movedByFills(fills).USDT)).to.equal(true)
  })

  it('quote: a market buy by base needs its value and the taker fee', () => {
    const { ex } = start({ feeAsset: 'quote', balances: { USDT: '40.4', BTC: '0' } })
    const buy = { symbol: SYMBOL, side: 'buy', type: 'market', quantity: d('0.4') } as const
    expect(() => ex.place(buy)).to.throw(/needs 40\.4808 USDT/)
    ex.transfer('USDT', '0.0808')
    ex.place(buy)
    expect(ex.balance('USDT').total.isZero()).to.equal(true)
    expect(ex.balance('BTC').total.toFixed()).to.equal('0.4')
  })

  it('quote: a market buy by quote spends at most its quote quantity, the fee included', () => {
    const { ex, fills } = start({ feeAsset: 'quote' })
    const order = ex.place({ symbol: SYMBOL, side: 'buy', type: 'market', quoteQuantity: d('50.1') })
    // 50 of value leaves room for its fee: 0.495 lots at 101 (49.995) and 0.09999 fee
    expect(order.status).to.equal('filled')
    expect(fills.map((f) => `${f.quantity.toFixed()} ${f.fee.toFixed()} ${f.feeAsset}`)).to.deep.equal([
      '0.495 0.09999 USDT',
    ])
    expect(ex.balance('USDT').total.toFixed()).to.equal(d(10000).minus('50.09499').toFixed())
    expect(ex.balance('USDT').locked.isZero()).to.equal(true)
    expect(ex.balance('BTC').total.toFixed()).to.equal('10.495')
  })
})
