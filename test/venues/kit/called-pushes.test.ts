/**
 * The trading streams of a venue without an account socket: what its calls publish, with another
 * source's orders and fills (marble tests, virtual time).
 */
import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Fill, Order } from '../../../lib/core/model.js'
import { calledPushes } from '../../../lib/venues/kit/trading/called-pushes.js'

const order = (id: string): Order => ({
  venue: 'falconx',
  symbol: 'BTC/USD',
  id,
  clientOrderId: id,
  side: 'buy',
  type: 'market',
  timeInForce: 'FOK',
  quantity: new Decimal('1'),
  filledQuantity: new Decimal('1'),
  status: 'filled',
  createdAt: new Date(0),
  timestamp: new Date(0),
  rawTimestamp: 0,
})

const fill = (id: string): Fill => ({
  venue: 'falconx',
  symbol: 'BTC/USD',
  tradeId: id,
  orderId: id,
  side: 'buy',
  price: new Decimal('60000'),
  quantity: new Decimal('1'),
  fee: new Decimal(0),
  feeAsset: 'USD',
  timestamp: new Date(0),
  rawTimestamp: 0,
})

describe('kit: the pushes of a venue that pushes nothing (calledPushes)', () => {
  let scheduler: TestScheduler
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected)
    })
  })

  it('puts each published order, and its fill when there is one, on the streams, merged with another source', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const rfq = { orders$: cold('--r', { r: order('rfq-1') }), fills$: cold('--f', { f: fill('rfq-1') }) }
      const streams = calledPushes(rfq)
      const a = order('a')
      cold('-a---b').subscribe((id) =>
        expect(streams.publish(order(id), id === 'a' ? fill(id) : undefined)).to.deep.equal(order(id)),
      )
      expectObservable(streams.pushes.orders$, '^-----!').toBe('-ar--b', {
        a,
        r: order('rfq-1'),
        b: order('b'),
      })
      expectObservable(streams.pushes.fills$, '^-----!').toBe('-af', { a: fill('a'), f: fill('rfq-1') })
    })
  })

  it('pushes no balances and never a resubscription; another source is optional', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const streams = calledPushes()
      cold('-a').subscribe(() => streams.publish(order('a')))
      expectObservable(streams.pushes.orders$, '^--!').toBe('-a', { a: order('a') })
      expectObservable(streams.pushes.fills$, '^--!').toBe('')
      expectObservable(streams.pushes.balances$).toBe('|')
      expectObservable(streams.pushes.resubscribed$, '^--!').toBe('')
    })
  })
})
