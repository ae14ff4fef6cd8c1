import { expect } from 'chai'
import { decode } from '../../../lib/codec/index.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { BinanceOrderRecord } from '../../../lib/venues/binance/private-codecs.js'
import { toOrder } from '../../../lib/venues/binance/private-mappers.js'
import { BTCUSDT } from './private-fake.js'
import { fixture } from './public-fakes.js'

describe('binance toOrder: the average fill price', () => {
  const symbols = new SymbolMap('binance', [BTCUSDT])
  const average = (executedQty: string, cummulativeQuoteQty: string) => {
    const [record] = fixture<Record<string, unknown>[]>('rest-all-orders')
    const raw = { ...record, symbol: 'BTCUSDT', status: 'PARTIALLY_FILLED', executedQty, cummulativeQuoteQty }
    return toOrder(decode(BinanceOrderRecord, raw, 'test'), symbols)?.averagePrice?.toFixed()
  }

  it('is the quote filled over the base filled, exact', () => {
    expect(average('0.002', '120.0005')).to.equal('60000.25')
  })

  it('is absent before any fill and when the venue gives a negative quote figure (some historical orders)', () => {
    expect(average('0', '0')).to.equal(undefined)
    expect(average('0.002', '-1')).to.equal(undefined)
  })
})
