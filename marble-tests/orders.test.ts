import { expect } from 'chai'
import { catchError, filter, map, mergeMap, of, timer } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../lib/core/decimal.js'
import type { VenueError } from '../lib/core/errors.js'
import type { Order, OrderRequest } from '../lib/core/model.js'
import { createOrderManager, Lanes } from '../lib/orders/index.js'
import { clientOf, quietMock, T } from '../test/orders/support.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

const bid = (id: string): OrderRequest => ({
  symbol: T,
  side: 'buy',
  type: 'limit',
  price: new Decimal('99.5'),
  quantity: new Decimal('0.1'),
  clientOrderId: id,
})
const status = map((o: Order) => `${o.clientOrderId} ${o.status}`)
const asText = catchError((e: VenueError & { rule?: string }) => of(`${e.kind} ${e.rule ?? ''}`))

describe('lanes (marble)', () => {
  it('runs work of one key in subscription order, other keys side by side', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const lanes = new Lanes()
      expectObservable(lanes.run('a', () => cold('30ms (x|)'))).toBe('30ms (x|)')
      expectObservable(lanes.run('a', () => cold('10ms (y|)'))).toBe('40ms (y|)')
      expectObservable(lanes.run('b', () => cold('10ms (z|)'))).toBe('10ms (z|)')
      // a failure frees the lane as a completion does
      expectObservable(lanes.run('c', () => cold('5ms #'))).toBe('5ms #')
      expectObservable(lanes.run('c', () => cold('5ms (w|)'))).toBe('10ms (w|)')
    })
  })

  it('an unsubscribed waiting command never runs; a running one frees the lane', () => {
    const scheduler = newScheduler()
    let ran = 0
    scheduler.run(({ cold, expectObservable }) => {
      const lanes = new Lanes()
      expectObservable(
        lanes.run('a', () => cold('30ms (x|)')),
        '^ 20ms !',
      ).toBe('')
      expectObservable(
        lanes.run('a', () => (ran++, cold('10ms (y|)'))),
        '^ 10ms !',
      ).toBe('')
      // the first is unsubscribed at 21 ms (`^` takes a frame), the second waited and never ran
      expectObservable(lanes.run('a', () => cold('10ms (z|)'))).toBe('31ms (z|)')
    })
    expect(ran).to.equal(0)
  })
})

