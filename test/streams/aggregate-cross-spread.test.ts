import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { crossSpread, type MarketPair, type StaleReason } from '../../streams/aggregate/index.js'
import { levels, pairState, type Side } from './aggregate-support.js'

const state = (pair: MarketPair, bids: Side, asks: Side, stale?: StaleReason, lastBookAt = 0) =>
  pairState(pair, levels(bids), levels(asks), { stale, lastBookAt })

const dec = (d: Decimal | undefined) => d?.toString()
const BYBIT: MarketPair = ['bybit', 'BTC/USDT']
const BINANCE: MarketPair = ['binance', 'BTC/USDT']

describe('crossSpread', () => {
  it('gives what buying on one venue and selling on the other gains, and the mid difference', () => {
    const s = crossSpread(
      state(BYBIT, [['64990', '1']], [['65010', '1']], undefined, 100),
      state(BINANCE, [['65022.5', '2']], [['65042.5', '3']], undefined, 150),
      200,
    )
    expect(dec(s.buyASellB)).to.equal('12.5') // 65022.5 − 65010
    expect(dec(s.buyBSellA)).to.equal('-52.5') // 64990 − 65042.5
    expect(dec(s.midDiff)).to.equal('32.5') // 65032.5 − 65000
    expect(dec(s.midDiffBps)).to.equal('5') // 32.5 / 65000 = 0.0005
    expect(s.stale).to.equal(false)
    expect(s.at.getTime()).to.equal(200)
    expect(s.a).to.include({ venue: 'bybit', ageMs: 100 })
    expect(s.b).to.include({ venue: 'binance', ageMs: 50 })
  })

  it('measures the mid difference from the mid of A', () => {
    const s = crossSpread(
      state(BYBIT, [['99', '1']], [['101', '1']]),
      state(BINANCE, [['100', '1']], [['103', '1']]),
      0,
    )
    expect(dec(s.midDiff)).to.equal('1.5')
    expect(dec(s.midDiffBps)).to.equal('150')
  })

  it('gives no difference while either pair is stale, and says so', () => {
    for (const [a, b] of [
      [state(BYBIT, [['99', '1']], [['101', '1']], 'silent'), state(BINANCE, [['100', '1']], [['103', '1']])],
      [
        state(BYBIT, [['99', '1']], [['101', '1']]),
        state(BINANCE, [['100', '1']], [['103', '1']], 'disconnected'),
      ],
    ] as const) {
      const s = crossSpread(a, b, 0)
      expect(s.stale).to.equal(true)
      expect([s.buyASellB, s.buyBSellA, s.midDiff, s.midDiffBps]).to.deep.equal([
        undefined,
        undefined,
        undefined,
        undefined,
      ])
      expect(dec(s.a.bid?.price)).to.equal('99')
      expect(dec(s.b.ask?.price)).to.equal('103')
    }
  })

  it('leaves out a difference whose side is missing', () => {
    const s = crossSpread(state(BYBIT, [['99', '1']], []), state(BINANCE, [['100', '1']], [['103', '1']]), 0)
    expect(s.buyASellB).to.equal(undefined)
    expect(dec(s.buyBSellA)).to.equal('-4')
    expect(s.midDiff).to.equal(undefined)
    expect(s.midDiffBps).to.equal(undefined)
    expect(s.stale).to.equal(false)
  })
})
