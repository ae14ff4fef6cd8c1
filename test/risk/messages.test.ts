import { expect } from 'chai'
import { createRisk } from '../../lib/risk/index.js'
import { buy, d, FakeState } from './support.js'

describe('risk: refusal messages and the mids the checks need', () => {
  let state: FakeState
  beforeEach(() => {
    state = new FakeState()
    state.mids.set('bybit BTC/USDT', d('65000'))
  })

  it('a figure worked out to many digits is rounded in the message, kept exact in the error', () => {
    const risk = createRisk({ priceBand: '0.1' })
    const refused = risk.check(buy('0.1', '71509.99'), state) // (71509.99 − 65000) / 65000
    expect(refused?.value).to.equal('0.1001536923076923076923076923076923076923')
    expect(refused?.message).to.contain('would be about 0.1001536923, limit 0.1')
  })

  it('a rounded figure never reads as the limit it went past', () => {
    const risk = createRisk({ priceBand: '0.1' })
    const refused = risk.check(buy('0.1', '71500.0000001'), state)
    expect(refused?.message).to.match(/would be about 0\.10000000000\d*[1-9], limit 0\.1$/)
  })

  it('a missing mid and a tripped kill switch are said in words', () => {
    const risk = createRisk({ priceBand: '0.05' })
    state.mids.clear()
    const noMid = risk.check(buy('0.1'), state)
    expect(noMid).to.include({ rule: 'price-band', value: 'no mid', limit: 'a known mid' })
    expect(noMid?.message).to.contain('price-band: no live mid of the bybit BTC/USDT book')
    expect(noMid?.message).to.contain('`markets`')
    expect(noMid?.message).not.to.contain('would be')
    risk.trip('manual halt')
    const halted = risk.check(buy('0.1'), state)
    expect(halted?.message).to.match(/kill-switch: the kill switch is tripped \(manual halt\)$/)
  })

  it('says which orders need a mid', () => {
    const risk = createRisk({ priceBand: '0.05', venues: { binance: { maxOrderNotional: '100' } } })
    expect(risk.needsMid?.(buy('0.1'))).to.equal(true)
    expect(createRisk({ maxOrderQuantity: '1' }).needsMid?.(buy('0.1'))).to.equal(false)
    const market = { type: 'market' as const, price: undefined, venue: 'binance' }
    expect(
      createRisk({ venues: { binance: { maxOrderNotional: '100' } } }).needsMid?.(buy('0.1', '1', market)),
    ).to.equal(true)
  })
})
