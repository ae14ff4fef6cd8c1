import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import type { Order, OrderStatus } from '../../lib/core/model.js'
import {
  applyOrderUpdate,
  canTransition,
  isOpen,
  isTerminal,
  ORDER_STATUSES,
  TERMINAL_STATUSES,
} from '../../lib/core/order-status.js'

// The lifecycle as specified, written out independently of the implementation's table.
const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  'pending-new': ['new', 'partially-filled', 'filled', 'rejected', 'canceled', 'expired'],
  new: ['partially-filled', 'filled', 'pending-cancel', 'canceled', 'expired'],
  'partially-filled': ['partially-filled', 'filled', 'pending-cancel', 'canceled', 'expired'],
  'pending-cancel': ['canceled', 'filled', 'partially-filled', 'new', 'expired'],
  filled: [],
  canceled: [],
  rejected: [],
  expired: [],
}
const ALL: OrderStatus[] = Object.keys(ALLOWED) as OrderStatus[]
const TERMINAL: OrderStatus[] = ['filled', 'canceled', 'rejected', 'expired']

const T0 = new Date('2024-01-01T00:00:00Z')

function order(status: OrderStatus, filled = '0', extra: Partial<Order> = {}): Order {
  return {
    venue: 'bybit',
    symbol: 'BTC/USDT',
    id: '1001',
    clientOrderId: 'c-1',
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price: new Decimal('65000'),
    quantity: new Decimal('1'),
    filledQuantity: new Decimal(filled),
    status,
    createdAt: T0,
    timestamp: T0,
    rawTimestamp: T0.getTime(),
    ...extra,
  }
}

