/**
 * (e) A burst of private calls larger than the venue lets through at once: the client's limiter holds
 * what does not fit until the venue's windows allow it, so the simulator refuses nothing (no 429, no
 * ban, no venue rate-limit code) and every caller gets the right answer.
 *
 * Both clocks (the driver's scheduler and the simulator's) stand still until the test moves them, in
 * step, so how much fits in a window depends on the test's steps, never on the machine's speed.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import type { Instrument, Venue, VenueError, VenueTrading } from 'rxvenue'
import { SIMULATED_VENUES, restsOrders, startRig, type Rig } from './rig.js'
import type { SimEvent } from './sim-adapter.js'
import { SteppedClock } from './stepped-clock.js'
import { orderSize, until } from './support.js'

const CALLS = 600
/** How far both clocks move each time the burst is stuck on the limiter: past any one-second window. */
const STEP_MS = 1500
/** A minute boundary of both clocks; they start shortly before it, so minute windows roll too. */
const BOUNDARY = Date.UTC(2025, 5, 2, 12, 0, 0)
const START = BOUNDARY - 2500

const KINDS = ['balances', 'open-orders'] as const
type Kind = (typeof KINDS)[number]

for (const module of SIMULATED_VENUES) {
  describe(`${module.id} conformance: (e) a burst of private calls within the venue's limits`, () => {
    let rig: Rig
    let clock: SteppedClock

    beforeEach(async function () {
      if (!restsOrders(module)) this.skip()
      clock = new SteppedClock(START)
      rig = await startRig(module, {
        seed: 11,
        simulator: { clock: { at: START } },
        driver: { scheduler: clock },
      })
    })

    afterEach(() => rig?.close())

    it(`${CALLS} calls at once: held back by the client, none refused by the venue, every answer right`, async () => {
      const { client, sim, adapter, simEvents, id } = rig
      const instrument: Instrument = await rig.instrument()
      const { symbol, quote } = instrument
      const venue: Venue = client.venue(id)
      const account: VenueTrading = client.account(id)
      const rateLimited: VenueError[] = []
      const watch = client.events$().subscribe((e) => {
        if (e.type === 'rate-limited') rateLimited.push(e.error)
      })
      // the driver measures the venue clock and learns its limits; an order for the queries to find
      await lastValueFrom(account.balances())
      const bid = sim.book(symbol, 1).bids[0]?.price
      if (bid === undefined) throw new Error(`${id}: the simulated book has no bid`)
      const resting = await lastValueFrom(
        account.placeOrder({
          symbol,
          side: 'buy',
          type: 'limit',
          timeInForce: 'GTC',
          price: bid,
          quantity: orderSize(instrument, bid),
          clientOrderId: 'conformance-burst',
        }),
      )
      const quoteTotal = sim.balance(quote).total

      const call = (kind: Kind): Promise<string> => {
        switch (kind) {
          case 'balances':
            return lastValueFrom(account.balances()).then(
              (list) => list.find((b) => b.asset === quote)?.total.toFixed() ?? 'none',
            )
          case 'open-orders':
            return lastValueFrom(account.openOrders(symbol)).then((list) => list.map((o) => o.id).join())
        }
      }
      const expected: Record<Kind, string> = {
        balances: quoteTotal.toFixed(),
        'open-orders': String(resting.id),
      }
      const queued = () => {
        const limiter = venue.health?.().rateLimit
        if (limiter === undefined) throw new Error(`${id} reports no rate limiter in health()`)
        return limiter.queued
      }

      const mark = simEvents.seen.length
      const fired = Array.from({ length: CALLS }, (_, i) => KINDS[i % KINDS.length] as Kind)
      let settled = 0
      const outcomes = Promise.allSettled(fired.map((kind) => call(kind).finally(() => settled++)))
      let heldBack = 0
      let steps = 0
      for (;;) {
        // every call is answered or waiting in the limiter: nothing more happens until time passes
        await until(() => settled + queued() === CALLS, `every call answered or held (${settled} answered)`)
        heldBack = Math.max(heldBack, queued())
        if (settled === CALLS) break
        if (++steps > 200) throw new Error(`${id}: the burst is not through after ${steps} steps`)
        clock.advance(STEP_MS)
        sim.advanceClock(STEP_MS)
      }
      watch.unsubscribe()

      const results = await outcomes
      const failures = results.flatMap((r, i) =>
        r.status === 'rejected'
          ? [`${fired[i]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`]
          : [],
      )
      expect(failures, 'errors that reached the caller').to.deep.equal([])
      const wrong = results.flatMap((r, i) =>
        r.status === 'fulfilled' && r.value !== expected[fired[i] as Kind] ? [`${fired[i]}: ${r.value}`] : [],
      )
      expect(wrong, 'wrong answers').to.deep.equal([])
      expect(rateLimited, 'rate-limited events of the client').to.deep.equal([])
      const answered = simEvents.seen.slice(mark).filter((e: SimEvent) => e.type === 'request')
      const refused = answered.filter((e) => e['status'] !== 200 || (adapter.requestCode(e) ?? 0) !== 0)
      expect(
        refused.map(
          (e) =>
            `${String(e['method'])} ${String(e['path'])}: ${String(e['status'])} ${adapter.requestCode(e)}`,
        ),
        'refusals at the venue',
      ).to.deep.equal([])
      expect(answered, 'one request per call').to.have.length(CALLS)
      expect(
        heldBack,
        'calls the client held back: the burst outran what the venue lets through at once',
      ).to.be.above(0)
    })
  })
}
