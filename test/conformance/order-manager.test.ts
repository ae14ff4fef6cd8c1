/**
 * (i) The order manager over every venue with trading, through the public client: a resting order
 * placed and canceled, a cancel-all and the kill switch, a placement whose answer is lost, a fill while
 * the account socket is down, and a close that leaves nothing behind. The manager's orders, fills and
 * positions are held to the simulator's own ledger and balances.
 *
 * One table of cases; a case that cannot hold for a venue is skipped there with the reason.
 */
import { expect } from 'chai'
import { filter, firstValueFrom, from, lastValueFrom } from 'rxjs'
import {
  Decimal,
  createOrderManager,
  roundToLot,
  isErrorKind,
  memoryStore,
  silentLogger,
  type AnyVenueModule,
  type Client,
  type Fill,
  type HttpTransport,
  type Instrument,
  type ManagedPosition,
  type MemoryStore,
  type OrderManager,
  type OrderRequest,
  type RiskConfig,
} from 'rxvenue'
import { createDefaultTransport } from '../../lib/transport/http-default.js'
import { httpSockets, openAtVenue, leftover, settled } from './released.js'
import { SIMULATED_VENUES, restsOrders, startRig, type Rig } from './rig.js'
import type { SimEvent } from './sim-adapter.js'
import { SteppedClock } from './stepped-clock.js'
import { handles, orderSize, processListeners, record, signal, until } from './support.js'

/** Fee rates told apart, so a fee shows which side of the trade the order was on. */
const MAKER_FEE = new Decimal('0.001')
const TAKER_FEE = new Decimal('0.002')
const ZERO = new Decimal(0)

/** Where the stepped clocks of the driver, the manager and the simulator start. */
const START = Date.UTC(2025, 5, 2, 12, 0, 0)
/** How far the stepped clocks move each time nothing more can happen without it. */
const STEP_MS = 250
/** Kinds of a placement whose outcome the caller cannot know. */
const UNKNOWN_OUTCOME = ['timeout', 'network', 'temporary', 'decode']

/** How long the handles may take to close once the venue saw the sockets closed (a guard, not a wait). */
const SETTLE_MS = 15_000

/** What a case works with: the venue's rig and market, and managers over its client. */
interface CaseContext {
  readonly module: AnyVenueModule
  readonly rig: Rig
  readonly instrument: Instrument
  /** A manager over `client` (default: the rig's), ready; closed after the case. */
  manage(options?: {
    readonly client?: Client | undefined
    readonly risk?: RiskConfig | undefined
  }): Promise<{ readonly manager: OrderManager; readonly store: MemoryStore }>
}

/** One case of the table: why it does not apply to a venue (`undefined`: it does), and its body. */
interface ManagerCase {
  readonly name: string
  readonly notOn: (module: AnyVenueModule) => string | undefined
  readonly run: (c: CaseContext) => Promise<void>
}

const resting = (module: AnyVenueModule): string | undefined =>
  restsOrders(module) ? undefined : 'its orders execute at once: nothing rests'
const everywhere = (): undefined => undefined
const restingWithSocket = (module: AnyVenueModule): string | undefined =>
  resting(module) ??
  (module.capabilities.trading?.privateStreams.orders === true ? undefined : 'no account stream to drop')

/** A limit buy resting at the best bid less `ticksBelow` ticks, worth about 500 quote. */
function restingBuy(c: CaseContext, clientOrderId: string, ticksBelow: number): OrderRequest {
  const { instrument } = c
  const best = c.rig.sim.book(instrument.symbol, 1).bids[0]?.price
  if (best === undefined) throw new Error(`${c.rig.id}: the simulated book has no bid`)
  const price = best.minus(instrument.tickSize.mul(ticksBelow))
  return {
    symbol: instrument.symbol,
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price,
    quantity: orderSize(instrument, price),
    clientOrderId,
  }
}

/** A market buy worth about 500 quote at the best ask. */
function marketBuy(c: CaseContext, clientOrderId: string): OrderRequest {
  const { instrument } = c
  const ask = c.rig.sim.book(instrument.symbol, 1).asks[0]?.price
  if (ask === undefined) throw new Error(`${c.rig.id}: the simulated book has no ask`)
  return {
    symbol: instrument.symbol,
    side: 'buy',
    type: 'market',
    quantity: orderSize(instrument, ask),
    clientOrderId,
  }
}

