/**
 * The order manager against the Bybit and Binance simulators at once: 1,000 seeded random limit, IOC
 * and market orders, and between them cancels, partial fills of resting orders, market trades and moves,
 * dropped sockets and lost or spoiled placement answers. At the end the manager's positions and PnL
 * must equal those the simulators' own ledgers give, computed independently: the base the account
 * gained (fees taken off) and the quote it gained, valued at the mark the manager used.
 */
import { expect } from 'chai'
import { filter, firstValueFrom, timeout } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { isVenueError } from '../../lib/core/errors.js'
import { silentLogger } from '../../lib/core/logging.js'
import { createOrderManager, type ManagedPosition, type OrderManager } from '../../lib/orders/index.js'
import { createPrng } from '../../lib/sim/prng.js'
import { memoryStore } from '../../lib/store/index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'
import {
  agreesWithLedger,
  fillOrder,
  ledgerPosition,
  LOT,
  ordersWithClientId,
  randomOrder,
  SYMBOL,
  totals,
  type LedgerSimulator,
  type LedgerVenue as V,
} from '../../scripts/trading-ledger.js'

const VENUES = ['bybit', 'binance'] as const
/** Orders placed; the other steps come between them. */
const ORDERS = 1000
const START = { USDT: '5000000', BTC: '50' }
const ZERO = new Decimal(0)

