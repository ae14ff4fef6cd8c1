import { expect } from 'chai'
import {
  concat,
  defer,
  finalize,
  NEVER,
  of,
  merge,
  Subject,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  throwError,
  timer,
  VirtualAction,
  VirtualTimeScheduler,
} from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { createLogger } from '../../lib/core/logging.js'
import { VenueError } from '../../lib/core/errors.js'
import type { Order, OrderBook, OrderRequest, UnifiedSymbol } from '../../lib/core/model.js'
import { createOrderManager, type OrderManager } from '../../lib/orders/index.js'
import { memoryStore } from '../../lib/store/index.js'
import type { PlaceOrderOptions, VenueTrading } from '../../lib/venues/contract/trading.js'
import type { MockVenue } from '../../lib/venues/mock/index.js'
import type { Client } from '../../streams/client.js'
import { clientOf, limitBuy, quietMock, T } from './support.js'

const d = (x: string) => new Decimal(x)
const bid = (id: string, price = '99.5', quantity = '0.1'): OrderRequest => limitBuy(id, price, quantity)

describe('order manager: placements whose outcome it concluded itself', () => {
  let mock: MockVenue
  let client: Client
  let manager: OrderManager
  let warned: string[]
  const logger = () =>
    createLogger({
      name: 'test',
      level: 'warn',
      sink: {
        trace: () => undefined,
        debug: () => undefined,
        info: () => undefined,
        warn: (m) => warned.push(m),
        error: () => undefined,
      },
    })

  /** A client whose `mock` account is `wrap` of the mock's. */
  const wrapped = (wrap: (t: VenueTrading) => VenueTrading) => ({
    account: (venue: string) => wrap(client.account(venue)),
    events$: () => client.events$(),
    orderBook$: (venue: string, symbol: UnifiedSymbol) => client.orderBook$(venue, symbol),
  })
  /** The first placement is refused with `kind`, while the venue gets it all the same (a misread answer). */
  const misread =
    (kind: 'insufficient-funds' | 'not-found') =>
    (t: VenueTrading): VenueTrading => {
      let first = true
      return {
        ...t,
        placeOrder: (r) =>
          defer(() => {
            if (!first) return t.placeOrder(r)
            first = false
            return throwError(
              () =>
                new VenueError({ kind, venue: 'mock', clientOrderId: r.clientOrderId, message: 'refused?' }),
            )
          }),
      }
    }

  beforeEach(() => {
    warned = []
    mock = quietMock()
    client = clientOf(mock)
  })
  afterEach(async () => {
    await manager.close()
    await client.close()
  })

  it('a failure of a kind that does not say nothing was placed is looked up, and its id kept', async () => {
    const s = memoryStore()
    manager = createOrderManager({ client, venues: ['mock'], markets: [['mock', T]], store: s })
    await manager.ready()
    mock.faults.failNext(1, 'not-found', { operation: 'placeOrder', applied: true })
    const failed = await lastValueFrom(manager.place('mock', bid('k1'))).catch((e: unknown) => e)
    expect(failed).to.include({ kind: 'not-found' })
    // the lookup found it on the venue
    expect(s.load().intents.map((i) => `${i.clientOrderId} ${i.state}`)).to.deep.equal(['k1 placed'])
    expect(manager.state.order('mock', 'k1')?.status).to.equal('new')
    const again = await lastValueFrom(manager.place('mock', bid('k1'))).catch((e: unknown) => e)
    expect(String(again)).to.match(/was used before/)
    expect(mock.calls.placeOrder).to.equal(1)
  })

  it('a refusal that frees the id: rate-limit (not sent by the deadline) settles failed, and the id is free', async () => {
    manager = createOrderManager({ client, venues: ['mock'], markets: [['mock', T]] })
    await manager.ready()
    mock.faults.failNext(1, 'rate-limit', { operation: 'placeOrder' })
    await lastValueFrom(manager.place('mock', bid('k2'))).catch((e: unknown) => e)
    expect(manager.state.order('mock', 'k2')?.status).to.equal('rejected')
    expect((await lastValueFrom(manager.place('mock', bid('k2')))).status).to.equal('new')
  })

  it("the venue's push corrects an order the manager took as refused, and says so", async () => {
    const s = memoryStore()
    manager = createOrderManager({
      client: wrapped(misread('insufficient-funds')),
      venues: ['mock'],
      markets: [['mock', T]],
      store: s,
      logger: logger(),
    })
    await manager.ready()
    await lastValueFrom(manager.place('mock', bid('p1'))).catch(() => undefined)
    expect(manager.state.order('mock', 'p1')?.status).to.equal('rejected')
    // the venue had it after all: its push
    const pushed = firstValueFrom(manager.order$('mock', 'p1').pipe(filter((o) => o.status === 'new')))
    await firstValueFrom(mock.trading.placeOrder(bid('p1')))
    await pushed
    expect(manager.state.order('mock', 'p1')?.status).to.equal('new')
    expect(manager.state.openOrderCount('mock')).to.equal(1)
    expect(warned.some((m) => m.includes('took as never placed'))).to.equal(true)
    // the id is in use now
    const again = await lastValueFrom(manager.place('mock', bid('p1'))).catch((e: unknown) => e)
    expect(String(again)).to.match(/was used before/)
  })

  it('a push never undoes an end the venue reported', async () => {
    const stale = new Subject<Order>()
    const withStale = (t: VenueTrading): VenueTrading => ({
      ...t,
      orderUpdates$: () => merge(t.orderUpdates$(), stale),
    })
    manager = createOrderManager({
      client: wrapped(withStale),
      venues: ['mock'],
      markets: [['mock', T]],
      logger: logger(),
    })
    await manager.ready()
    const ack = await firstValueFrom(manager.place('mock', bid('v1')))
    await firstValueFrom(manager.cancel('mock', 'v1'))
    // a stale push of the order before its cancel
    stale.next(ack)
    expect(manager.state.order('mock', 'v1')?.status).to.equal('canceled')
    expect(warned).to.deep.equal([])
  })

  it('a cancel of an order the manager took as refused is sent, and cancels it on the venue', async () => {
    // the venue's pushes of the order are lost: only the cancel's answer tells
    const noPushes = (t: VenueTrading): VenueTrading => ({
      ...misread('insufficient-funds')(t),
      orderUpdates$: () => t.orderUpdates$().pipe(filter((o) => o.clientOrderId !== 'c1')),
    })
    manager = createOrderManager({ client: wrapped(noPushes), venues: ['mock'], markets: [['mock', T]] })
    await manager.ready()
    await lastValueFrom(manager.place('mock', bid('c1'))).catch(() => undefined)
    await firstValueFrom(mock.trading.placeOrder(bid('c1')))
    expect(manager.state.order('mock', 'c1')?.status).to.equal('rejected')
    const canceled = await firstValueFrom(manager.cancel('mock', 'c1'))
    expect(canceled.status).to.equal('canceled')
    expect(await firstValueFrom(mock.trading.openOrders(T))).to.deep.equal([])
    expect(manager.state.order('mock', 'c1')?.status).to.equal('canceled')
  })

  it('a cancel of an order the venue refused asks the venue, and answers the refused order', async () => {
    manager = createOrderManager({ client, venues: ['mock'], markets: [['mock', T]] })
    await manager.ready()
    await lastValueFrom(manager.place('mock', bid('c2', '100', '5000'))).catch(() => undefined)
    expect(manager.state.order('mock', 'c2')?.status).to.equal('rejected')
    const before = mock.calls.cancelOrder
    const answer = await firstValueFrom(manager.cancel('mock', 'c2'))
    expect(answer.status).to.equal('rejected')
    expect(mock.calls.cancelOrder).to.equal(before + 1)
  })

  it('a placement settled absent frees its id: the same order may be placed again', async () => {
    const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
    const s = memoryStore()
    manager = createOrderManager({
      client,
      venues: ['mock'],
      markets: [['mock', T]],
      store: s,
      absentAfterMs: 20,
      scheduler: clock,
    })
    await manager.ready()
    mock.faults.failNext(1, 'timeout', { operation: 'placeOrder' })
    const absent = firstValueFrom(
      manager.events$.pipe(filter((e) => e.type === 'difference' && e.kind === 'intent-absent')),
    )
    await lastValueFrom(manager.place('mock', bid('a1'))).catch(() => undefined)
    clock.flush()
    await absent
    expect(s.hasOrder('mock', 'a1')).to.equal(false)
    const again = await lastValueFrom(manager.place('mock', bid('a1')))
    expect(again.status).to.equal('new')
    expect(s.load().intents.map((i) => `${i.clientOrderId} ${i.state}`)).to.deep.equal(['a1 placed'])
  })

  it('the time a placement waited for a mid counts against its deadline: heldMs', async () => {
    const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
    const held: (number | undefined)[] = []
    const book: OrderBook = {
      venue: 'mock',
      symbol: T,
      timestamp: new Date(0),
      rawTimestamp: 0,
      bids: [{ price: d('100'), size: d('1') }],
      asks: [{ price: d('101'), size: d('1') }],
    }
    const c = {
      ...wrapped((t) => ({
        ...t,
        placeOrder: (r: OrderRequest, o?: PlaceOrderOptions) => {
          held.push(o?.heldMs)
          return t.placeOrder(r)
        },
      })),
      // the first mid comes 4.9 s after the order is asked for; the book stays open
      orderBook$: () => concat(timer(4900, clock).pipe(map(() => book)), NEVER),
    }
    manager = createOrderManager({
      client: c,
      venues: ['mock'],
      scheduler: clock,
      risk: { priceBand: '0.05' },
    })
    await manager.ready()
    const placed = lastValueFrom(manager.place('mock', bid('h1')))
    clock.flush()
    expect((await placed).status).to.equal('new')
    expect(held).to.deep.equal([4900])
    // a mid already there: held 0 ms
    const next = lastValueFrom(manager.place('mock', bid('h2')))
    clock.flush()
    await next
    expect(held).to.deep.equal([4900, 0])
  })
})