/** The order requests (POST) the simulator answered since `mark`, by status (0: the answer was dropped). */
const placements = (rig: Rig, mark: number) =>
  rig.simEvents.seen
    .slice(mark)
    .flatMap((e: SimEvent) => (e.type === 'request' && e['method'] === 'POST' ? [e['status']] : []))

/** The quote held for resting buys, by the simulator's balances. */
const held = (c: CaseContext) => c.rig.sim.balance(c.instrument.quote).locked

/** The three resting buys both cancel-all cases place, each a tick further from the touch. */
async function placeThree(c: CaseContext, manager: OrderManager, prefix: string): Promise<string[]> {
  const ids = [1, 2, 3].map((n) => `${prefix}-${n}`)
  for (const [n, clientOrderId] of ids.entries()) {
    const ack = await lastValueFrom(manager.place(c.rig.id, restingBuy(c, clientOrderId, 100 + n)))
    expect(ack).to.include({ clientOrderId, status: 'new' })
  }
  const open = await firstValueFrom(manager.openOrders$({ venue: c.rig.id }))
  expect(open.map((o) => o.clientOrderId).sort(), 'open in the manager').to.deep.equal(ids)
  for (const id of ids)
    expect(
      c.rig.adapter.openWithClientId(c.rig.sim, c.instrument.symbol, id),
      `${id} open at the venue`,
    ).to.equal(1)
  return ids
}

/** Nothing of `ids` open at the venue (by its ledger and what it holds) nor in the manager. */
async function expectNoneOpen(
  c: CaseContext,
  manager: OrderManager,
  ids: readonly string[],
  heldBefore: Decimal,
) {
  const { rig, instrument } = c
  for (const id of ids) {
    expect(rig.adapter.openWithClientId(rig.sim, instrument.symbol, id), `${id} open at the venue`).to.equal(
      0,
    )
    expect(rig.adapter.ordersWithClientId(rig.sim, instrument.symbol, id), `${id} in the ledger`).to.equal(1)
    expect(manager.state.order(rig.id, id)?.status, `${id} in the manager`).to.equal('canceled')
  }
  expect(held(c).eq(heldBefore), `${instrument.quote} held at the venue: ${held(c).toFixed()}`).to.equal(true)
  const open = await firstValueFrom(manager.openOrders$({ venue: rig.id }))
  expect(
    open.map((o) => o.clientOrderId),
    'open in the manager',
  ).to.deep.equal([])
}

/**
 * The position of a maker buy at `price` agrees with what the venue's balances moved by since
 * `before`: the quote paid is its cost, and the base gained is its quantity less the fee the venue
 * took from it, which the fills report as the venue words it (`fillTerms`: in base, or in quote at the
 * fill's price).
 */
function agreesWithLedger(
  c: CaseContext,
  p: ManagedPosition,
  price: Decimal,
  before: { readonly base: Decimal; readonly quote: Decimal },
): boolean {
  const { sim, adapter } = c.rig
  const base = sim.balance(p.base).total.minus(before.base)
  const quote = sim.balance(p.quote).total.minus(before.quote)
  const fee = p.quantity.minus(base)
  const terms = adapter.fillTerms({
    side: 'buy',
    fee,
    price,
    base: p.base,
    quote: p.quote,
    liquidity: 'maker',
  })
  const fees = Object.entries(p.fees).map(([asset, f]) => `${f.toFixed()} ${asset}`)
  return (
    p.averagePrice?.eq(price) === true &&
    quote.eq(price.mul(p.quantity).neg()) &&
    fees.join() === `${terms.fee.toFixed()} ${terms.feeAsset}`
  )
}

/**
 * A resting buy at the touch fills at the venue (`whole`, or `part` of it and the rest once the socket
 * is back) while the account socket is down; the manager learns it after the reconnect.
 */
