import { expect } from 'chai'
import { POST_ONLY_WOULD_TAKE } from '../../lib/sim/exchange.js'
import { d, startEngine } from './support.js'

const start = startEngine

describe('Exchange engine', () => {
  it('charges a fee to the places the venue reports, exactly without them', () => {
    // a sell of 0.001 at 99.0 at 0.0015: 0.0001485 USDT; to 6 places, 0.000149
    const sell = { symbol: 'BTC/USDT', side: 'sell', type: 'market', quantity: d('0.001') } as const
    const exact = start({ takerFee: d('0.0015') })
    exact.ex.place(sell)
    expect(exact.ex.balance('USDT').total.toFixed()).to.equal('10000.0988515')
    const rounded = start({ takerFee: d('0.0015'), feePlaces: 6 })
    rounded.ex.place(sell)
    expect(rounded.ex.balance('USDT').total.toFixed()).to.equal('10000.098851')
  })

  it('a post-only order that would take is refused, or accepted and cancelled, as configured', () => {
    const { ex } = start()
    expect(() =>
      ex.place({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        price: d(101),
        quantity: d(1),
        timeInForce: 'PostOnly',
      }),
    ).to.throw(/post-only/)
    const cancelling = start({ postOnlyTaking: 'cancel' })
    const o = cancelling.ex.place({
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      price: d(101),
      quantity: d(1),
      timeInForce: 'PostOnly',
    })
    expect(o).to.include({ status: 'canceled', reason: POST_ONLY_WOULD_TAKE })
    expect(cancelling.orders.map((x) => x.status)).to.deep.equal(['new', 'canceled'])
    expect(cancelling.ex.balance('USDT').locked.toNumber()).to.equal(0)
  })

  it('amend: a smaller quantity keeps the queue place, a new price loses it, funds follow exactly', () => {
    const { ex } = start()
    const a = ex.place({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d(98), quantity: d(2) })
    const b = ex.place({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d(98), quantity: d(1) })
    const refA = { symbol: 'BTC/USDT' as const, id: a.id! }
    const refB = { symbol: 'BTC/USDT' as const, id: b.id! }
    expect(ex.balance('USDT').locked.toString()).to.equal('294')
    ex.amend(refA, { quantity: d('1.5') })
    expect(ex.queueAhead(refB)?.toString(), 'b still behind a').to.equal('2.5')
    expect(ex.balance('USDT').locked.toString()).to.equal('245')
    ex.amend(refA, { price: d(98.5) })
    expect(ex.queueAhead(refA)?.toString()).to.equal('1')
    expect(ex.queueAhead(refB)?.toString(), 'a now ahead by price').to.equal('2.5')
    ex.amend(refB, { quantity: d(2) })
    expect(ex.queueAhead(refB)?.toString()).to.equal('2.5')
    expect(ex.balance('USDT').locked.toString()).to.equal(d('98.5').mul('1.5').plus(196).toString())
    expect(() => ex.amend(refA, { quantity: d(0) })).to.throw()
    expect(() => ex.amend(refA, { quantity: d(1000) })).to.throw(/needs/)
  })

  it('amend to a crossing price trades like a new order and rests the rest', () => {
    const { ex } = start()
    const a = ex.place({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d(98), quantity: d(3) })
    const amended = ex.amend({ symbol: 'BTC/USDT', id: a.id! }, { price: d(101) })
    expect(amended).to.include({ status: 'partially-filled' })
    expect(amended.filledQuantity.toString()).to.equal('1')
    expect(ex.book('BTC/USDT').bids[0]).to.deep.equal({ price: d(101), size: d(2) })
    expect(ex.balance('USDT').locked.toString()).to.equal('202')
    expect(ex.balance('USDT').free.toString()).to.equal(String(10000 - 101 - 202))
  })
})
