import { expect } from 'chai'
import { closestNames, didYouMean } from '../../lib/core/suggest.js'

const SYMBOLS = ['ETH/USDT', 'BTC/USDT', 'BTC/USDC', 'SOL/USDT', 'XRP/USDT']

describe('closestNames', () => {
  it('ranks a one-letter slip before a two-letter one, keeping list order on ties', () => {
    expect(closestNames('BTC/USDX', SYMBOLS)).to.deep.equal(['BTC/USDT', 'BTC/USDC'])
    expect(closestNames('BTC/USTC', SYMBOLS)).to.deep.equal(['BTC/USDC', 'BTC/USDT'])
  })

  it('ignores case and separators, and counts a swapped pair of letters as one edit', () => {
    expect(closestNames('btcusdt', SYMBOLS)[0]).to.equal('BTC/USDT')
    expect(closestNames('BTC-USDT', SYMBOLS)[0]).to.equal('BTC/USDT')
    expect(closestNames('BTC/UDST', SYMBOLS)[0]).to.equal('BTC/USDT')
    expect(closestNames('bianance', ['bybit', 'binance', 'coinbase'])).to.deep.equal(['binance'])
  })

  it('returns nothing for a name that is far from every candidate, and at most `max` names', () => {
    expect(closestNames('DOGE/EUR', SYMBOLS)).to.deep.equal([])
    expect(closestNames('X', ['A', 'B', 'C', 'D'], 2)).to.deep.equal(['A', 'B'])
  })
})

describe('didYouMean', () => {
  it('names the closest, else lists a short list, else says nothing', () => {
    expect(didYouMean('mok', ['bybit', 'mock'])).to.equal('; did you mean mock?')
    expect(didYouMean('kraken', ['bybit', 'binance'])).to.equal('; valid: bybit, binance')
    const many = Array.from({ length: 20 }, (_, i) => `C${i}/USDT`)
    expect(didYouMean('DOGE/EUR', many)).to.equal('')
  })
})
