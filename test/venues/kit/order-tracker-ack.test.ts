/**
 * The order tracker takes a placement's acknowledgement as the order's first state when no push came
 * first, and the push in the same state that follows as nothing new: each state is emitted once.
 */
import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Order } from '../../../lib/core/model.js'
import { OrderTracker } from '../../../lib/venues/kit/trading/order-tracker.js'

const ACK: Order = {
  venue: 'bybit',
  symbol: 'BTC/USDT',
  id: '1',
  clientOrderId: 'cid-1',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  price: new Decimal('15600'),
  quantity: new Decimal('0.1'),
  filledQuantity: new Decimal(0),
  status: 'new',
  createdAt: new Date(0),
  timestamp: new Date(0),
  rawTimestamp: 0,
}

describe('kit: the order tracker and acknowledgements', () => {
  it('emits the acknowledgement, then not the push in the same state, then what changes', () => {
    const tracker = new OrderTracker(silentLogger)
    expect(tracker.acknowledge(ACK)).to.equal(ACK)
    const pushed = { ...ACK, averagePrice: new Decimal(0), timestamp: new Date(5) }
    expect(tracker.apply(pushed), 'the push of the acknowledged state').to.equal(undefined)
    expect(tracker.get('cid-1')?.averagePrice?.toFixed(), 'its fields kept').to.equal('0')
    const filled = { ...ACK, status: 'partially-filled', filledQuantity: new Decimal('0.05') } as const
    expect(tracker.apply(filled)?.status).to.equal('partially-filled')
    expect(tracker.apply(filled), 'a duplicate').to.equal(undefined)
  })

  it('drops an acknowledgement of an order a push already showed', () => {
    const tracker = new OrderTracker(silentLogger)
    expect(tracker.apply(ACK)).to.equal(ACK)
    expect(tracker.acknowledge(ACK)).to.equal(undefined)
  })

  it('emits a first push that differs from the acknowledgement', () => {
    const tracker = new OrderTracker(silentLogger)
    tracker.acknowledge(ACK)
    const canceled = { ...ACK, status: 'canceled' } as const
    expect(tracker.apply(canceled)?.status).to.equal('canceled')
  })
})

describe('kit: a push behind the acknowledged state', () => {
  it('is dropped quietly: the answer already said more (Binance FULL `filled`, then the push of NEW)', () => {
    const warnings: string[] = []
    const log = { ...silentLogger, warn: (m: string) => void warnings.push(m), child: () => log }
    const tracker = new OrderTracker(log)
    const filled = { ...ACK, status: 'filled', filledQuantity: new Decimal('0.1') } as const
    expect(tracker.acknowledge(filled)).to.equal(filled)
    expect(tracker.apply(ACK), 'the stale push of new').to.equal(undefined)
    expect(tracker.get('cid-1')?.status).to.equal('filled')
    expect(warnings).to.deep.equal([])
    // a regression of an order known from pushes is still news
    expect(tracker.apply(ACK)).to.equal(undefined)
    expect(warnings).to.have.length(1)
  })
})
