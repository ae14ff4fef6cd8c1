import { expect } from 'chai'
import {
  asapScheduler,
  concatMap,
  defer,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  NEVER,
  observeOn,
  of,
  Subject,
  take,
  throwError,
  VirtualAction,
  VirtualTimeScheduler,
} from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import { VenueError } from '../../lib/core/errors.js'
import type { OrderAmendment, OrderRef, OrderRequest } from '../../lib/core/model.js'
import { createOrderManager, type OrderManager } from '../../lib/orders/index.js'
import { UNWATCH_AFTER_MS } from '../../lib/orders/book-watches.js'
import { createRisk } from '../../lib/risk/index.js'
import { memoryStore } from '../../lib/store/index.js'
import type { MockVenue } from '../../lib/venues/mock/index.js'
import type { VenueTrading } from '../../lib/venues/contract/trading.js'
import { createClient, type Client } from '../../streams/client.js'
import { clientOf, limitBuy, quietMock, T } from './support.js'

const d = (x: string) => new Decimal(x)
const bid = (id: string, price = '100', quantity = '0.5'): OrderRequest => limitBuy(id, price, quantity)
const failure = (e: unknown) => e

/** Bybit's answer to a cancel of an order it has finished (170213), as the drivers type it. */
const notFound = () =>
  new VenueError({ kind: 'not-found', venue: 'mock', code: 170213, message: 'Order does not exist.' })