async function fillWhileDown(c: CaseContext, clientOrderId: string, part: 'whole' | 'part'): Promise<void> {
  const { rig, instrument } = c
  const { sim, adapter, id } = rig
  const { symbol, base, quote } = instrument
  const { manager } = await c.manage()
  const fills = record(manager.fills$())
  // the manager holds the order and fill streams; the venue's signal waits for the balances too
  const balances = record(rig.client.account(id).balanceUpdates$())
  try {
    await adapter.privateSubscribed(sim)
    const before = { base: sim.balance(base).total, quote: sim.balance(quote).total }
    const request = restingBuy(c, clientOrderId, 0)
    const ack = await lastValueFrom(manager.place(id, request))
    expect(ack).to.include({ status: 'new' })
    const reconnected = () =>
      signal(
        manager.events$,
        (e) => e.type === 'reconciled' && e.venue === id && e.reason === 'reconnect',
        'a reconciliation after the reconnect',
      )

    const quantity = request.quantity as Decimal
    const first = reconnected()
    sim.faults.dropSockets()
    if (part === 'whole') adapter.fillOrder(sim, symbol, clientOrderId)
    else adapter.fillOrder(sim, symbol, clientOrderId, roundToLot(quantity.mul('0.4'), instrument.lotSize))
    await first
    if (part === 'part') {
      await signal(
        manager.order$(id, clientOrderId),
        (o) => o.status === 'partially-filled',
        'the partial fill in the manager after the reconnect',
      )
      // the account streams are back: the rest fills live
      await adapter.privateSubscribed(sim)
      adapter.fillOrder(sim, symbol, clientOrderId)
    }

    const filled = await signal(
      manager.order$(id, clientOrderId),
      (o) => o.status === 'filled',
      'the order filled in the manager',
    )
    expect(filled.filledQuantity.eq(request.quantity as Decimal), 'filled quantity').to.equal(true)
    const mine = (f: Fill) => f.clientOrderId === clientOrderId || f.orderId === ack.id
    let last: readonly ManagedPosition[] = []
    const positions = () =>
      signal(
        manager.positions$(),
        (all) => {
          last = all
          return all.some(
            (p) =>
              p.venue === id &&
              p.symbol === symbol &&
              agreesWithLedger(c, p, request.price as Decimal, before),
          )
        },
        'the position as the venue balances moved',
      ).catch((e: unknown) => {
        const { sim } = c.rig
        const p = last.map(
          (x) =>
            `${x.symbol} ${x.quantity.toFixed()} pnl ${x.pnl.toFixed()} mark ${x.mark?.toFixed()} fees ${JSON.stringify(x.fees)} ledger ${sim.balance(base).total.minus(before.base).toFixed()} ${sim.balance(quote).total.minus(before.quote).toFixed()}`,
        )
        throw new Error(`${String(e)}; positions: ${p.join('; ')}`)
      })
    await positions()
    const quantities = () => fills.seen.filter(mine).map((f) => f.quantity)
    expect(
      quantities()
        .reduce((s, q) => s.plus(q), ZERO)
        .eq(request.quantity as Decimal),
      `the fills of the order add up to it: ${quantities()
        .map((q) => q.toFixed())
        .join(', ')}`,
    ).to.equal(true)
    const known = quantities().length

    // another reconnect's reconciliation reads the same fill again: it is known, not counted twice
    const second = reconnected()
    sim.faults.dropSockets()
    await second
    expect(quantities().length, 'fills of the order after another reconciliation').to.equal(known)
    await positions()
  } finally {
    fills.stop()
    balances.stop()
  }
}

/** The manager's position of the case's market, less fees taken in base, comes to `gained`. */
async function expectPositionOf(c: CaseContext, manager: OrderManager, gained: Decimal): Promise<void> {
  const { symbol, base } = c.instrument
  const net = (all: readonly ManagedPosition[]) => {
    const p = all.find((x) => x.venue === c.rig.id && x.symbol === symbol)
    return p === undefined ? ZERO : p.quantity.minus(p.fees[base] ?? ZERO)
  }
  let last = ZERO
  await signal(
    manager.positions$(),
    (all) => (last = net(all)).eq(gained),
    `the position of ${symbol} at ${gained.toFixed()} ${base}`,
  ).catch((e: unknown) => {
    throw new Error(`${String(e)}; the manager has ${last.toFixed()}`)
  })
}

