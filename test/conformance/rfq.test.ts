/**
 * (g) Request for quote, for every simulated venue that declares `capabilities.rfq`: a quote accepted
 * within its expiry (one execution at the venue, its fill on the account's `fills$`), one accepted
 * after it (`expired`, nothing executed), an accept whose answer is lost (one execution, the outcome
 * found), fresh quotes before each expires, and `close()` ending the quote streams.
 *
 * The simulator's quotes expire on its clock; the driver's timers run on a stepped clock moved with it.
 */
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, tap } from 'rxjs'
import { Decimal, hasRfq, VenueError, type RfqRequest, type RfqVenue, type VenueTrading } from 'rxvenue'
import { SIMULATED_VENUES, startRig, type Rig } from './rig.js'
import type { ConformanceSimulator } from './sim-adapter.js'
import { SteppedClock } from './stepped-clock.js'
import { record, until } from './support.js'

const START = Date.UTC(2025, 5, 2, 12, 0, 0)

/** The executions the simulator carried out (every RFQ simulator lists them). */
function executions(sim: ConformanceSimulator): readonly unknown[] {
  const list = (sim as unknown as { executions?: () => readonly unknown[] }).executions
  if (typeof list !== 'function')
    throw new Error(`the ${sim.id} simulator has no executions(): the RFQ cases need it`)
  return list.call(sim)
}

for (const module of SIMULATED_VENUES) {
  describe(`${module.id} conformance: (g) request for quote`, () => {
    let rig: Rig
    let clock: SteppedClock
    let venue: RfqVenue
    let account: VenueTrading | undefined
    let request: RfqRequest

    beforeEach(async function () {
      if (module.capabilities.rfq === undefined) this.skip()
      clock = new SteppedClock(START)
      rig = await startRig(module, {
        seed: 13,
        simulator: { clock: { at: START } },
        driver: { scheduler: clock },
      })
      const v = rig.client.venue(module.id)
      if (!hasRfq(v))
        throw new Error(`${module.id} declares rfq but has no rfq surface with the simulator's keys`)
      venue = v
      account = module.capabilities.trading !== undefined ? rig.client.account(module.id) : undefined
      const instrument = await rig.instrument()
      request = {
        symbol: instrument.symbol,
        side: module.capabilities.rfq?.twoWay ? 'two-way' : 'buy',
        quantity: Decimal.max(instrument.minSize, instrument.lotSize).mul(10),
      }
    })

    afterEach(() => rig?.close())

    it('a quote accepted within its expiry: one execution at the venue, its fill on fills$', async () => {
      const fills = module.capabilities.trading?.privateStreams.fills ? record(account!.fills$()) : undefined
      const quote = await firstValueFrom(venue.rfq.quote$(request))
      expect(quote.expiresAt.getTime()).to.be.above(clock.now())
      const side = quote.side === 'two-way' ? 'buy' : quote.side
      const x = await lastValueFrom(venue.rfq.accept(quote, side))
      expect(x.order.status).to.equal('filled')
      expect(x.fill.quantity.eq(quote.quantity)).to.equal(true)
      expect(executions(rig.sim)).to.have.length(1)
      if (fills !== undefined) {
        const fill = await fills.until((f) => f.tradeId === x.fill.tradeId, 'the RFQ fill on fills$')
        expect(fill.price.eq(x.fill.price)).to.equal(true)
        fills.stop()
      }
    })

    it('a quote accepted after its expiry: expired, nothing executed', async () => {
      const quote = await firstValueFrom(venue.rfq.quote$(request))
      const life = quote.expiresAt.getTime() - clock.now()
      clock.advance(life)
      rig.sim.advanceClock(life)
      const error = await lastValueFrom(venue.rfq.accept(quote, 'buy')).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(VenueError)
      expect((error as VenueError).kind).to.equal('expired')
      // the venue refuses it too: the client's clock a step behind
      const late = await firstValueFrom(venue.rfq.quote$(request))
      rig.sim.advanceClock(late.expiresAt.getTime() - clock.now())
      const refused = await lastValueFrom(venue.rfq.accept(late, 'buy')).catch((e: unknown) => e)
      expect((refused as VenueError).kind).to.equal('expired')
      expect(executions(rig.sim)).to.deep.equal([])
    })

    it("a quote another client got, accepted in the last second by this client's venue clock: expired, nothing sent", async () => {
      const quote = await firstValueFrom(venue.rfq.quote$(request))
      // the venue clock is read from whole-second Date headers (FalconX, Prime): it may run up to a
      // second behind the venue's, so a quote this client did not time itself is refused that early
      const step = quote.expiresAt.getTime() - clock.now() - 500
      clock.advance(step)
      rig.sim.advanceClock(step)
      const other = rig.clientWith({ scheduler: clock }).venue(module.id)
      if (!hasRfq(other)) throw new Error(`${module.id}: a second client has no rfq surface`)
      const error = await lastValueFrom(other.rfq.accept(quote, 'buy')).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(VenueError)
      expect((error as VenueError).kind).to.equal('expired')
      expect(executions(rig.sim)).to.deep.equal([])
    })

    it('an accept whose answer is lost: one execution at the venue, and the caller gets it', async () => {
      const quote = await firstValueFrom(venue.rfq.quote$(request))
      rig.sim.faults.loseNextResponse()
      let settled = false
      const accepted = lastValueFrom(venue.rfq.accept(quote, 'buy')).finally(() => (settled = true))
      // the lookups wait the kit's backoff on the driver's clock: it moves a little each turn
      for (let turns = 0; !settled; turns++) {
        if (turns > 200) throw new Error(`${module.id}: the lost accept is not resolved`)
        await new Promise((resolve) => setImmediate(resolve))
        clock.advance(20)
      }
      const x = await accepted
      expect(x.order.status).to.equal('filled')
      expect(executions(rig.sim)).to.have.length(1)
    })

    it('quotes$ asks for a fresh quote before each expires, and close() completes it', async () => {
      let completed = false
      const quotes = record(venue.rfq.quotes$(request).pipe(tap({ complete: () => (completed = true) })))
      for (let n = 1; n <= 3; n++) {
        await quotes.until(() => quotes.seen.length >= n, `quote ${n}`)
        const last = quotes.seen[n - 1]!
        // both clocks to a moment before the quote expires: the next one is asked for by then
        const step = last.expiresAt.getTime() - clock.now() - 1
        rig.sim.advanceClock(step)
        clock.advance(step)
      }
      const [a, b, c] = quotes.seen
      expect(new Set([a?.id, b?.id, c?.id]).size).to.equal(3)
      expect(b!.timestamp.getTime()).to.be.below(a!.expiresAt.getTime())
      expect(c!.timestamp.getTime()).to.be.below(b!.expiresAt.getTime())
      await rig.client.close()
      await until(() => completed, 'quotes$ completed by close()')
      quotes.stop()
    })
  })
}