describe('order status', () => {
  it('lists all eight statuses and the four terminal ones', () => {
    expect([...ORDER_STATUSES].sort()).to.deep.equal([...ALL].sort())
    expect([...TERMINAL_STATUSES].sort()).to.deep.equal([...TERMINAL].sort())
  })

  describe('canTransition over all 8×8 pairs', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const expected = from === to || ALLOWED[from].includes(to)
        it(`${from} → ${to}: ${expected ? 'allowed' : 'refused'}`, () => {
          expect(canTransition(from, to)).to.equal(expected)
        })
      }
    }
  })

  describe('applyOrderUpdate over all 8×8 status pairs (same quantities)', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        const allowed = ALLOWED[from].includes(to)
        const duplicate = from === to
        it(`${from} → ${to}`, () => {
          const prev = order(from, '0.5')
          const next = order(to, '0.5', { timestamp: new Date(T0.getTime() + 1000) })
          const r = applyOrderUpdate(prev, next)
          if (duplicate) {
            expect(r).to.deep.equal({ ok: true, order: prev, changed: false })
            if (r.ok) expect(r.order).to.equal(prev)
          } else if (allowed) {
            expect(r).to.deep.equal({ ok: true, order: next, changed: true })
          } else {
            expect(r.ok).to.equal(false)
            if (!r.ok) expect(r.reason).to.include(`${from} cannot become ${to}`)
          }
        })
      }
    }
  })

  it('isTerminal and isOpen partition the statuses', () => {
    for (const s of ALL) {
      expect(isTerminal(s), s).to.equal(TERMINAL.includes(s))
      expect(isOpen(s), s).to.equal(!TERMINAL.includes(s))
    }
  })

  describe('quantity rules', () => {
    it('accepts more fills while partially filled', () => {
      const prev = order('partially-filled', '0.2')
      const next = order('partially-filled', '0.7')
      expect(applyOrderUpdate(prev, next)).to.deep.equal({ ok: true, order: next, changed: true })
    })

    it('treats a repeat with the same quantity as a duplicate, however it is spelled', () => {
      const prev = order('partially-filled', '0.2')
      const r = applyOrderUpdate(prev, order('partially-filled', '0.20'))
      expect(r).to.deep.equal({ ok: true, order: prev, changed: false })
    })

    it('refuses a filled quantity that goes down, whatever the status', () => {
      for (const [from, to] of [
        ['partially-filled', 'partially-filled'],
        ['partially-filled', 'filled'],
        ['pending-cancel', 'canceled'],
        ['new', 'new'],
      ] as Array<[OrderStatus, OrderStatus]>) {
        const r = applyOrderUpdate(order(from, '0.5'), order(to, '0.3'))
        expect(r.ok, `${from} → ${to}`).to.equal(false)
        if (!r.ok) expect(r.reason).to.equal('filledQuantity went down from 0.5 to 0.3 (stale update)')
      }
    })

    it('refuses a terminal order that reappears with another quantity', () => {
      const r = applyOrderUpdate(order('canceled', '0.5'), order('canceled', '0.6'))
      expect(r.ok).to.equal(false)
      if (!r.ok) expect(r.reason).to.include('terminal')
      expect(applyOrderUpdate(order('filled', '1'), order('filled', '0.9')).ok).to.equal(false)
    })

    it('refuses FILLED → NEW even with the same quantity, and stale NEW after a fill', () => {
      expect(applyOrderUpdate(order('filled', '1'), order('new', '1')).ok).to.equal(false)
      expect(applyOrderUpdate(order('partially-filled', '0.4'), order('new', '0')).ok).to.equal(false)
    })

    it('accepts a rejected cancel going back to new or partially-filled', () => {
      expect(applyOrderUpdate(order('pending-cancel', '0'), order('new', '0')).ok).to.equal(true)
      const r = applyOrderUpdate(order('pending-cancel', '0.1'), order('partially-filled', '0.3'))
      expect(r.ok && r.changed).to.equal(true)
    })
  })

  describe('identity', () => {
    const cases: Array<[string, Partial<Order>, string]> = [
      ['clientOrderId', { clientOrderId: 'c-2' }, 'clientOrderId differs: c-1 vs c-2'],
      ['symbol', { symbol: 'ETH/USDT' }, 'symbol differs: BTC/USDT vs ETH/USDT'],
      ['side', { side: 'sell' }, 'side differs: buy vs sell'],
      ['venue', { venue: 'binance' }, 'venue differs: bybit vs binance'],
      ['venue order id', { id: '2002' }, 'order id differs: 1001 vs 2002'],
    ]
    for (const [field, change, reason] of cases) {
      it(`refuses an update whose ${field} differs`, () => {
        expect(applyOrderUpdate(order('new'), order('partially-filled', '0.1', change))).to.deep.equal({
          ok: false,
          reason,
        })
      })
    }

    it('learns the venue order id once and keeps it when a later update lacks it', () => {
      const pending = order('pending-new', '0', { id: undefined })
      const acked = order('new', '0', { id: '1001' })
      const first = applyOrderUpdate(pending, acked)
      expect(first).to.deep.equal({ ok: true, order: acked, changed: true })
      const fill = order('partially-filled', '0.4', { id: undefined, averagePrice: new Decimal('64999.5') })
      const second = applyOrderUpdate(acked, fill)
      expect(second.ok && second.order.id).to.equal('1001')
      expect(second.ok && second.order.averagePrice?.toString()).to.equal('64999.5')
    })
  })

  describe('changes other than status and quantity', () => {
    it('keeps optional fields the update leaves out, so a sparse duplicate is still a duplicate', () => {
      const prev = order('filled', '1', {
        averagePrice: new Decimal('65000'),
        quoteQuantity: new Decimal('65000'),
        reason: 'done',
      })
      const sparse = order('filled', '1', {
        averagePrice: undefined,
        quoteQuantity: undefined,
        id: undefined,
        reason: undefined,
      })
      expect(applyOrderUpdate(prev, sparse)).to.deep.equal({ ok: true, order: prev, changed: false })
    })

    it('carries the known fields into an accepted update that lacks them', () => {
      const prev = order('partially-filled', '0.2', { quoteQuantity: new Decimal('1000'), reason: 'r' })
      const next = order('partially-filled', '0.3', {
        quoteQuantity: undefined,
        price: undefined,
        id: undefined,
      })
      const r = applyOrderUpdate(prev, next)
      expect(r.ok && r.changed).to.equal(true)
      if (r.ok) {
        expect(r.order.filledQuantity.toFixed()).to.equal('0.3')
        expect([
          r.order.id,
          r.order.price?.toFixed(),
          r.order.quoteQuantity?.toFixed(),
          r.order.reason,
        ]).to.deep.equal(['1001', '65000', '1000', 'r'])
      }
    })

    it('reports a new average price as a change', () => {
      const prev = order('partially-filled', '0.5', { averagePrice: new Decimal('100') })
      const next = order('partially-filled', '0.5', { averagePrice: new Decimal('101') })
      const r = applyOrderUpdate(prev, next)
      expect(r).to.deep.equal({ ok: true, order: next, changed: true })
    })

    it('reports an amended price or quantity as a change', () => {
      expect(applyOrderUpdate(order('new'), order('new', '0', { price: new Decimal('64000') }))).to.include({
        changed: true,
      })
      expect(applyOrderUpdate(order('new'), order('new', '0', { quantity: new Decimal('2') }))).to.include({
        changed: true,
      })
    })
  })
})