describe('order manager on two simulated venues: positions and PnL against the ledgers', function () {
  this.timeout(240_000)
  let sim: Simulator
  let client: Client
  let manager: OrderManager

  afterEach(async () => {
    await manager?.close()
    await client?.close()
    await sim?.close()
  })

  it('after 1,000 random orders with partial fills, cancels, drops and lost answers', async () => {
    sim = await startSimulator({
      venues: [...VENUES],
      seed: 1234,
      tickMs: 'manual',
      bybit: {
        balances: START,
        fees: { maker: '0.001', taker: '0.002' },
        rateLimits: { create: 10_000, cancel: 10_000 },
      },
      binance: {
        balances: START,
        fees: { maker: '0.001', taker: '0.002' },
        rateLimits: { ordersPer10s: 100_000, requestWeightPerMinute: 1_000_000 },
      },
    })
    const venue = (v: V): LedgerSimulator => sim.venue(v)
    const before = new Map<V, Map<string, Decimal>>(VENUES.map((v) => [v, totals(venue(v).balances())]))
    // the faults below fail requests often enough to open a breaker: let it probe again soon
    const { venues } = sim.clientOptions()
    const circuitBreaker = { openMs: 500 }
    client = createClient({
      venues: { bybit: { ...venues.bybit, circuitBreaker }, binance: { ...venues.binance, circuitBreaker } },
      logger: silentLogger,
    })
    manager = createOrderManager({
      client,
      store: memoryStore(),
      venues: [...VENUES],
      markets: VENUES.map((v) => [v, SYMBOL] as const),
    })
    await manager.ready()
    const books = Promise.all(VENUES.map((v) => firstValueFrom(client.orderBook$(v, SYMBOL))))
    // Binance's book starts from the first diff after its snapshot: move that market once
    await sim.venue('binance').subscribed('btcusdt@depth@100ms')
    sim.venue('binance').step(1, SYMBOL)
    await books

    const ticks = new Map<V, Decimal>()
    for (const v of VENUES) {
      const instrument = (await firstValueFrom(client.instruments$(v))).find((i) => i.symbol === SYMBOL)
      if (instrument === undefined) throw new Error(`${v} lists no ${SYMBOL}`)
      ticks.set(v, instrument.tickSize)
    }
    const prng = createPrng(99)
    const tally = new Map<string, number>()
    const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1)
    const placed = new Map<V, string[]>(VENUES.map((v) => [v, []]))

    let placements = 0
    for (let i = 0; placements < ORDERS; i++) {
      const v = VENUES[prng.int(0, 1)] as V
      const r = prng.next()
      const placing = r < 0.55
      try {
        if (placing) {
          placements++
          const request = randomOrder(prng, venue(v), ticks.get(v) ?? ZERO, `e2e-${i}`)
          const fault = prng.next()
          if (fault < 0.04) {
            venue(v).faults.loseNextResponse()
            count('answer lost')
          } else if (fault < 0.06) {
            venue(v).faults.spoilNextOrderAnswer(fault < 0.05 ? 'html' : 'truncated')
            count('answer spoiled')
          }
          placed.get(v)?.push(request.clientOrderId ?? '')
          await firstValueFrom(manager.place(v, request))
          count('placed')
        } else if (r < 0.72) {
          const open = await firstValueFrom(manager.openOrders$({ venue: v }))
          const target = open[prng.int(0, open.length - 1)]
          if (target === undefined) continue
          await firstValueFrom(manager.cancel(v, target.clientOrderId))
          count('canceled')
        } else if (r < 0.82) {
          const open = await firstValueFrom(manager.openOrders$({ venue: v }))
          const target = open[prng.int(0, open.length - 1)]
          if (target === undefined) continue
          // a part of a resting order fills, as a taker from the rest of the market would
          const left = target.quantity.minus(target.filledQuantity)
          const part = Decimal.max(LOT, left.div(prng.int(2, 4)).toDecimalPlaces(3, Decimal.ROUND_DOWN))
          fillOrder(venue(v), v, target.clientOrderId, Decimal.min(part, left))
          count('partial fill')
        } else if (r < 0.9) {
          venue(v).trade({
            symbol: SYMBOL,
            side: prng.next() < 0.5 ? 'buy' : 'sell',
            qty: LOT.times(prng.int(1, 40)),
          })
          count('market trade')
        } else if (r < 0.97) {
          venue(v).step(prng.int(1, 5), SYMBOL)
          count('market move')
        } else {
          venue(v).faults.dropSockets()
          count('drop')
        }
      } catch (e) {
        if (!isVenueError(e)) throw e
        // refused by the venue (funds, an order finished meanwhile) or by the open breaker with nothing
        // sent; a placement whose lookups could not settle its outcome in time (the breaker open under
        // these faults) stays the manager's to settle, and the checks at the end hold it to the venue
        const refusals = ['insufficient-funds', 'not-found', 'circuit-open']
        const unsettled = placing && ['timeout', 'network', 'temporary', 'decode'].includes(e.kind)
        expect(unsettled || refusals.includes(e.kind), `step ${i}: ${e.kind}: ${e.message}`).to.equal(true)
        count(unsettled ? 'placement unsettled' : `refused ${e.kind}`)
      }
    }
    await firstValueFrom(manager.cancelAll())

    const expected = (p: ManagedPosition) =>
      ledgerPosition(p, before.get(p.venue as V) ?? new Map(), venue(p.venue as V))
    const agrees = (p: ManagedPosition) => agreesWithLedger(p, expected(p))
    let last: readonly ManagedPosition[] = []
    const settled = await firstValueFrom(
      manager.positions$().pipe(
        filter((all) => {
          last = all
          return all.length === VENUES.length && all.every(agrees)
        }),
        timeout({ first: 30_000, with: async () => last }),
      ),
    )
    for (const p of settled) {
      const x = expected(p)
      const fees = Object.entries(p.fees).map(([a, f]) => `${f.toFixed()} ${a}`)
      const label = `${p.venue}: ${p.fills} fills, fees ${fees.join(', ')}; ledger ${x.base.toFixed()} ${p.base}, ${x.quote.toFixed()} ${p.quote}`
      expect(p.quantity.minus(p.fees[p.base] ?? ZERO).toFixed(), `${label}: base gained`).to.equal(
        x.base.toFixed(),
      )
      expect(p.pnl.toFixed(), `${label}: PnL at ${p.mark?.toFixed()}`).to.equal(x.pnl.toFixed())
      expect(p.fills, `${p.venue}: fills`).to.be.greaterThan(50)
      expect(p.mark, `${p.venue}: marked to the mid`).to.not.equal(undefined)
    }
    const pnl = await firstValueFrom(manager.pnl$())
    expect(pnl.total.toFixed()).to.equal(settled.reduce((s, p) => s.plus(p.pnl), ZERO).toFixed())

    // nothing open once the manager has heard everything (a reconciliation after a late drop, a lookup
    // of a lost answer that waits until the order surely cannot land)
    const open = await firstValueFrom(
      manager.openOrders$().pipe(
        filter((list) => list.length === 0),
        timeout({ first: 30_000, with: () => manager.openOrders$() }),
      ),
    )
    expect(open.map((o) => `${o.venue} ${o.clientOrderId} ${o.status}`)).to.deep.equal([])

    // every placement that reached a venue is one order there and one in the manager, none doubled
    const orders = await firstValueFrom(manager.orders$())
    for (const v of VENUES) {
      const known = new Map(orders.filter((o) => o.venue === v).map((o) => [o.clientOrderId, o]))
      for (const id of placed.get(v) ?? []) {
        const atVenue = ordersWithClientId(venue(v), v, id)
        expect(atVenue, `${v} ${id} at the venue`).to.be.at.most(1)
        // an order the venue never got is unknown to the manager or known as rejected (refused before
        // it was sent, or looked up until it surely could not land); one the venue has is never rejected
        const mine = known.get(id)
        const seen =
          mine === undefined ? 'unknown' : `${mine.status}${mine.reason ? ` (${mine.reason})` : ''}`
        const agreed =
          atVenue === 1
            ? mine !== undefined && mine.status !== 'rejected'
            : mine === undefined || mine.status === 'rejected'
        expect(agreed, `${v} ${id}: ${atVenue} at the venue, the manager has it ${seen}`).to.equal(true)
      }
      expect(
        venue(v)
          .balances()
          .every((b) => b.locked.isZero()),
        `${v}: nothing locked after cancel-all`,
      ).to.equal(true)
    }
    for (const what of [
      'placed',
      'canceled',
      'partial fill',
      'market trade',
      'drop',
      'answer lost',
      'answer spoiled',
    ])
      expect(tally.get(what) ?? 0, what).to.be.greaterThan(5)
  })
})