const CASES: readonly ManagerCase[] = [
  {
    name: 'places a resting limit order: the ack, openOrders$ and the venue show it alone; cancel ends it in both',
    notOn: resting,
    run: async (c) => {
      const { rig, instrument } = c
      const { sim, adapter, id } = rig
      const { symbol } = instrument
      const { manager } = await c.manage()
      const before = held(c)
      const request = restingBuy(c, 'mgr-rest-1', 100)

      const ack = await lastValueFrom(manager.place(id, request))

      expect(ack).to.include({ venue: id, symbol, clientOrderId: 'mgr-rest-1', status: 'new', side: 'buy' })
      expect(ack.price?.eq(request.price as Decimal), 'price').to.equal(true)
      expect(ack.quantity.eq(request.quantity as Decimal), 'quantity').to.equal(true)
      const open = await firstValueFrom(manager.openOrders$({ venue: id }))
      expect(open.map((o) => `${o.clientOrderId} ${o.status} ${o.id}`)).to.deep.equal([
        `mgr-rest-1 new ${ack.id}`,
      ])
      expect(adapter.ordersWithClientId(sim, symbol, 'mgr-rest-1'), 'orders in the ledger').to.equal(1)
      expect(adapter.openWithClientId(sim, symbol, 'mgr-rest-1'), 'open at the venue').to.equal(1)
      const one = (request.price as Decimal).mul(request.quantity as Decimal)
      expect(held(c).eq(before.plus(one)), 'held at the venue: this order alone').to.equal(true)

      const canceled = await lastValueFrom(manager.cancel(id, 'mgr-rest-1'))

      expect(canceled).to.include({ id: ack.id, clientOrderId: 'mgr-rest-1', status: 'canceled' })
      await expectNoneOpen(c, manager, ['mgr-rest-1'], before)
    },
  },
  {
    name: 'cancelAll() with three resting orders: none open at the venue nor in the manager, the three listed',
    notOn: resting,
    run: async (c) => {
      const { manager } = await c.manage()
      const before = held(c)
      const ids = await placeThree(c, manager, 'mgr-all')

      const canceled = await lastValueFrom(manager.cancelAll())

      expect(canceled.map((o) => `${o.clientOrderId} ${o.status}`).sort()).to.deep.equal(
        ids.map((id) => `${id} canceled`),
      )
      await expectNoneOpen(c, manager, ids, before)
    },
  },
  {
    name: 'cancelAll() while a fourth placement is on its way to the venue: that one is canceled once it lands, the four listed',
    notOn: resting,
    run: async (c) => {
      const { rig } = c
      const { manager } = await c.manage()
      const before = held(c)
      const ids = await placeThree(c, manager, 'mgr-flight')
      // the venue carries the fourth out only after a while, most likely after its cancel-all
      rig.sim.faults.slowNext(1, 300)
      const received = signal(
        rig.sim.events$,
        (e) => e.type === 'received' && e['method'] === 'POST',
        'the fourth placement at the venue',
      )
      const fourth = lastValueFrom(manager.place(rig.id, restingBuy(c, 'mgr-flight-4', 100)))
      await received

      const canceled = await lastValueFrom(manager.cancelAll())

      const all = [...ids, 'mgr-flight-4']
      expect(canceled.map((o) => `${o.clientOrderId} ${o.status}`).sort()).to.deep.equal(
        all.map((id) => `${id} canceled`),
      )
      expect((await fourth).clientOrderId, 'the fourth placed').to.equal('mgr-flight-4')
      await expectNoneOpen(c, manager, all, before)
    },
  },
  {
    name: 'the kill switch cancels three resting orders, lists them, and refuses new orders until risk.reset()',
    notOn: resting,
    run: async (c) => {
      const { rig, instrument } = c
      const { manager } = await c.manage({ risk: { killSwitch: { cancelOpenOrders: true } } })
      const before = held(c)
      const ids = await placeThree(c, manager, 'mgr-kill')

      const canceled = await lastValueFrom(manager.kill('x'))

      expect(canceled.map((o) => `${o.clientOrderId} ${o.status}`).sort()).to.deep.equal(
        ids.map((id) => `${id} canceled`),
      )
      await expectNoneOpen(c, manager, ids, before)
      const mark = rig.simEvents.seen.length
      const refused = await lastValueFrom(manager.place(rig.id, restingBuy(c, 'mgr-kill-4', 100))).catch(
        (e: unknown) => e,
      )
      expect(
        isErrorKind(refused, 'risk-rejected'),
        `refused by the kill switch: ${String(refused)}`,
      ).to.equal(true)
      expect(placements(rig, mark), 'nothing sent to the venue').to.deep.equal([])
      expect(rig.adapter.ordersWithClientId(rig.sim, instrument.symbol, 'mgr-kill-4')).to.equal(0)

      manager.risk.reset()
      const again = await lastValueFrom(manager.place(rig.id, restingBuy(c, 'mgr-kill-5', 100)))
      expect(again).to.include({ clientOrderId: 'mgr-kill-5', status: 'new' })
      expect(rig.adapter.openWithClientId(rig.sim, instrument.symbol, 'mgr-kill-5')).to.equal(1)
    },
  },
  {
    name: 'a placement whose answer is lost after the venue placed it: one order, sent once, the intent placed',
    notOn: everywhere,
    run: async (c) => {
      const { rig, instrument, module } = c
      const { sim, adapter, id } = rig
      const { symbol } = instrument
      const { manager, store } = await c.manage()
      const rests = restsOrders(module)
      const request = rests ? restingBuy(c, 'mgr-lost-1', 100) : marketBuy(c, 'mgr-lost-1')
      const base0 = sim.balance(instrument.base).total
      const mark = rig.simEvents.seen.length
      sim.faults.loseNextResponse()

      const ack = await lastValueFrom(manager.place(id, request))

      expect(placements(rig, mark), 'one placement, carried out, its answer dropped').to.deep.equal([0])
      expect(adapter.ordersWithClientId(sim, symbol, 'mgr-lost-1'), 'orders in the ledger').to.equal(1)
      expect(ack).to.include({ clientOrderId: 'mgr-lost-1', status: rests ? 'new' : 'filled' })
      expect(manager.state.order(id, 'mgr-lost-1')).to.include({ id: ack.id, status: ack.status })
      const intents = store.load().intents.filter((i) => i.clientOrderId === 'mgr-lost-1')
      expect(
        intents.map((i) => i.state),
        'the intent journaled',
      ).to.deep.equal(['placed'])
      if (rests) expect(adapter.openWithClientId(sim, symbol, 'mgr-lost-1'), 'open at the venue').to.equal(1)
      // what the venue executed of it is in the position, whether or not its answer was read
      await expectPositionOf(c, manager, sim.balance(instrument.base).total.minus(base0))
    },
  },
  {
    name: 'a lost placement answer the driver cannot settle (the venue failing every request): the caller gets the unknown outcome, the manager then finds the order, sent once',
    notOn: everywhere,
    run: async (c) => {
      const { module } = c
      // the driver gives up looking after 30 s: its clock, the manager's and the venue's move together
      const clock = new SteppedClock(START)
      const inner = createDefaultTransport()
      let inFlight = 0
      const transport: HttpTransport = {
        request: async (request, signal) => {
          inFlight++
          try {
            return await firstValueFrom(from(inner.request(request, signal)))
          } finally {
            inFlight--
          }
        },
        close: () => inner.close?.() ?? Promise.resolve(),
      }
      const rig = await startRig(module, {
        seed: 13,
        simulator: { clock: { at: START }, fees: { maker: MAKER_FEE, taker: TAKER_FEE } },
        driver: { scheduler: clock, transport },
      })
      const store = memoryStore()
      const manager = createOrderManager({
        client: rig.client,
        store,
        venues: [module.id],
        scheduler: clock,
        logger: silentLogger,
      })
      /** Moves the clocks whenever no request is on its way, until `done()`. */
      const stepUntil = async (done: () => boolean, what: string) => {
        for (let steps = 0; !done(); steps++) {
          await until(() => done() || inFlight === 0, `${what}, or waiting on the clock`)
          if (done()) break
          if (steps > 1000) throw new Error(`${module.id}: ${what}: not after ${steps} steps`)
          clock.advance(STEP_MS)
          rig.sim.advanceClock(STEP_MS)
          // what fell due may send a request after a turn of the event loop (signing)
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
      try {
        const instrument = await rig.instrument()
        await manager.ready()
        const here: CaseContext = { ...c, rig, instrument }
        const { sim, adapter, id } = rig
        const rests = restsOrders(module)
        const request = rests ? restingBuy(here, 'mgr-lost-2', 100) : marketBuy(here, 'mgr-lost-2')
        const base0 = sim.balance(instrument.base).total
        const mark = rig.simEvents.seen.length
        // once the create is carried out and its answer dropped, every request fails until told otherwise
        const failing = rig.sim.events$
          .pipe(filter((e) => e.type === 'request' && e['method'] === 'POST' && e['status'] === 0))
          .subscribe(() => sim.faults.failNext(10_000, 503))
        sim.faults.loseNextResponse()

        let outcome: { readonly error: unknown } | undefined
        lastValueFrom(manager.place(id, request)).then(
          () => (outcome = { error: undefined }),
          (error: unknown) => (outcome = { error }),
        )
        await stepUntil(() => outcome !== undefined, 'the placement settled')
        failing.unsubscribe()

        const error = outcome?.error
        expect(error, 'the placement failed').to.not.equal(undefined)
        expect(
          UNKNOWN_OUTCOME.some((kind) => isErrorKind(error, kind as 'timeout')),
          `an unknown outcome: ${String(error)}`,
        ).to.equal(true)
        expect(placements(rig, mark)[0], 'the create, its answer dropped').to.equal(0)
        expect(
          adapter.ordersWithClientId(sim, instrument.symbol, 'mgr-lost-2'),
          'orders in the ledger',
        ).to.equal(1)

        // the venue answers again
        while (sim.faults.takeFailure() !== undefined);
        const intent = () => store.load().intents.find((i) => i.clientOrderId === 'mgr-lost-2')
        await stepUntil(() => intent()?.state !== 'pending', 'the intent settled')

        expect(intent()?.state, `the intent: ${intent()?.reason ?? ''}`).to.equal('placed')
        const order = manager.state.order(id, 'mgr-lost-2')
        expect(order?.status, 'the order in the manager').to.equal(rests ? 'new' : 'filled')
        expect(order?.filledQuantity.eq(rests ? ZERO : (request.quantity as Decimal)), 'filled').to.equal(
          true,
        )
        expect(placements(rig, mark), 'one create sent, never again').to.deep.equal([0])
        expect(
          adapter.ordersWithClientId(sim, instrument.symbol, 'mgr-lost-2'),
          'orders in the ledger',
        ).to.equal(1)
        if (rests) expect(adapter.openWithClientId(sim, instrument.symbol, 'mgr-lost-2')).to.equal(1)
        await expectPositionOf(here, manager, sim.balance(instrument.base).total.minus(base0))
      } finally {
        await manager.close()
        await rig.close()
        await transport.close?.()
      }
    },
  },
  {
    name: 'a resting order filled while the account socket is down: filled after the reconnect, its fill once, the position as the balances moved',
    notOn: restingWithSocket,
    run: (c) => fillWhileDown(c, 'mgr-drop-1', 'whole'),
  },
  {
    name: 'a resting order partly filled while the account socket is down and the rest after the reconnect: each fill once, the position as the balances moved',
    notOn: restingWithSocket,
    run: (c) => fillWhileDown(c, 'mgr-drop-2', 'part'),
  },
  {
    name: 'close() of the manager and the client leaves no socket, timer or listener',
    notOn: everywhere,
    run: async (c) => {
      const { rig, module } = c
      // mocha starts the test's own timer once this function returns its promise: measure after that
      await Promise.resolve()
      const baseline = handles()
      const listeners = processListeners()
      const http = httpSockets()
      const client = rig.clientWith({})
      const { manager } = await c.manage({ client })
      if (restsOrders(module)) {
        await lastValueFrom(manager.place(rig.id, restingBuy(c, 'mgr-close-1', 100)))
        await lastValueFrom(manager.cancel(rig.id, 'mgr-close-1'))
      } else {
        await lastValueFrom(manager.place(rig.id, marketBuy(c, 'mgr-close-1')))
      }

      await manager.close()
      await client.close()
      http.stop()

      expect(http.sockets, 'HTTP connections opened').to.not.have.length(0)
      expect(
        http.sockets.filter((socket) => !socket.destroyed).length,
        'HTTP connections still open once close() resolved',
      ).to.equal(0)
      await until(() => openAtVenue(rig).length === 0, 'every socket of the client closed at the venue')
      await settled(() => Object.keys(leftover(baseline)).length === 0, SETTLE_MS)
      expect(leftover(baseline), 'handles left after close()').to.deep.equal({})
      expect(processListeners(), 'process listeners after close()').to.deep.equal(listeners)
    },
  },
]

for (const module of SIMULATED_VENUES.filter((m) => m.capabilities.trading !== undefined)) {
  describe(`${module.id} conformance: (i) the order manager`, () => {
    let rig: Rig
    let instrument: Instrument
    const managers: OrderManager[] = []

    beforeEach(async () => {
      rig = await startRig(module, {
        seed: 13,
        simulator: { fees: { maker: MAKER_FEE, taker: TAKER_FEE } },
      })
      instrument = await rig.instrument()
    })

    afterEach(async () => {
      for (const m of managers.splice(0)) await m.close()
      await rig?.close()
    })

    for (const c of CASES) {
      const reason = c.notOn(module)
      if (reason !== undefined) {
        it.skip(`${c.name} (not on ${module.id}: ${reason})`)
        continue
      }
      it(c.name, () =>
        c.run({
          module,
          rig,
          instrument,
          manage: async (options = {}) => {
            const store = memoryStore()
            const manager = createOrderManager({
              client: options.client ?? rig.client,
              store,
              venues: [module.id],
              risk: options.risk,
              logger: silentLogger,
            })
            managers.push(manager)
            await manager.ready()
            return { manager, store }
          },
        }),
      )
    }
  })
}
