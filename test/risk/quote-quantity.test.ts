import { expect } from 'chai'
import { createRisk, type RiskOrder } from '../../lib/risk/index.js'
import { buy, d, FakeState } from './support.js'

/** A market buy of BTC/USDT on bybit sized in USDT. */
const quoteBuy = (quote: string): RiskOrder =>
  buy('0', '1', { type: 'market', price: undefined, quantity: undefined, quoteQuantity: d(quote) })

describe('risk: maxOrderQuantity of a market buy sized in the quote currency', () => {
  let state: FakeState
  beforeEach(() => {
    state = new FakeState()
    state.mids.set('bybit BTC/USDT', d('65000'))
  })

  it('converts the quote amount to base at the mid and refuses one over the limit', () => {
    const risk = createRisk({ maxOrderQuantity: '0.01' })
    const refused = risk.check(quoteBuy('6500'), state) // 0.1 BTC
    expect(refused).to.include({
      kind: 'risk-rejected',
      rule: 'max-order-quantity',
      limit: '0.01',
      value: '0.1',
    })
    expect(refused?.message).to.contain('6500 (quote)')
    expect(refused?.message).to.contain('quantity (6500 quote at the mid 65000) would be 0.1, limit 0.01')
  })

  it('lets one at or under the limit pass', () => {
    const risk = createRisk({ maxOrderQuantity: '0.1' })
    expect(risk.check(quoteBuy('6500'), state)).to.equal(undefined)
  })

  it('refuses, saying so, when there is no mid to convert by, and says it needs one', () => {
    const risk = createRisk({ maxOrderQuantity: '0.01' })
    expect(risk.needsMid?.(quoteBuy('1'))).to.equal(true)
    expect(risk.needsMid?.(buy('0.001'))).to.equal(false) // a base quantity needs none
    state.mids.clear()
    const refused = risk.check(quoteBuy('1'), state)
    expect(refused).to.include({ rule: 'max-order-quantity', value: 'no mid', limit: 'a known mid' })
  })

  it('still checks a base quantity without a mid', () => {
    state.mids.clear()
    const risk = createRisk({ maxOrderQuantity: '0.01' })
    const market = { type: 'market' as const, price: undefined }
    expect(risk.check(buy('0.02', '1', market), state)).to.include({
      rule: 'max-order-quantity',
      value: '0.02',
    })
    expect(risk.check(buy('0.01', '1', market), state)).to.equal(undefined)
  })
})