describe('order manager (marble, mock venue answering in 10 ms)', () => {
  it('serializes commands per client order id: a cancel waits for its placement, another order does not', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const mock = quietMock({ scheduler })
      mock.faults.latency(10)
      const manager = createOrderManager({ client: clientOf(mock, scheduler), venues: ['mock'], scheduler })
      // start-up reconciliation (open orders) answers at 10 ms; then the commands go
      expectObservable(manager.place('mock', bid('a1')).pipe(status)).toBe('20ms (a|)', { a: 'a1 new' })
      expectObservable(manager.cancel('mock', { symbol: T, clientOrderId: 'a1' }).pipe(status)).toBe(
        '30ms (c|)',
        { c: 'a1 canceled' },
      )
      expectObservable(manager.place('mock', bid('b1')).pipe(status)).toBe('20ms (b|)', { b: 'b1 new' })
      expectObservable(manager.place('mock', bid('a1')).pipe(status, asText)).toBe('30ms (e|)', {
        e: 'invalid-request ',
      })
      scheduler.schedule(() => void manager.close(), 100)
    })
  })

  it('the kill switch cancels every open order, then refuses new ones', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const mock = quietMock({ scheduler })
      mock.faults.latency(10)
      const manager = createOrderManager({
        client: clientOf(mock, scheduler),
        venues: ['mock'],
        scheduler,
        risk: { killSwitch: { cancelOpenOrders: true } },
      })
      for (const id of ['k1', 'k2', 'k3'])
        expectObservable(manager.place('mock', bid(id)).pipe(status)).toBe('20ms (a|)', { a: `${id} new` })
      const killed = timer(50).pipe(
        mergeMap(() => manager.kill('halt')),
        map((canceled) => canceled.map((o) => `${o.clientOrderId} ${o.status}`).join(', ')),
      )
      expectObservable(killed).toBe('60ms (k|)', { k: 'k1 canceled, k2 canceled, k3 canceled' })
      const open = timer(61).pipe(
        mergeMap(() => manager.openOrders$()),
        map((o) => o.length),
      )
      expectObservable(open, '^ 62ms !').toBe('61ms n', { n: 0 })
      const late = timer(70).pipe(
        mergeMap(() => manager.place('mock', bid('k4'))),
        status,
        asText,
      )
      expectObservable(late).toBe('70ms (r|)', { r: 'risk-rejected kill-switch' })
      scheduler.schedule(() => void manager.close(), 100)
    })
  })

  it("a lost answer's lookup the breaker refuses is asked again until it gets through", () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const mock = quietMock({ scheduler })
      mock.faults.latency(10)
      mock.faults.failNext(1, 'timeout', { operation: 'placeOrder', applied: true })
      mock.faults.failNext(2, 'circuit-open', { operation: 'getOrder' })
      const manager = createOrderManager({ client: clientOf(mock, scheduler), venues: ['mock'], scheduler })
      expectObservable(manager.place('mock', bid('a1')).pipe(status, asText)).toBe('20ms (t|)', {
        t: 'timeout ',
      })
      // looked up at 20 and refused at 30, again 500 ms later (refused at 540), again 1 s later
      const settled = manager.events$.pipe(
        filter((e) => e.type === 'difference'),
        map((e) => (e.type === 'difference' ? `${e.kind} ${e.order?.status ?? ''}` : '')),
      )
      expectObservable(settled, '^ 3000ms !').toBe('1550ms p 1449ms |', { p: 'intent-placed new' })
      scheduler.schedule(() => void manager.close(), 3000)
    })
  })

  it('a reconciliation after a reconnect goes on through an open breaker until it gets through', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const mock = quietMock({ scheduler })
      mock.faults.latency(10)
      const manager = createOrderManager({ client: clientOf(mock, scheduler), venues: ['mock'], scheduler })
      scheduler.schedule(() => {
        mock.faults.failNext(5, 'circuit-open', { operation: 'openOrders' })
        mock.faults.disconnect()
      }, 100)
      // refused at 110, then after 1, 2, 4, 8 and 16 s (each answered 10 ms later): through at 31 160 ms
      const reconciliations = manager.events$.pipe(
        filter((e) => e.type === 'reconciled' || e.type === 'reconcile-failed'),
        map((e) => (e.type === 'reconciled' ? `${e.type} ${e.reason}` : e.type)),
      )
      expectObservable(reconciliations, '^ 40000ms !').toBe(
        '10ms s 99ms f 1009ms f 2009ms f 4009ms f 8009ms f 16009ms r 8839ms |',
        { s: 'reconciled start-up', f: 'reconcile-failed', r: 'reconciled reconnect' },
      )
      scheduler.schedule(() => void manager.close(), 40_000)
    })
  })

  it('cancel-all goes on through an open breaker until the venue takes it', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const mock = quietMock({ scheduler })
      mock.faults.latency(10)
      const manager = createOrderManager({ client: clientOf(mock, scheduler), venues: ['mock'], scheduler })
      expectObservable(manager.place('mock', bid('c1')).pipe(status)).toBe('20ms (a|)', { a: 'c1 new' })
      // refused at 40 and 550, through at 1 560 (asked after 500 ms, then 1 s)
      const all = timer(30).pipe(
        mergeMap(() => {
          mock.faults.failNext(2, 'circuit-open', { operation: 'cancelAllOrders' })
          return manager.cancelAll()
        }),
        map((canceled) => canceled.map((o) => `${o.clientOrderId} ${o.status}`).join(', ')),
      )
      expectObservable(all).toBe('1560ms (k|)', { k: 'c1 canceled' })
      scheduler.schedule(() => void manager.close(), 2000)
    })
  })
})
