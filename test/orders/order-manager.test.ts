import { expect } from 'chai'
import sinon from 'sinon'
import {
  concatMap,
  Subject,
  defer,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  take,
  throwError,
  toArray,
  VirtualAction,
  VirtualTimeScheduler,
} from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { createLogger, silentLogger } from '../../lib/core/logging.js'
import { VenueError } from '../../lib/core/errors.js'
import type { Fill, Order, OrderRef, OrderRequest } from '../../lib/core/model.js'
import { isTerminal } from '../../lib/core/order-status.js'
import { createOrderManager, type OrderManager, type OrderManagerEvent } from '../../lib/orders/index.js'
import { RiskRejectedError } from '../../lib/risk/index.js'
import { memoryStore, type PositionSnapshot, type StoreContents } from '../../lib/store/index.js'
import type { MockVenue } from '../../lib/venues/mock/index.js'
import { createClient, type Client } from '../../streams/client.js'
import { clientOf, limitBuy, quietMock, T } from './support.js'

const d = (x: string) => new Decimal(x)
const bid = (id: string, price = '100', quantity = '0.5'): OrderRequest => limitBuy(id, price, quantity)

describe('order manager on the mock venue', () => {
  let mock: MockVenue
  let client: Client
  let manager: OrderManager
  let events: OrderManagerEvent[]
  const store = () => memoryStore()

  const start = async (options: Partial<Parameters<typeof createOrderManager>[0]> = {}) => {
    manager = createOrderManager({ client, venues: ['mock'], markets: [['mock', T]], ...options })
    events = []
    manager.events$.subscribe((e) => events.push(e))
    await manager.ready()
  }

  beforeEach(() => {
    mock = quietMock({ fees: { maker: '0.001', taker: '0.002' } })
    client = clientOf(mock)
  })
  afterEach(async () => {
    await manager.close()
    await client.close()
  })

  it('places through the risk checks, journals the intent first, and keeps the order from the venue', async () => {
    const s = store()
    const journaled: string[] = []
    const watched = {
      ...s,
      saveIntent: (i: Parameters<typeof s.saveIntent>[0]) => (
        journaled.push(`${i.clientOrderId} ${i.state}`),
        s.saveIntent(i)
      ),
    }
    await start({ store: watched, risk: { maxOrderQuantity: '1' } })
    const ack = await firstValueFrom(manager.place('mock', bid('a1')))
    expect(ack).to.include({ clientOrderId: 'a1', status: 'new' })
    expect(journaled).to.deep.equal(['a1 pending', 'a1 placed'])
    expect(manager.state.openOrderCount('mock', T)).to.equal(1)
    expect(manager.state.openQuantity('mock', T, 'buy').toFixed()).to.equal('0.5')
    expect(mock.trading).to.exist
    const refused = await lastValueFrom(manager.place('mock', bid('a2', '100', '1.5'))).catch(
      (e: unknown) => e,
    )
    expect(refused).to.be.instanceOf(RiskRejectedError)
    expect(refused).to.include({ rule: 'max-order-quantity', value: '1.5' })
    expect(journaled).to.deep.equal(['a1 pending', 'a1 placed']) // nothing journaled, nothing sent
    expect(events.some((e) => e.type === 'risk-rejected')).to.equal(true)
    const again = await lastValueFrom(manager.place('mock', bid('a1'))).catch((e: unknown) => e)
    expect(again).to.include({ kind: 'invalid-request' })
  })

  it('keeps positions and PnL from fills, fees included, marked to the mid of the shared book', async () => {
    await start()
    const positions = manager.positions$()
    await firstValueFrom(manager.place('mock', { ...bid('b1', '101', '1'), timeInForce: 'IOC' })) // takes the ask at 101
    const [position] = await firstValueFrom(positions)
    expect(position).to.include({ venue: 'mock', symbol: T })
    expect(position?.quantity.toFixed()).to.equal('1')
    expect(position?.averagePrice?.toFixed()).to.equal('101')
    // the book is now 100 / 102: mid 101; a taker buy pays 0.2 % of the base it receives
    expect(position?.fees).to.deep.equal({ TST: d('0.002') })
    const pnl = await firstValueFrom(manager.pnl$())
    // unrealized (101 − 101) × 1, fees 0.002 TST × 101
    expect(pnl.total.toFixed()).to.equal('-0.202')
    // the account: USD −101, TST +0.998, worth 100.798 at the mid: −0.202
    const usd = mock.balance('USD').total.minus('100000')
    const tst = mock.balance('TST').total.minus('100')
    expect(usd.plus(tst.times(manager.state.mid('mock', T) ?? 0)).toFixed()).to.equal(pnl.total.toFixed())
  })

  it('reconciles after a reconnect: a fill and an order change missed while down become differences', async () => {
    await start()
    await firstValueFrom(manager.place('mock', bid('c1', '100', '0.5')))
    const reconciled = () =>
      firstValueFrom(manager.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'reconnect')))
    // down while the market fills the order: the private stream misses the fill and the order's end
    const back = reconciled()
    mock.faults.disconnect({ downMs: 50 })
    mock.push(T, { trades: [{ side: 'sell', size: '1.5' }] }) // through the 100 bid and the order
    expect(manager.state.order('mock', 'c1')?.status).to.equal('new')
    await back
    expect(manager.state.order('mock', 'c1')?.status).to.equal('filled')
    expect(manager.state.position('mock', T).toFixed()).to.equal('0.5')
    const kinds = events
      .filter((e) => e.type === 'difference')
      .map((e) => (e.type === 'difference' ? e.kind : ''))
    expect(kinds).to.include('missed-fill')
    expect(kinds).to.include('order-changed')
  })

  it('an answer lost after the venue placed the order: the intent is looked up and settled, never sent again', async () => {
    const s = store()
    await start({ store: s })
    mock.faults.failNext(1, 'timeout', { operation: 'placeOrder', applied: true })
    const lookups = sinon.spy(mock.trading, 'getOrder')
    const lost = await lastValueFrom(manager.place('mock', bid('d1'))).catch((e: unknown) => e)
    expect(lost).to.include({ kind: 'timeout' })
    // looked up by client order id, from when its intent was journaled (venues that search by time)
    expect(lookups.firstCall?.args[0]).to.deep.include({
      clientOrderId: 'd1',
      createdAt: new Date(s.load().intents[0]?.createdAt ?? NaN),
    })
    lookups.restore()
    // the mock answers at once, so the lookup has settled it already
    expect(events.some((e) => e.type === 'difference' && e.kind === 'intent-placed')).to.equal(true)
    expect(manager.state.order('mock', 'd1')?.status).to.equal('new')
    expect(s.load().intents.map((i) => `${i.clientOrderId} ${i.state}`)).to.deep.equal(['d1 placed'])
    expect((await lastValueFrom(mock.trading.openOrders(T))).length).to.equal(1)
  })

  it('an answer lost before the venue got it: the intent is settled absent once the venue surely lacks it', async () => {
    const s = store()
    // the manager's own clock, so "surely absent" comes when the test says, however slow the machine
    const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
    await start({ store: s, absentAfterMs: 20, scheduler: clock })
    mock.faults.failNext(1, 'network', { operation: 'placeOrder' })
    const absent = firstValueFrom(
      manager.events$.pipe(filter((e) => e.type === 'difference' && e.kind === 'intent-absent')),
    )
    let whenFailed: string | undefined
    await lastValueFrom(manager.place('mock', bid('e1'))).catch((e: unknown) => {
      whenFailed = manager.state.order('mock', 'e1')?.status
      return e
    })
    expect(whenFailed).to.equal('pending-new') // counted until settled
    expect(manager.state.order('mock', 'e1')?.status).to.equal('pending-new')
    clock.flush() // 20 ms on: the venue surely lacks it
    await absent
    expect(manager.state.order('mock', 'e1')?.status).to.equal('rejected')
    expect(manager.state.openOrderCount('mock')).to.equal(0)
    expect(s.load().intents.map((i) => `${i.clientOrderId} ${i.state}`)).to.deep.equal(['e1 absent'])
  })

  it("an answer lost before the venue got it: never settled absent within the venue's placement window", async () => {
    await client.close()
    mock = quietMock({ placementWindowMs: 5_000 })
    client = clientOf(mock)
    const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
    const said: string[] = []
    const ignore = (): void => undefined
    const logger = createLogger({
      name: 'test',
      level: 'info',
      sink: { trace: ignore, debug: ignore, info: (m) => said.push(m), warn: ignore, error: ignore },
    })
    await start({ absentAfterMs: 20, scheduler: clock, logger })
    mock.faults.failNext(1, 'network', { operation: 'placeOrder' })
    const absentAt = firstValueFrom(
      manager.events$.pipe(
        filter((e) => e.type === 'difference' && e.kind === 'intent-absent'),
        map(() => clock.now()),
      ),
    )
    const placedAt = clock.now()
    await lastValueFrom(manager.place('mock', bid('w1'))).catch((e: unknown) => e)
    clock.flush()
    // the venue may still take it for 5 s: settled then, not 20 ms on
    expect(await absentAt).to.equal(placedAt + 5_000)
    expect(manager.state.order('mock', 'w1')?.status).to.equal('rejected')
    // and says why it waited longer than it was told
    expect(said.filter((m) => m.includes('placement window'))).to.deep.equal([
      "mock: an order in doubt is looked up for the venue's placement window, 5000 ms, longer than absentAfterMs (20 ms)",
    ])
  })

  for (const how of ['throws', 'rejects'] as const) {
    it(`a store that ${how} on the intent: the order is not sent, kept nowhere, and may be placed again`, async () => {
      const s = store()
      let broken = true
      const saveIntent: typeof s.saveIntent = (i) => {
        if (!broken) return s.saveIntent(i)
        if (how === 'throws') throw new Error('disk full')
        return Promise.reject(new Error('disk full'))
      }
      await start({ store: { ...s, saveIntent }, risk: { maxOpenOrders: 1 } })
      const sent = sinon.spy(mock.trading, 'placeOrder')
      const refused = await lastValueFrom(manager.place('mock', bid('j1', '99.5', '0.1'))).catch(
        (e: unknown) => e,
      )
      expect(refused).to.be.instanceOf(VenueError)
      expect(refused).to.include({ kind: 'temporary', clientOrderId: 'j1' })
      expect(String(refused)).to.contain('was not sent: saving its intent failed (disk full)')
      expect(sent.called, 'nothing went to the venue').to.equal(false)
      expect(manager.state.order('mock', 'j1'), 'no phantom pending order').to.equal(undefined)
      expect(manager.state.openOrderCount('mock')).to.equal(0)
      broken = false
      const placed = await firstValueFrom(manager.place('mock', bid('j1', '99.5', '0.1')))
      expect(placed.status).to.equal('new')
      expect(sent.callCount).to.equal(1)
      sent.restore()
    })
  }

  it('a store that cannot load fails ready() and each command at once, typed; one that loads again serves', async () => {
    const s = store()
    let broken = true
    const load: typeof s.load = () => {
      if (broken) throw new Error('corrupt database')
      return s.load()
    }
    manager = createOrderManager({ client, store: { ...s, load }, venues: ['mock'] })
    const notReady = await manager.ready().catch((e: unknown) => e)
    expect(notReady).to.be.instanceOf(VenueError)
    expect(notReady).to.include({ kind: 'temporary' })
    expect(String(notReady)).to.contain('the order store could not be loaded').and.contain('corrupt database')
    const refused = await lastValueFrom(manager.place('mock', bid('s1', '99.5', '0.1'))).catch(
      (e: unknown) => e,
    )
    expect(String(refused)).to.contain('the order store could not be loaded')
    expect((await lastValueFrom(mock.trading.openOrders())).length, 'nothing sent').to.equal(0)
    broken = false
    expect((await firstValueFrom(manager.place('mock', bid('s2', '99.5', '0.1')))).status).to.equal('new')
  })

  it('refuses a request or an amendment with a number for a Decimal, typed, before any risk check or journal', async () => {
    const s = store()
    await start({ store: s, risk: { maxOrderNotional: '1000' } })
    const numeric = { ...bid('n1'), price: 99.5 } as unknown as OrderRequest
    const refused = await lastValueFrom(manager.place('mock', numeric)).catch((e: unknown) => e)
    expect(refused).to.be.instanceOf(VenueError)
    expect(refused).to.include({ kind: 'invalid-request' })
    expect((refused as Error).message).to.match(/price must be a Decimal .*, got number 99.5/)
    expect(s.load().intents, 'nothing journaled').to.deep.equal([])
    // without an id of the caller's, the refusal names the one it would have been placed under
    const { clientOrderId: _none, ...unnamed } = numeric
    const anonymous = await lastValueFrom(manager.place('mock', unnamed)).catch((e: unknown) => e)
    const generated = (anonymous as VenueError).clientOrderId
    expect(generated).to.be.a('string').and.have.length.greaterThan(0)
    expect((anonymous as Error).message).to.contain(`order ${generated ?? '?'}`)
    await firstValueFrom(manager.place('mock', bid('n2', '99.5', '0.1')))
    const badAmend = await lastValueFrom(
      manager.amend('mock', 'n2', { quantity: '0.2' } as unknown as { quantity: Decimal }),
    ).catch((e: unknown) => e)
    expect(badAmend).to.include({ kind: 'invalid-request' })
    expect((badAmend as Error).message).to.match(/quantity must be a Decimal .*, got string "0.2"/)
  })

  it('a place while the venue cannot be reconciled fails at once, unsent; a cancel-all waits for the venue', async () => {
    mock.faults.failNext(1_000, 'network', { operation: 'openOrders' })
    manager = createOrderManager({ client, venues: ['mock'] })
    events = []
    manager.events$.subscribe((e) => events.push(e))
    const sent = sinon.spy(mock.trading, 'placeOrder')
    const refused = await lastValueFrom(manager.place('mock', bid('u1', '99.5', '0.1'))).catch(
      (e: unknown) => e,
    )
    expect(refused).to.be.instanceOf(VenueError)
    expect(refused).to.include({ kind: 'network', venue: 'mock' })
    expect((refused as Error).message)
      .to.contain('mock is not ready')
      .and.contain('nothing was sent')
    expect(sent.called).to.equal(false)
    expect(manager.state.order('mock', 'u1')).to.equal(undefined)
    // risk-reducing: waits until the venue answers
    let done = false
    const all = firstValueFrom(manager.cancelAll()).then((list) => ((done = true), list))
    await firstValueFrom(manager.events$.pipe(filter((e) => e.type === 'reconcile-failed')))
    expect(done).to.equal(false)
    mock.faults.reset()
    expect(await all).to.deep.equal([])
    expect((await firstValueFrom(manager.place('mock', bid('u2', '99.5', '0.1')))).status).to.equal('new')
    sent.restore()
  })

  it('a reconnect while a placement is on its way leaves it to its own answer, however long it takes', async () => {
    // a driver still looking for a lost answer (Coinbase may for two minutes): the venue has nothing yet
    const gate = new Subject<void>()
    const held = {
      ...mock.trading,
      placeOrder: (r: OrderRequest) =>
        gate.pipe(
          take(1),
          concatMap(() => mock.trading.placeOrder(r)),
        ),
    }
    await client.close()
    client = createClient({
      drivers: { mock: { ...mock, trading: held } as MockVenue },
      logger: silentLogger,
    })
    await start({ absentAfterMs: 0 })
    const placing = firstValueFrom(manager.place('mock', bid('w1', '99.5', '0.1')))
    const reconciled = firstValueFrom(manager.events$.pipe(filter((e) => e.type === 'reconciled')))
    mock.faults.disconnect({ downMs: 0 })
    await reconciled
    expect(manager.state.order('mock', 'w1')?.status, 'not settled absent').to.equal('pending-new')
    gate.next()
    expect((await placing).status).to.equal('new')
    expect(manager.state.order('mock', 'w1')?.status).to.equal('new')
    expect(events.some((e) => e.type === 'difference' && e.kind === 'intent-absent')).to.equal(false)
  })

  it('refuses a client order id the store remembers though the read model no longer keeps its order', async () => {
    const s = store()
    await start({ store: s, keepFinishedOrders: 1 })
    for (const id of ['r1', 'r2'])
      await firstValueFrom(manager.place('mock', { ...bid(id, '101', '0.1'), timeInForce: 'IOC' }))
    expect(manager.state.order('mock', 'r1'), 'forgotten by the read model').to.equal(undefined)
    const sent = sinon.spy(mock.trading, 'placeOrder')
    const again = await lastValueFrom(manager.place('mock', bid('r1', '99.5', '0.1'))).catch(
      (e: unknown) => e,
    )
    expect(again).to.include({ kind: 'invalid-request' })
    expect((again as Error).message).to.contain('client order id r1 was used before on mock')
    expect(sent.called).to.equal(false)
    expect(s.load().orders.find((o) => o.clientOrderId === 'r1')?.status, 'its record intact').to.equal(
      'filled',
    )
    sent.restore()
  })

  it('a venue refusal settles the intent failed and the order rejected', async () => {
    const s = store()
    await start({ store: s })
    const refused = await lastValueFrom(manager.place('mock', bid('f1', '100', '5000'))).catch(
      (e: unknown) => e,
    )
    expect(refused).to.be.instanceOf(VenueError)
    expect(manager.state.order('mock', 'f1')?.status).to.equal('rejected')
    expect(s.load().intents[0]?.state).to.equal('failed')
  })

  it('restores orders, positions and open intents from the store, and reconciles them at start-up', async () => {
    const s = store()
    await start({ store: s })
    await firstValueFrom(manager.place('mock', { ...bid('g1', '101', '1'), timeInForce: 'IOC' }))
    await firstValueFrom(manager.place('mock', bid('g2', '99.5', '0.3')))
    await manager.close()
    // meanwhile, on the venue: g2 fills while nobody watches
    mock.push(T, { trades: [{ side: 'sell', size: '3.3' }] })
    manager = createOrderManager({ client, store: s, venues: ['mock'] })
    events = []
    manager.events$.subscribe((e) => events.push(e))
    await manager.ready()
    expect(manager.state.position('mock', T).toFixed()).to.equal('1.3')
    expect(manager.state.order('mock', 'g2')?.status).to.equal('filled')
    expect(
      events.filter((e) => e.type === 'difference').map((e) => (e.type === 'difference' ? e.kind : '')),
    ).to.include.members(
      ['order-gone', 'missed-fill'].filter((k) => k !== 'order-gone').concat(['order-changed']),
    )
  })

  for (const failing of ['savePosition', 'saveFill'] as const) {
    it(`a store write of a fill that fails once (${failing}): the restart counts the fill once`, async () => {
      const s = memoryStore()
      let fail = true
      const once = () => {
        if (!fail) return
        fail = false
        throw new Error('SQLITE_BUSY: database is locked')
      }
      // the one write of a fill and its position fails whole; the two apart, one of them fails
      const flaky: typeof s = {
        ...s,
        [failing]: (x: never) => (once(), s[failing](x)),
        saveFillAndPosition: (f: Fill, p: PositionSnapshot) => (once(), s.saveFillAndPosition?.(f, p)),
      }
      await start({ store: flaky })
      await firstValueFrom(manager.place('mock', { ...bid('w1', '101', '0.5'), timeInForce: 'IOC' }))
      expect(manager.state.position('mock', T).toFixed()).to.equal('0.5')
      expect(fail, 'the write failed').to.equal(false)
      await manager.close()
      manager = createOrderManager({ client, store: s, venues: ['mock'] })
      await manager.ready()
      expect(manager.state.position('mock', T).toFixed()).to.equal('0.5')
    })
  }

  it('a restart on a memoryStore that kept only its newest fills whole counts no older fill twice', async () => {
    const s = memoryStore({ keepFills: 1 })
    await start({ store: s })
    for (const id of ['p1', 'p2'])
      await firstValueFrom(manager.place('mock', { ...bid(id, '101', '0.5'), timeInForce: 'IOC' })) // takes the ask
    expect(manager.state.position('mock', T).toFixed()).to.equal('1')
    const held = s.load()
    expect(held.fills.map((f) => f.clientOrderId)).to.deep.equal(['p2'])
    expect(held.fillKeys).to.have.length(1)
    await manager.close()
    // the start-up reconciliation reads both fills again from the venue's fill history
    manager = createOrderManager({ client, store: s, venues: ['mock'] })
    await manager.ready()
    expect(manager.state.position('mock', T).toFixed()).to.equal('1')
  })

  it('applies no fill before a slow store has loaded: the position snapshot and the fill both count', async () => {
    const s = store()
    await start({ store: s })
    await firstValueFrom(manager.place('mock', { ...bid('q1', '101', '0.5'), timeInForce: 'IOC' }))
    await manager.close()
    // a store that answers later (a database opening); meanwhile the account trades by hand
    let answer: (() => void) | undefined
    const slow = { ...s, load: () => new Promise<StoreContents>((r) => (answer = () => r(s.load()))) }
    const managerClock = new VirtualTimeScheduler(VirtualAction, 60_000)
    manager = createOrderManager({ client, store: slow, venues: ['mock'], scheduler: managerClock })
    managerClock.flush() // it starts: its venue's session is made
    const ready = manager.ready()
    const fills = firstValueFrom(client.account('mock').fills$())
    await lastValueFrom(mock.trading.placeOrder({ ...bid('by-hand', '101', '0.25'), timeInForce: 'IOC' }))
    await fills
    answer?.()
    await ready
    expect(manager.state.position('mock', T).toFixed()).to.equal('0.75')
  })

  it('asks a store with hasFill about fills beyond the keys it keeps, and counts none twice', async () => {
    const s = memoryStore()
    const asked: string[] = []
    const watched = {
      ...s,
      hasFill: (f: Parameters<typeof s.hasFill>[0]) => (asked.push(f.tradeId), s.hasFill(f)),
    }
    await start({ store: watched, keepFinishedOrders: 1, keepFillKeys: 1 })
    for (const id of ['r1', 'r2', 'r3'])
      await firstValueFrom(manager.place('mock', { ...bid(id, '103', '0.5'), timeInForce: 'IOC' }))
    expect(manager.state.position('mock', T).toFixed()).to.equal('1.5')
    expect(asked, 'each new fill is asked about').to.have.length.at.least(3)
    // a reconnect's reconciliation reads the fill history again: every fill is known, none counted twice
    const reconciled = firstValueFrom(manager.events$.pipe(filter((e) => e.type === 'reconciled')))
    mock.faults.disconnect({ downMs: 0 })
    await reconciled
    expect(manager.state.position('mock', T).toFixed()).to.equal('1.5')
  })

  it("a restart later in the day counts the day's loss from the baseline the store kept", async () => {
    const s = store()
    // the trading day starts twelve hours from now: both managers run within one day
    const dailyResetUtcMs = (Date.now() + 12 * 3_600_000) % 86_400_000
    const risk = { maxDailyLoss: '0.1', dailyResetUtcMs }
    await start({ store: s, risk })
    // a taker buy at 101 into a 100 / 102 book: the fee alone loses 0.202 at the mid
    await firstValueFrom(manager.place('mock', { ...bid('h1', '101', '1'), timeInForce: 'IOC' }))
    expect(s.load().baselines?.map((b) => `${b.scope} ${b.pnl.toFixed()}`)).to.deep.equal(['* 0'])
    await manager.close()

    await start({ store: s, risk })
    const refused = await lastValueFrom(manager.place('mock', bid('h2', '99.5', '0.1'))).catch(
      (e: unknown) => e,
    )
    expect(refused).to.be.instanceOf(RiskRejectedError)
    expect(refused).to.include({ rule: 'max-daily-loss', value: '0.202' })
    expect(s.load().baselines).to.have.length(1)
  })

  it('cancelAll and the kill switch cancel every open order; the switch refuses new ones until reset', async () => {
    await start({ risk: { killSwitch: { cancelOpenOrders: true } } })
    for (const id of ['h1', 'h2', 'h3']) await firstValueFrom(manager.place('mock', bid(id, '99.5', '0.1')))
    const killed = manager.kill('test') // trips at once, before anyone subscribes
    expect(manager.risk.tripped).to.equal(true)
    const canceled = await firstValueFrom(killed)
    expect(canceled.map((o: Order) => o.clientOrderId).sort()).to.deep.equal(['h1', 'h2', 'h3'])
    expect((await lastValueFrom(mock.trading.openOrders())).length).to.equal(0)
    const refused = await lastValueFrom(manager.place('mock', bid('h4'))).catch((e: unknown) => e)
    expect(refused).to.include({ rule: 'kill-switch' })
    manager.risk.reset()
    expect((await firstValueFrom(manager.place('mock', bid('h5', '99.5', '0.1')))).status).to.equal('new')
    const open = await firstValueFrom(manager.openOrders$().pipe(take(1), toArray()))
    expect(open[0]?.map((o) => o.clientOrderId)).to.deep.equal(['h5'])
  })

  it('a kill switch tripped before a restart stays tripped, cancels what is open, and is kept until reset', async () => {
    const s = store()
    await start({ store: s })
    await firstValueFrom(manager.kill('runaway strategy'))
    expect(s.load().killSwitches?.map((k) => k.reason)).to.deep.equal(['runaway strategy'])
    // an order the halted process never saw: placed by hand, or landed as the process died
    await lastValueFrom(mock.trading.placeOrder(bid('by-hand', '99.5', '0.1')))
    await manager.close()

    await start({ store: s, risk: { killSwitch: { cancelOpenOrders: true } } })
    expect(manager.risk.tripped).to.equal(true)
    const tripped = events.find((e) => e.type === 'kill-switch')
    expect(tripped).to.include({ state: 'tripped', cancelOpenOrders: true })
    expect(tripped?.type === 'kill-switch' && tripped.reason).to.match(
      /^runaway strategy \(tripped .*restart\)$/,
    )
    const canceled = await firstValueFrom(manager.kill('again'))
    expect(canceled.map((o) => o.clientOrderId)).to.deep.equal(['by-hand'])
    expect((await lastValueFrom(mock.trading.openOrders())).length).to.equal(0)
    const refused = await lastValueFrom(manager.place('mock', bid('h1'))).catch((e: unknown) => e)
    expect(refused).to.include({ rule: 'kill-switch' })
    expect(
      s.load().killSwitches?.map((k) => k.reason),
      'the reason kept is the first one',
    ).to.deep.equal(['runaway strategy'])

    manager.risk.reset('checked')
    expect(s.load().killSwitches).to.deep.equal([])
    await manager.close()
    await start({ store: s })
    expect(manager.risk.tripped).to.equal(false)
    expect((await firstValueFrom(manager.place('mock', bid('h2', '99.5', '0.1')))).status).to.equal('new')
  })

  it('checks no order against the mid of a book that is reconnecting; marks PnL to it meanwhile', async () => {
    const venueClock = new VirtualTimeScheduler(VirtualAction, 60_000)
    await client.close()
    mock = quietMock({ scheduler: venueClock })
    client = clientOf(mock)
    await start({ risk: { priceBand: '0.05' } })
    const live = () => manager.state.mid('mock', T) !== undefined
    await firstValueFrom(manager.positions$().pipe(filter(live))) // marks change with each view
    await firstValueFrom(manager.place('mock', { ...bid('m1', '101', '0.5'), timeInForce: 'IOC' }))
    expect(manager.state.mid('mock', T)?.toFixed()).to.equal('100.5')
    mock.faults.disconnect({ downMs: 5_000 })
    expect(manager.state.mid('mock', T), 'no live mid').to.equal(undefined)
    expect(manager.state.mark('mock', T)?.toFixed(), 'the last mid still marks').to.equal('100.5')
    const positions = await firstValueFrom(manager.positions$())
    expect(positions[0]?.mark?.toFixed()).to.equal('100.5')
    const refused = await lastValueFrom(manager.place('mock', bid('m2', '99.5', '0.1'))).catch(
      (e: unknown) => e,
    )
    expect(refused).to.include({ rule: 'price-band', value: 'no mid' })
    venueClock.flush() // reconnected: the book's snapshot gives a live mid again
    await firstValueFrom(manager.positions$().pipe(filter(live)))
    expect(manager.state.mid('mock', T)?.toFixed()).to.equal('100.5')
    expect((await firstValueFrom(manager.place('mock', bid('m3', '99.5', '0.1')))).status).to.equal('new')
  })

  it("a venue's kill switch halts that venue alone, across a restart, until reset", async () => {
    const other = quietMock({ id: 'other' })
    const both = createClient({ drivers: { mock, other }, logger: silentLogger })
    const s = store()
    const risk = { killSwitch: { cancelOpenOrders: true } }
    const on = async () => {
      manager = createOrderManager({ client: both, store: s, venues: ['mock', 'other'], risk })
      events = []
      manager.events$.subscribe((e) => events.push(e))
      await manager.ready()
    }
    try {
      await on()
      await firstValueFrom(manager.place('mock', bid('v1', '99.5', '0.1')))
      await firstValueFrom(manager.place('other', bid('v2', '99.5', '0.1')))
      const canceled = await firstValueFrom(manager.kill('mock misbehaves', 'mock'))
      expect(canceled.map((o) => o.clientOrderId)).to.deep.equal(['v1'])
      expect([
        manager.risk.tripped,
        manager.risk.isTripped('mock'),
        manager.risk.isTripped('other'),
      ]).to.deep.equal([false, true, false])
      const refused = await lastValueFrom(manager.place('mock', bid('v3'))).catch((e: unknown) => e)
      expect(refused).to.include({ rule: 'kill-switch' })
      expect(String(refused)).to.contain('the mock kill switch is tripped (mock misbehaves)')
      expect((await firstValueFrom(manager.place('other', bid('v4', '99.5', '0.1')))).status).to.equal('new')
      expect(manager.state.order('other', 'v2')?.status, "the other venue's orders stay").to.equal('new')
      await manager.close()

      await on() // restarted: still halted on mock alone
      expect([
        manager.risk.tripped,
        manager.risk.isTripped('mock'),
        manager.risk.isTripped('other'),
      ]).to.deep.equal([false, true, false])
      manager.risk.reset('mock is back', 'mock')
      expect(s.load().killSwitches).to.deep.equal([])
      expect((await firstValueFrom(manager.place('mock', bid('v5', '99.5', '0.1')))).status).to.equal('new')
    } finally {
      await manager.close()
      await both.close()
    }
  })

  it('cancelAll one by one: an order filled unheard is taken as filled, and every other is canceled', async () => {
    // a venue without cancel-all, whose cancel of a finished order is a refusal (as Prime's, Coinbase's)
    const { cancelAllOrders: _none, ...rest } = mock.trading
    const refusal = (o: Order) =>
      new VenueError({ kind: 'invalid-request', venue: 'mock', message: `order is already ${o.status}` })
    const stuck = new Set<string>()
    const locked = (id: string) =>
      new VenueError({ kind: 'invalid-request', venue: 'mock', message: `order ${id} is locked` })
    const oneByOne = {
      ...rest,
      cancelOrder: (ref: OrderRef) =>
        stuck.has(ref.clientOrderId ?? '')
          ? throwError(() => locked(ref.clientOrderId ?? ''))
          : rest
              .getOrder(ref)
              .pipe(
                concatMap((o) =>
                  isTerminal(o.status) ? throwError(() => refusal(o)) : rest.cancelOrder(ref),
                ),
              ),
    }
    await client.close()
    client = createClient({
      drivers: { mock: { ...mock, trading: oneByOne } as MockVenue },
      logger: silentLogger,
    })
    await start()
    await firstValueFrom(manager.place('mock', bid('c1', '100.5', '0.1'))) // the best bid
    for (const id of ['c2', 'c3', 'c4']) await firstValueFrom(manager.place('mock', bid(id, '99', '0.1')))
    mock.faults.disconnect({ downMs: 60_000 }) // the manager hears nothing from now on
    mock.push(T, { trades: [{ side: 'sell', size: '0.1' }] }) // fills c1 at the venue
    expect(manager.state.order('mock', 'c1')?.status).to.equal('new')
    const canceled = await firstValueFrom(manager.cancelAll())
    expect(canceled.map((o) => o.clientOrderId).sort()).to.deep.equal(['c2', 'c3', 'c4'])
    expect((await lastValueFrom(mock.trading.openOrders())).length).to.equal(0)
    expect(manager.state.order('mock', 'c1')?.status).to.equal('filled')

    // a refusal of an order still open fails the cancel-all, once every other cancel was tried
    for (const id of ['c5', 'c6', 'c7']) await firstValueFrom(manager.place('mock', bid(id, '99', '0.1')))
    stuck.add('c6')
    const failed = await firstValueFrom(manager.cancelAll()).catch((e: unknown) => e)
    expect(failed).to.include({ kind: 'invalid-request', message: 'order c6 is locked' })
    expect((await lastValueFrom(mock.trading.openOrders())).map((o) => o.clientOrderId)).to.deep.equal(['c6'])

    // a cancel of one order filled unheard: the order as it finished, not the venue's refusal
    await firstValueFrom(manager.place('mock', bid('c8', '100.5', '0.1')))
    mock.push(T, { trades: [{ side: 'sell', size: '0.1' }] })
    expect(manager.state.order('mock', 'c8')?.status).to.equal('new')
    const direct = await firstValueFrom(manager.cancel('mock', 'c8'))
    expect(direct).to.include({ clientOrderId: 'c8', status: 'filled' })
    expect(manager.state.order('mock', 'c8')?.status).to.equal('filled')
    // one still open that the venue refuses to cancel: the refusal
    const refused = await firstValueFrom(manager.cancel('mock', 'c6')).catch((e: unknown) => e)
    expect(refused).to.include({ kind: 'invalid-request', message: 'order c6 is locked' })
  })

  it('cancelAll cancels a placement that lands after the venue canceled all, and waits for it', async () => {
    // the venue's clock: the placement is answered when the test says, after the cancel-all
    const venueClock = new VirtualTimeScheduler(VirtualAction, 60_000)
    await client.close()
    mock = quietMock({ scheduler: venueClock })
    client = clientOf(mock)
    await start()
    await firstValueFrom(manager.place('mock', bid('k1', '99.5', '0.1')))
    mock.faults.latency(100)
    const placing = firstValueFrom(manager.place('mock', bid('k2', '99.5', '0.1')))
    mock.faults.latency(0)
    let canceled: readonly Order[] | undefined
    const all = firstValueFrom(manager.cancelAll()).then((list) => (canceled = list))
    expect((await lastValueFrom(mock.trading.openOrders())).map((o) => o.clientOrderId)).to.deep.equal([])
    await Promise.resolve()
    expect(canceled, 'waits for the placement in flight').to.equal(undefined)
    venueClock.flush() // k2 lands, open
    expect((await placing).status).to.equal('new')
    await all
    expect(canceled?.map((o) => o.clientOrderId).sort()).to.deep.equal(['k1', 'k2'])
    expect((await lastValueFrom(mock.trading.openOrders())).length).to.equal(0)
    expect(manager.state.openOrderCount('mock')).to.equal(0)
  })

  it('cancelAll leaves out a landed placement that filled unheard before its cancel', async () => {
    const venueClock = new VirtualTimeScheduler(VirtualAction, 60_000)
    await client.close()
    mock = quietMock({ scheduler: venueClock })
    // a venue that refuses the cancel of a finished order; k2 fills, unheard, just before its cancel
    const refusal = (o: Order) =>
      new VenueError({ kind: 'invalid-request', venue: 'mock', message: `order is already ${o.status}` })
    const venue = mock
    const trading = {
      ...venue.trading,
      cancelOrder: (ref: OrderRef) =>
        defer(() => {
          if (ref.clientOrderId === 'k2') {
            venue.faults.disconnect({ downMs: 60_000 })
            venue.push(T, { trades: [{ side: 'sell', size: '0.1' }] })
          }
          return venue.trading.getOrder(ref)
        }).pipe(
          concatMap((o) =>
            isTerminal(o.status) ? throwError(() => refusal(o)) : venue.trading.cancelOrder(ref),
          ),
        ),
    }
    client = createClient({ drivers: { mock: { ...mock, trading } as MockVenue }, logger: silentLogger })
    await start()
    await firstValueFrom(manager.place('mock', bid('k1', '99.5', '0.1')))
    mock.faults.latency(100)
    const placing = firstValueFrom(manager.place('mock', bid('k2', '100.5', '0.1'))) // the best bid
    mock.faults.latency(0)
    const all = firstValueFrom(manager.cancelAll())
    await Promise.resolve()
    venueClock.flush() // k2 lands, open
    await placing
    const canceled = await all
    expect(canceled.map((o) => `${o.clientOrderId} ${o.status}`)).to.deep.equal(['k1 canceled'])
    expect(manager.state.order('mock', 'k2')?.status).to.equal('filled')
  })

  it('cancelAll cancels a placement of unknown outcome as soon as it is found open', async () => {
    const venueClock = new VirtualTimeScheduler(VirtualAction, 60_000)
    await client.close()
    mock = quietMock({ scheduler: venueClock })
    client = clientOf(mock)
    await start()
    // placed at the venue after the cancel-all, its answer lost, unheard on the dropped private
    // stream; the lookup that finds it comes later
    mock.faults.disconnect({ downMs: 1000 })
    mock.faults.latency(100)
    mock.faults.failNext(1, 'timeout', { operation: 'placeOrder', applied: true })
    const lost = lastValueFrom(manager.place('mock', bid('l1', '99.5', '0.1'))).catch((e: unknown) => e)
    mock.faults.latency(0)
    const all = firstValueFrom(manager.cancelAll())
    mock.faults.latency(50)
    venueClock.flush()
    mock.faults.latency(0)
    expect(await lost).to.include({ kind: 'timeout' })
    expect(await all).to.deep.equal([])
    expect(manager.state.order('mock', 'l1')?.status).to.equal('canceled')
    expect((await lastValueFrom(mock.trading.openOrders())).length).to.equal(0)
    expect(mock.calls.placeOrder).to.equal(1)
  })

  it('a reconciliation never reopens an order the venue reported finished, and corrects one the manager took as absent', async () => {
    const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
    await start({ absentAfterMs: 20, scheduler: clock })
    await firstValueFrom(manager.place('mock', bid('m1', '99.5', '0.1')))
    const stale = manager.state.order('mock', 'm1')
    await firstValueFrom(manager.cancel('mock', 'm1'))
    // the manager concludes m2 never reached the venue; the venue then lists it
    mock.faults.failNext(1, 'network', { operation: 'placeOrder' })
    await lastValueFrom(manager.place('mock', bid('m2', '99.5', '0.1'))).catch(() => undefined)
    clock.flush()
    expect(manager.state.order('mock', 'm2')?.status).to.equal('rejected')
    const m2 = { ...bid('m2', '99.5', '0.1'), venue: 'mock', id: 'x2', status: 'new', filledQuantity: d('0') }
    // a list of open orders read before m1's cancel, answered after it
    const off = mock.on(
      'openOrders',
      () => [stale, { ...stale, ...m2, timestamp: new Date(), createdAt: new Date() }] as Order[],
    )
    const back = firstValueFrom(
      manager.events$.pipe(filter((e) => e.type === 'reconciled' && e.reason === 'reconnect')),
    )
    mock.faults.disconnect()
    await back
    off()
    expect(manager.state.order('mock', 'm1')?.status).to.equal('canceled')
    expect(manager.state.order('mock', 'm2')?.status).to.equal('new')
    expect(manager.state.openOrderCount('mock')).to.equal(1)
  })

  it('keeps every open order and the last keepFinishedOrders finished ones, with their journal entries', async () => {
    const s = memoryStore({ keepFinishedOrders: 2 })
    await start({ store: s, keepFinishedOrders: 2 })
    await firstValueFrom(manager.place('mock', bid('n0', '99.5', '0.1'))) // rests
    // IOC below the ask: nothing to take, expired at once
    for (const id of ['n1', 'n2', 'n3', 'n4'])
      expect(
        (await firstValueFrom(manager.place('mock', { ...bid(id, '99.5', '0.1'), timeInForce: 'IOC' })))
          .status,
      ).to.equal('expired')
    const ids = (list: readonly Order[]) => list.map((o) => o.clientOrderId)
    expect(ids(manager.state.allOrders())).to.deep.equal(['n0', 'n3', 'n4'])
    expect(ids(await firstValueFrom(manager.orders$()))).to.deep.equal(['n0', 'n3', 'n4'])
    expect(ids(await firstValueFrom(manager.openOrders$()))).to.deep.equal(['n0'])
    expect(manager.state.openOrderCount('mock')).to.equal(1)
    const held = s.load()
    expect(ids(held.orders)).to.deep.equal(['n0', 'n3', 'n4'])
    expect(held.intents.map((i) => i.clientOrderId)).to.deep.equal(['n0', 'n3', 'n4'])
    // a forgotten id is the venue's to refuse or take, no longer the manager's
    const again = await lastValueFrom(manager.place('mock', bid('n1', '99.5', '0.1'))).catch(
      (e: unknown) => e,
    )
    expect(String(again)).to.not.match(/was used before/)
    expect(() => createOrderManager({ client, keepFinishedOrders: -1 })).to.throw(/keepFinishedOrders/)
    // a risk configuration of the wrong shape: a typed error naming it, not a TypeError from inside
    expect(() => createOrderManager({ client, risk: 'strict' as never }))
      .to.throw(VenueError, 'order manager: risk must be an object, got "strict"')
      .with.property('kind', 'invalid-request')
    expect(() => createOrderManager({ client, risk: { maxOrderQty: '1' } as never })).to.throw(/maxOrderQty/)
    // a misspelt option would be its default, silently
    expect(() => createOrderManager({ client, absentAfterMS: 60_000 } as never)).to.throw(
      VenueError,
      'order manager: unknown option absentAfterMS; did you mean absentAfterMs?',
    )
    expect(() => createOrderManager({ client, absentAfterMs: '5000' } as never)).to.throw(
      'order manager: absentAfterMs must be a number of ms >= 0, got "5000"',
    )
    expect(() => createOrderManager({ venues: ['mock'] } as never)).to.throw(
      'order manager: a client is needed',
    )
    expect(() => memoryStore({ keepFills: 1.5 })).to.throw(/keepFills/)
  })

  it('a book the venue refuses to stream is asked for once, not again every second', async () => {
    const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
    let asked = 0
    const noBooks = {
      account: (venue: string) => client.account(venue),
      events$: () => client.events$(),
      orderBook$: () =>
        defer(() => {
          asked++
          return throwError(
            () =>
              new VenueError({ kind: 'invalid-request', venue: 'mock', message: 'no order book streams' }),
          )
        }),
    }
    await start({ client: noBooks, scheduler: clock })
    clock.flush() // a minute on
    expect(asked).to.equal(1)
  })

  it('client.orders is one manager over the client, made on first use', async () => {
    await start()
    const orders = client.orders
    expect(client.orders).to.equal(orders)
    const ack = await firstValueFrom(orders.place('mock', bid('i1', '99.5', '0.1')))
    expect(ack.status).to.equal('new')
    expect(orders.state.openOrderCount('mock')).to.equal(1)
  })
})