describe('order manager: the books it watches', () => {
  let mock: MockVenue
  let client: Client
  let manager: OrderManager
  const book: OrderBook = {
    venue: 'mock',
    symbol: T,
    timestamp: new Date(0),
    rawTimestamp: 0,
    bids: [{ price: d('100'), size: d('1') }],
    asks: [{ price: d('101'), size: d('1') }],
  }

  beforeEach(() => {
    mock = quietMock()
    client = clientOf(mock)
  })
  afterEach(async () => {
    await manager.close()
    await client.close()
  })

  it('a book the venue refused is asked for again by the next order that needs it', async () => {
    let asked = 0
    const c = {
      account: (venue: string) => client.account(venue),
      events$: () => client.events$(),
      // not listed at first (a symbol the venue lists from the next day on, say)
      orderBook$: () =>
        defer(() =>
          ++asked === 1
            ? throwError(
                () => new VenueError({ kind: 'invalid-request', venue: 'mock', message: 'no such symbol' }),
              )
            : of(book),
        ),
    }
    manager = createOrderManager({ client: c, venues: ['mock'], risk: { priceBand: '0.05' } })
    await manager.ready()
    const refused = await lastValueFrom(manager.place('mock', bid('b1'))).catch((e: unknown) => e)
    expect(String(refused)).to.match(/no such symbol/)
    expect((await lastValueFrom(manager.place('mock', bid('b2')))).status).to.equal('new')
    expect(asked).to.equal(2)
  })

  it('stops watching a book a minute after nothing needs it: no open order, position or markets entry', async () => {
    const clock = new VirtualTimeScheduler(VirtualAction, 600_000)
    let watching = 0
    const c = {
      account: (venue: string) => client.account(venue),
      events$: () => client.events$(),
      orderBook$: () =>
        defer(() => {
          watching++
          return concat(of(book), NEVER)
        }).pipe(finalize(() => watching--)),
    }
    // no periodic reconciliation: its timer would run the virtual clock to its end at the first flush
    manager = createOrderManager({ client: c, venues: ['mock'], scheduler: clock, reconcileEveryMs: 0 })
    await manager.ready()
    await lastValueFrom(manager.place('mock', bid('u1')))
    clock.flush()
    expect(watching, 'an open order').to.equal(1)
    expect(manager.state.mark('mock', T)?.toString()).to.equal('100.5')
    await lastValueFrom(manager.cancel('mock', 'u1'))
    expect(watching, 'not at once').to.equal(1)
    clock.flush()
    expect(watching).to.equal(0)
    expect(manager.state.mark('mock', T)).to.equal(undefined)
    // the next order watches it again
    await lastValueFrom(manager.place('mock', bid('u2')))
    expect(watching).to.equal(1)
  })
})