describe('order manager commands', () => {
  let mock: MockVenue
  let client: Client
  let manager: OrderManager | undefined

  /** A client whose mock venue trades through `wrap(mock.trading)`. */
  const wrapped = (wrap: (t: VenueTrading) => VenueTrading) => {
    const trading = wrap(mock.trading)
    return createClient({ drivers: { mock: { ...mock, trading } as MockVenue }, logger: silentLogger })
  }
  const start = async (options: Partial<Parameters<typeof createOrderManager>[0]> = {}) => {
    const m = createOrderManager({ client, venues: ['mock'], markets: [['mock', T]], ...options })
    manager = m
    await m.ready()
    return m
  }

  beforeEach(() => {
    mock = quietMock()
    client = clientOf(mock)
    manager = undefined
  })
  afterEach(async () => {
    await manager?.close()
    await client.close()
  })

  describe('cancel', () => {
    it('an order filled while its cancel is on its way: the order as it finished, not not-found', async () => {
      // the venue fills the order as the cancel arrives, then answers it as Bybit (170213) and Binance (-2011) do
      await client.close()
      client = wrapped((t) => ({
        ...t,
        cancelOrder: () =>
          defer(() => {
            mock.push(T, { trades: [{ side: 'sell', size: '0.1' }] })
            return throwError(notFound)
          }),
      }))
      const m = await start()
      await firstValueFrom(m.place('mock', bid('r1', '100.5', '0.1'))) // the best bid
      mock.faults.disconnect({ downMs: 60_000 }) // the manager hears of the fill only by asking
      const done = await firstValueFrom(m.cancel('mock', 'r1'))
      expect(done).to.include({ clientOrderId: 'r1', status: 'filled' })
      expect(m.state.order('mock', 'r1')?.status).to.equal('filled')
    })

    it('an order not found at all: the refusal, naming the order', async () => {
      await client.close()
      client = wrapped((t) => ({
        ...t,
        cancelOrder: () => throwError(notFound),
        getOrder: () => throwError(notFound),
      }))
      const m = await start()
      await firstValueFrom(m.place('mock', bid('r2', '99.5', '0.1')))
      const refused = await firstValueFrom(m.cancel('mock', 'r2')).catch(failure)
      expect(refused).to.be.instanceOf(VenueError)
      expect(refused).to.include({ kind: 'not-found', clientOrderId: 'r2', code: 170213 })
      expect((refused as VenueError).message).to.contain('r2')
    })

    it('an order the manager knows finished: emitted as it is, nothing sent', async () => {
      const m = await start()
      await firstValueFrom(m.place('mock', { ...bid('f1', '101', '0.1'), timeInForce: 'IOC' })) // takes the ask
      await firstValueFrom(m.place('mock', bid('f2', '99.5', '0.1')))
      await firstValueFrom(m.cancel('mock', 'f2'))
      const sent = mock.calls.cancelOrder
      expect((await firstValueFrom(m.cancel('mock', 'f1'))).status).to.equal('filled')
      expect((await firstValueFrom(m.cancel('mock', 'f2'))).status).to.equal('canceled')
      const f2 = m.state.order('mock', 'f2')
      expect((await firstValueFrom(m.cancel('mock', { symbol: T, id: f2?.id ?? '?' }))).status).to.equal(
        'canceled',
      )
      expect(mock.calls.cancelOrder).to.equal(sent)
    })
  })

  describe('orders named by venue id', () => {
    /** An amend the mock lacks: changes the order as asked, counting the calls. */
    const amending = (calls: { ref: OrderRef; changes: OrderAmendment }[], hold?: Subject<void>) =>
      wrapped((t) => ({
        ...t,
        amendOrder: (ref: OrderRef, changes: OrderAmendment) =>
          defer(() => {
            calls.push({ ref, changes })
            const answer = t.getOrder(ref)
            return hold === undefined
              ? answer
              : hold.pipe(
                  take(1),
                  concatMap(() => answer),
                )
          }),
      }))

    it('an amend of an order that ended is refused naming its state, nothing sent', async () => {
      const calls: { ref: OrderRef; changes: OrderAmendment }[] = []
      await client.close()
      client = amending(calls)
      const m = await start()
      await firstValueFrom(m.place('mock', bid('e1', '99.5', '0.5')))
      await firstValueFrom(m.cancel('mock', 'e1'))
      const refused = await firstValueFrom(m.amend('mock', 'e1', { quantity: d('0.4') })).catch(failure)
      expect(refused).to.include({ kind: 'invalid-request', clientOrderId: 'e1' })
      expect((refused as Error).message).to.equal('order e1 is canceled: nothing to amend')
      expect(calls).to.have.length(0)
    })

    it('an amend by venue id sees the risk checks, as by client order id', async () => {
      const calls: { ref: OrderRef; changes: OrderAmendment }[] = []
      await client.close()
      client = amending(calls)
      const m = await start({ risk: { maxOrderQuantity: '1' } })
      const ack = await firstValueFrom(m.place('mock', bid('g1', '99.5', '0.5')))
      const refused = await firstValueFrom(
        m.amend('mock', { symbol: T, id: ack.id ?? '?' }, { quantity: d('2') }),
      ).catch(failure)
      expect(refused).to.include({ kind: 'risk-rejected', rule: 'max-order-quantity', clientOrderId: 'g1' })
      expect(calls).to.have.length(0)
      await firstValueFrom(m.amend('mock', { symbol: T, id: ack.id ?? '?' }, { quantity: d('0.8') }))
      expect(calls).to.have.length(1)
      expect(calls[0]?.ref).to.include({ clientOrderId: 'g1', id: ack.id })
    })

    it('an amend of an order the manager does not know is looked up first, then checked', async () => {
      const calls: { ref: OrderRef; changes: OrderAmendment }[] = []
      await client.close()
      client = amending(calls)
      const m = await start({ risk: { maxOrderQuantity: '1' } })
      // placed outside the manager, unheard of (the streams are down)
      mock.faults.disconnect({ downMs: 60_000 })
      const outside = await firstValueFrom(mock.trading.placeOrder(bid('x1', '99.5', '0.5')))
      const refused = await firstValueFrom(
        m.amend('mock', { symbol: T, id: outside.id ?? '?' }, { quantity: d('2') }),
      ).catch(failure)
      expect(refused).to.include({ kind: 'risk-rejected', clientOrderId: 'x1' })
      expect(calls).to.have.length(0)
    })

    it('a command by venue id waits in the lane of the order, behind one by client order id', async () => {
      const calls: { ref: OrderRef; changes: OrderAmendment }[] = []
      const hold = new Subject<void>()
      await client.close()
      client = amending(calls, hold)
      const m = await start()
      const ack = await firstValueFrom(m.place('mock', bid('l1', '99.5', '0.5')))
      const first = lastValueFrom(m.amend('mock', 'l1', { quantity: d('0.4') }))
      const second = lastValueFrom(m.amend('mock', { symbol: T, id: ack.id ?? '?' }, { quantity: d('0.3') }))
      await Promise.resolve()
      expect(calls).to.have.length(1) // the second waits for the first
      hold.next()
      await first
      hold.next()
      await second
      expect(calls.map((c) => c.changes.quantity?.toFixed())).to.deep.equal(['0.4', '0.3'])
    })
  })

  describe('order$', () => {
    it('reads the order when subscribed, not when made', async () => {
      const m = await start()
      const early = m.order$('mock', 's1') // before the order exists
      await firstValueFrom(m.place('mock', bid('s1', '99.5', '0.5')))
      const later = m.order$('mock', 's1')
      await firstValueFrom(m.cancel('mock', 's1'))
      expect((await firstValueFrom(early)).status).to.equal('canceled')
      expect((await firstValueFrom(later)).status).to.equal('canceled')
    })

    it('a stream subscribed before the order exists emits it once it appears', async () => {
      const m = await start()
      const seen: string[] = []
      const sub = m.order$('mock', 's2').subscribe((o) => seen.push(o.status))
      await firstValueFrom(m.place('mock', bid('s2', '99.5', '0.5')))
      sub.unsubscribe()
      expect(seen).to.deep.equal(['pending-new', 'new'])
    })
  })

  describe('risk rules that need a mid', () => {
    it('a symbol not in `markets`: its book is watched and its first mid waited for, then checked', async () => {
      const m = await start({ markets: undefined, risk: { priceBand: '0.05' } })
      const placed = await firstValueFrom(m.place('mock', bid('p1', '99.5', '0.1')))
      expect(placed.status).to.equal('new')
      expect(m.state.mid('mock', T)?.toFixed()).to.equal('100.5') // watched from now on
      const refused = await firstValueFrom(m.place('mock', bid('p2', '90', '0.1'))).catch(failure)
      expect(refused).to.include({ kind: 'risk-rejected', rule: 'price-band' })
    })

    it('an unknown symbol is refused as such, not by the risk checks', async () => {
      const m = await start({ markets: undefined, risk: { priceBand: '0.05' } })
      const refused = await firstValueFrom(m.place('mock', { ...bid('p3'), symbol: 'TST/USX' })).catch(
        failure,
      )
      expect(refused).to.include({ kind: 'invalid-request' })
      expect((refused as Error).message).to.match(/did you mean TST\/USD/)
    })

    it('a book that gives no mid within the deadline: refused, naming the `markets` option', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
      const silent = {
        account: (venue: string) => client.account(venue),
        events$: () => client.events$(),
        orderBook$: () => NEVER,
      }
      const m = await start({
        client: silent,
        scheduler: clock,
        markets: undefined,
        risk: { priceBand: '0.05' },
      })
      const result = firstValueFrom(m.place('mock', bid('p4', '99.5', '0.1'))).catch(failure)
      clock.flush()
      const refused = await result
      expect(refused).to.include({ kind: 'risk-rejected', rule: 'price-band', value: 'no mid' })
      expect((refused as Error).message).to.contain('`markets`')
      expect(mock.calls.placeOrder).to.equal(0)
    })
  })

  describe('periodic reconciliation', () => {
    it('an update and a fill a live socket never delivered are found while orders are open', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 60_000 + 1000)
      let deaf = false
      await client.close()
      client = wrapped((t) => ({
        ...t,
        orderUpdates$: () => t.orderUpdates$().pipe(filter(() => !deaf)),
        fills$: () => t.fills$().pipe(filter(() => !deaf)),
      }))
      const m = await start({ scheduler: clock })
      const events: string[] = []
      m.events$.subscribe((e) => events.push(e.type === 'reconciled' ? `${e.type} ${e.reason}` : e.type))
      await firstValueFrom(m.place('mock', bid('p1', '100.5', '0.1'))) // the best bid, alone
      deaf = true // the socket stays open and says nothing more
      mock.push(T, { trades: [{ side: 'sell', size: '0.1' }] }) // fills it
      expect(m.state.order('mock', 'p1')?.status).to.equal('new')
      const reconciled = firstValueFrom(
        m.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'periodic')),
      )
      clock.flush() // a minute on
      await reconciled
      expect(m.state.order('mock', 'p1')?.status).to.equal('filled')
      expect(m.state.position('mock', T).toFixed()).to.equal('0.1')
      expect(events).to.include.members(['difference', 'reconciled periodic'])
    })

    it('puts no open-orders list over an amend answered while the list was on its way', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 60_000 + 1000)
      const answer = new Subject<void>()
      let holding = false
      await client.close()
      client = wrapped((t) => ({
        ...t,
        // an amend the venue answers with the order's new quantity (the mock has no amends of its own)
        amendOrder: (ref: OrderRef, changes: OrderAmendment) =>
          t.getOrder(ref).pipe(map((o) => ({ ...o, quantity: changes.quantity ?? o.quantity }))),
        // the list is read when asked, and answered when the test says
        openOrders: (symbol) =>
          defer(() => {
            const list = lastValueFrom(t.openOrders(symbol))
            return holding
              ? answer.pipe(
                  take(1),
                  concatMap(() => list),
                )
              : list
          }),
      }))
      const m = await start({ scheduler: clock, risk: { maxPosition: '1' } })
      await firstValueFrom(m.place('mock', bid('a1', '99.5', '0.1')))
      holding = true
      const reconciled = firstValueFrom(
        m.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'periodic')),
      )
      clock.flush() // the periodic pass asks for the list (0.1 open)
      const amended = await firstValueFrom(m.amend('mock', 'a1', { quantity: d('0.9') }))
      expect(amended.quantity.toFixed()).to.equal('0.9')
      answer.next() // the list read before the amend arrives
      await reconciled
      expect(m.state.order('mock', 'a1')?.quantity.toFixed()).to.equal('0.9')
      const refused = await firstValueFrom(m.place('mock', bid('a2', '99.5', '0.8'))).catch(failure)
      expect(refused, 'the amended order counts whole').to.include({ kind: 'risk-rejected' })
    })

    it('finds the fill of an order that ended since the last pass, though none is open now', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 60_000 + 1000)
      await client.close()
      // the order's end is heard, its fill is not
      client = wrapped((t) => ({ ...t, fills$: () => t.fills$().pipe(filter(() => false)) }))
      const m = await start({ scheduler: clock })
      await firstValueFrom(m.place('mock', { ...bid('e1', '101', '0.5'), timeInForce: 'IOC' })) // takes the ask
      await firstValueFrom(m.order$('mock', 'e1').pipe(filter((o) => o.status === 'filled')))
      expect(m.state.position('mock', T).toFixed()).to.equal('0')
      expect(m.state.openOrders('mock')).to.deep.equal([])
      const reconciled = firstValueFrom(
        m.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'periodic')),
      )
      clock.flush()
      await reconciled
      expect(m.state.position('mock', T).toFixed()).to.equal('0.5')
    })

    it('counts no fill twice that the venue lists under another trade id than it first reported', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 60_000 + 1000)
      await client.close()
      client = wrapped((t) => ({
        ...t,
        // the venue's list names its fills otherwise than the fill first reported (one it derived)
        fillHistory: (query) =>
          (t.fillHistory?.(query) ?? of([])).pipe(
            map((fills) => fills.map((f) => ({ ...f, tradeId: `listed-${f.tradeId}` }))),
          ),
      }))
      const m = await start({ scheduler: clock })
      await firstValueFrom(m.place('mock', { ...bid('d1', '101', '0.5'), timeInForce: 'IOC' })) // takes the ask
      await firstValueFrom(m.order$('mock', 'd1').pipe(filter((o) => o.status === 'filled')))
      await firstValueFrom(m.positions$().pipe(filter(() => !m.state.position('mock', T).isZero())))
      await firstValueFrom(m.place('mock', bid('d2', '99.5', '0.1'))) // open: the periodic pass runs
      const reconciled = firstValueFrom(
        m.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'periodic')),
      )
      clock.flush()
      await reconciled
      expect(m.state.position('mock', T).toFixed()).to.equal('0.5')
    })

    it('asks nothing while no order is open, and nothing at all with reconcileEveryMs 0', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 10 * 60_000)
      const m = await start({ scheduler: clock })
      const reasons: string[] = []
      m.events$.subscribe((e) => e.type === 'reconciled' && reasons.push(e.reason))
      clock.flush()
      expect(reasons).to.deep.equal([])
      const off = createOrderManager({ client, venues: ['mock'], scheduler: clock, reconcileEveryMs: 0 })
      await off.ready()
      await firstValueFrom(off.place('mock', bid('q1', '99.5', '0.1')))
      const offReasons: string[] = []
      off.events$.subscribe((e) => e.type === 'reconciled' && offReasons.push(e.reason))
      clock.flush()
      expect(offReasons).to.deep.equal([])
      await off.close()
    })
  })

  describe('a caller that stops waiting', () => {
    it('a placement on its way runs to its outcome: the order is settled, not left pending-new', async () => {
      const hold = new Subject<void>()
      const sent: string[] = []
      await client.close()
      client = wrapped((t) => ({
        ...t,
        placeOrder: (request) =>
          defer(() => {
            sent.push(request.clientOrderId ?? '?')
            // on its way: it reaches the venue, and is answered, when the test says
            const placed = t.placeOrder(request)
            return hold.pipe(
              take(1),
              concatMap(() => placed),
            )
          }),
      }))
      const m = await start()
      const waiting = m.place('mock', bid('u1', '99.5', '0.1')).subscribe()
      await firstValueFrom(m.order$('mock', 'u1')) // counted open, pending-new
      expect(sent).to.deep.equal(['u1'])
      waiting.unsubscribe() // the caller gives up (a timeout of its own)
      hold.next()
      const settled = await firstValueFrom(m.order$('mock', 'u1').pipe(filter((o) => o.status === 'new')))
      expect(settled.id).to.be.a('string')
      expect(sent).to.deep.equal(['u1'])
    })

    it("a cancel after the caller gave up waits in the order's lane for the placement, then cancels it", async () => {
      const hold = new Subject<void>()
      await client.close()
      client = wrapped((t) => ({
        ...t,
        placeOrder: (request) =>
          hold.pipe(
            take(1),
            concatMap(() => t.placeOrder(request)),
          ),
      }))
      const m = await start()
      const waiting = m.place('mock', bid('u2', '99.5', '0.1')).subscribe()
      await firstValueFrom(m.order$('mock', 'u2'))
      waiting.unsubscribe()
      const canceled = firstValueFrom(m.cancel('mock', 'u2'))
      await Promise.resolve()
      expect(mock.calls.cancelOrder ?? 0, 'the cancel waits for the placement').to.equal(0)
      hold.next()
      expect(await canceled).to.include({ clientOrderId: 'u2', status: 'canceled' })
    })
  })

  describe('symbols in any case', () => {
    it('a `markets` entry in lower case warms the book orders read', async () => {
      const m = await start({ markets: [['mock', 'tst/usd' as typeof T]] })
      await firstValueFrom(m.positions$().pipe(filter(() => m.state.mid('mock', T) !== undefined)))
      expect(m.state.mid('mock', T)?.toFixed()).to.equal('100.5')
    })

    it("a lower-case symbol meets the symbol's own limits, and its order is kept and updated under one spelling", async () => {
      const m = await start({
        risk: { venues: { mock: { symbols: { [T]: { maxOpenOrders: 1 } } } } },
      })
      const placed = await firstValueFrom(m.place('mock', { ...bid('k1', '99.5', '0.1'), symbol: 'tst/usd' }))
      expect(placed.symbol).to.equal(T)
      const refused = await firstValueFrom(
        m.place('mock', { ...bid('k2', '99.5', '0.1'), symbol: 'tst/usd' }),
      ).catch(failure)
      expect(refused).to.include({ kind: 'risk-rejected', rule: 'max-open-orders' })
      expect(m.state.openOrders('mock', T).map((o) => o.clientOrderId)).to.deep.equal(['k1'])
      expect((await firstValueFrom(m.openOrders$({ symbol: 'tst/usd' }))).length).to.equal(1)
      const canceled = await firstValueFrom(m.cancel('mock', { symbol: 'tst/usd', id: placed.id ?? '?' }))
      expect(canceled).to.include({ clientOrderId: 'k1', status: 'canceled', symbol: T })
      expect(mock.calls.placeOrder).to.equal(1)
    })
  })

  describe('book watches', () => {
    it('a book is unwatched a minute after the fill that closes its position, even one heard after its order finished', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 2 * UNWATCH_AFTER_MS + 1000)
      // each fill heard just after the order update that says its order finished
      await client.close()
      client = wrapped((t) => ({ ...t, fills$: () => t.fills$().pipe(observeOn(asapScheduler)) }))
      // no periodic reconciliation: its timer would run the virtual clock to its end at the first flush
      const m = await start({ scheduler: clock, markets: undefined, reconcileEveryMs: 0 })
      const filled = (id: string) =>
        firstValueFrom(m.order$('mock', id).pipe(filter((o) => o.status === 'filled')))
      // a buy taking the best ask, then a sell taking the best bid: flat again
      await firstValueFrom(m.place('mock', bid('w1', '101', '0.1')))
      await filled('w1')
      await firstValueFrom(m.positions$().pipe(filter(() => !m.state.position('mock', T).isZero())))
      // a minute on: the unwatch w1's end asked for finds the position open, and keeps the book
      clock.flush()
      expect(m.state.mid('mock', T)?.toFixed()).to.equal('100.5')
      await firstValueFrom(m.place('mock', { ...bid('w2', '100', '0.1'), side: 'sell' }))
      await filled('w2')
      // the sell's fill, heard after its order finished or before
      await firstValueFrom(m.positions$().pipe(filter(() => m.state.position('mock', T).isZero())))
      expect(m.state.mid('mock', T)?.toFixed()).to.equal('100.5') // watched while needed
      clock.flush()
      expect(m.state.mid('mock', T), 'unwatched, its mid forgotten').to.equal(undefined)
    })
  })

  describe('closing while a venue is being reconciled at start-up', () => {
    it('fails a place and a cancel-all waiting for it as closed, not with an empty result', async () => {
      mock.faults.latency(2000)
      const m = createOrderManager({ client, venues: [], markets: [] })
      manager = m
      const placed = firstValueFrom(m.place('mock', bid('s1', '99.5', '0.1'))).catch(failure)
      const canceled = firstValueFrom(m.cancelAll({ venue: 'mock' })).catch(failure)
      await m.close()
      for (const refused of [await placed, await canceled]) {
        expect(refused).to.be.instanceOf(VenueError)
        expect(refused).to.include({ kind: 'invalid-request' })
        expect((refused as Error).message).to.contain('the order manager is closed')
      }
      expect(mock.calls.placeOrder).to.equal(0)
    })
  })

  describe('closing while a placement is being journaled', () => {
    it('sends nothing, and the placement fails as closed', async () => {
      const s = memoryStore()
      let journaled: (() => void) | undefined
      const slow = {
        ...s,
        saveIntent: (i: Parameters<typeof s.saveIntent>[0]) =>
          i.state === 'pending'
            ? new Promise<void>((resolve) => (journaled = () => resolve(s.saveIntent(i))))
            : s.saveIntent(i),
      }
      const m = await start({ store: slow })
      const result = firstValueFrom(m.place('mock', bid('j1', '99.5', '0.1'))).catch(failure)
      await firstValueFrom(m.order$('mock', 'j1')) // counted open; its intent not yet saved
      await m.close()
      journaled?.()
      const refused = await result
      expect(refused).to.include({ kind: 'invalid-request', clientOrderId: 'j1' })
      expect((refused as Error).message).to.contain('the order manager is closed')
      expect(mock.calls.placeOrder).to.equal(0)
    })
  })

  describe('closing while a placement waits for a mid', () => {
    it('fails the placement as closed, not as a risk refusal, and sends nothing', async () => {
      const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
      const silent = {
        account: (venue: string) => client.account(venue),
        events$: () => client.events$(),
        orderBook$: () => NEVER,
      }
      const m = await start({
        client: silent,
        scheduler: clock,
        markets: undefined,
        risk: { priceBand: '0.05' },
      })
      const result = firstValueFrom(m.place('mock', bid('c1', '99.5', '0.1'))).catch(failure)
      await Promise.resolve()
      await m.close()
      clock.flush()
      const refused = await result
      expect(refused).to.include({ kind: 'invalid-request', clientOrderId: 'c1' })
      expect((refused as Error).message).to.contain('the order manager is closed')
      expect(mock.calls.placeOrder).to.equal(0)
    })
  })

  describe('client order ids of placements that placed nothing', () => {
    it('a placement the venue refused (429) frees its id: the same id may be placed again', async () => {
      const m = await start()
      mock.faults.failNext(1, 'rate-limit', { operation: 'placeOrder' })
      const refused = await firstValueFrom(m.place('mock', bid('r1', '99.5', '0.1'))).catch(failure)
      expect(refused).to.include({ kind: 'rate-limit' })
      expect(m.state.order('mock', 'r1')?.status).to.equal('rejected')
      const placed = await firstValueFrom(m.place('mock', bid('r1', '99.5', '0.1')))
      expect(placed).to.include({ clientOrderId: 'r1', status: 'new' })
      expect(mock.calls.placeOrder).to.equal(2)
    })

    it('a placement refused before it was sent (off the tick) frees its id', async () => {
      const m = await start()
      const refused = await firstValueFrom(m.place('mock', bid('t1', '99.3', '0.1'))).catch(failure)
      expect(refused).to.include({ kind: 'invalid-request' })
      expect((await firstValueFrom(m.place('mock', bid('t1', '99.5', '0.1')))).status).to.equal('new')
    })

    it('a placement whose outcome is unknown keeps its id used', async () => {
      const m = await start()
      mock.faults.failNext(1, 'timeout', { operation: 'placeOrder' })
      const lost = await firstValueFrom(m.place('mock', bid('u1', '99.5', '0.1'))).catch(failure)
      expect(lost).to.include({ kind: 'timeout' })
      const again = await firstValueFrom(m.place('mock', bid('u1', '99.5', '0.1'))).catch(failure)
      expect(again).to.include({ kind: 'invalid-request' })
      expect((again as Error).message).to.contain('u1 was used before')
    })

    it('stays free across a restart on the same store, and once the model no longer keeps the order', async () => {
      const s = memoryStore()
      let m = await start({ store: s, keepFinishedOrders: 1 })
      mock.faults.failNext(2, 'rate-limit', { operation: 'placeOrder' })
      await firstValueFrom(m.place('mock', bid('k1', '99.5', '0.1'))).catch(failure)
      await firstValueFrom(m.place('mock', bid('k2', '99.5', '0.1'))).catch(failure)
      expect(m.state.order('mock', 'k1'), 'forgotten by the model').to.equal(undefined)
      expect(s.hasOrder('mock', 'k1')).to.equal(false)
      expect((await firstValueFrom(m.place('mock', bid('k1', '99.5', '0.1')))).status).to.equal('new')
      expect(s.hasOrder('mock', 'k1')).to.equal(true)
      await m.close()
      m = await start({ store: s })
      expect(m.state.order('mock', 'k2')?.status).to.equal('rejected')
      expect((await firstValueFrom(m.place('mock', bid('k2', '99.5', '0.1')))).status).to.equal('new')
    })
  })

  describe('errors of order commands name the order', () => {
    const names = (e: unknown, clientOrderId: string) => {
      expect(e).to.be.instanceOf(VenueError)
      expect(e).to.include({ clientOrderId })
      expect((e as Error).message).to.contain(clientOrderId)
    }

    it('a venue failure of a place, an amend and a cancel', async () => {
      await client.close()
      const refusal = () => new VenueError({ kind: 'invalid-request', venue: 'mock', message: 'refused' })
      client = wrapped((t) => ({ ...t, amendOrder: () => throwError(refusal) }))
      const m = await start()
      mock.faults.failNext(1, 'auth', { operation: 'placeOrder' })
      const placed = await firstValueFrom(m.place('mock', bid('e1', '99.5', '0.1'))).catch(failure)
      names(placed, 'e1')
      expect(placed).to.include({ kind: 'auth' })
      await firstValueFrom(m.place('mock', bid('e2', '99.5', '0.1')))
      const amended = await firstValueFrom(m.amend('mock', 'e2', { quantity: d('0.2') })).catch(failure)
      names(amended, 'e2')
      expect((amended as Error).message).to.equal('order e2: refused')
      mock.faults.failNext(1, 'temporary', { operation: 'cancelOrder' })
      names(await firstValueFrom(m.cancel('mock', 'e2')).catch(failure), 'e2')
    })

    it('a place while the venue is not ready, and one refused as a request', async () => {
      mock.faults.failNext(1_000, 'network', { operation: 'openOrders' })
      const m = createOrderManager({ client, venues: ['mock'] })
      manager = m
      const refused = await firstValueFrom(m.place('mock', bid('e3', '99.5', '0.1'))).catch(failure)
      names(refused, 'e3')
      expect((refused as Error).message).to.contain('mock is not ready')
      const numeric = { ...bid('e4'), price: 99.5 } as unknown as OrderRequest
      names(await firstValueFrom(m.place('mock', numeric)).catch(failure), 'e4')
      mock.faults.reset()
      await m.ready()
      await firstValueFrom(m.place('mock', bid('e5', '99.5', '0.1')))
      const text = { quantity: '0.2' } as unknown as { quantity: Decimal }
      names(await firstValueFrom(m.amend('mock', 'e5', text)).catch(failure), 'e5')
    })
  })

  describe('after close', () => {
    it('kill() trips nothing and fails as every command does; risk.events$ completes', async () => {
      const m = await start({ risk: { maxOrderQuantity: '1' } })
      let completed = false
      m.risk.events$.subscribe({ complete: () => (completed = true) })
      await m.close()
      expect(completed).to.equal(true)
      const killed = await firstValueFrom(m.kill('halt')).catch(failure)
      expect(killed).to.include({ kind: 'invalid-request' })
      expect((killed as Error).message).to.contain('closed')
      expect(m.risk.tripped).to.equal(false)
    })

    it('a risk the manager was given is not closed with it', async () => {
      const risk = createRisk({ maxOrderQuantity: '1' })
      const m = await start({ risk })
      let completed = false
      risk.events$.subscribe({ complete: () => (completed = true) })
      await m.close()
      expect(completed).to.equal(false)
    })
  })
})
