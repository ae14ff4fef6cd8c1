/**
 * Prime RFQ through the kit's surface on the driver's wire, against the simulator: a quote accepted
 * within its expiry fills (once, also on `fills$`), one accepted after it fails `expired`, and an
 * accept whose answer is lost is resolved by looking the quote's order up: one execution.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { Fill } from '../../lib/core/model.js'
import type { VenueRfq } from '../../lib/venues/contract/rfq.js'
import { createPrimeVenue, type PrimeVenue } from '../../lib/venues/prime/driver.js'
import { PrimeSimulator } from '../../lib/testing/prime/prime-simulator.js'
import { record, type Recorder } from './support.js'

const d = (v: string) => new Decimal(v)
const SYMBOL = 'BTC/USD'

describe('prime e2e: RFQ', () => {
  let sim: PrimeSimulator
  let venue: PrimeVenue
  let rfq: VenueRfq
  let fills: Recorder<Fill>

  beforeEach(async () => {
    sim = await PrimeSimulator.start({ seed: 5, tickMs: 'manual', quoteTtlMs: 5000 })
    venue = createPrimeVenue({
      ...sim.clientOptions(),
      logger: silentLogger,
      backoff: { initialMs: 5, maxMs: 40, jitter: 'none' },
    })
    if (venue.rfq === undefined || venue.trading === undefined) throw new Error('no rfq with a key')
    rfq = venue.rfq
    fills = record(venue.trading.fills$())
    await sim.privateSubscribed()
  })

  afterEach(async () => {
    fills.stop()
    await venue.close()
    await sim.close()
  })

  const rfqOrders = () => sim.allOrders(SYMBOL).filter((o) => o['type'] === 'RFQ')

  it('a quote accepted within its expiry fills at the quoted price, once', async () => {
    const ask = sim.book(SYMBOL, 1).asks[0]?.price
    const quote = await lastValueFrom(rfq.quote$({ symbol: SYMBOL, side: 'buy', quantity: d('0.5') }))
    expect(quote).to.include({ venue: 'prime', symbol: SYMBOL, side: 'buy' })
    expect(quote.quantity.toString()).to.equal('0.5')
    expect(quote.ask?.gte(ask ?? d('0'))).to.equal(true)
    // the simulator's clock runs: the quote stands 5 s from when it was made
    expect(quote.expiresAt.getTime()).to.be.within(sim.now() + 4000, sim.now() + 5000)
    const usd = sim.balance('USD').total

    const x = await lastValueFrom(rfq.accept(quote, 'buy'))
    expect(x.order.status).to.equal('filled')
    expect(x.fill.price.toString()).to.equal(quote.ask?.toString())
    expect(x.fill.quantity.toString()).to.equal('0.5')
    const value = d('0.5').mul(quote.ask ?? 0)
    expect(sim.balance('USD').total.toString()).to.equal(usd.minus(value).minus(x.fill.fee).toString())
    expect(rfqOrders()).to.have.length(1)
    const seen = await fills.until((f) => f.orderId === x.order.id, 'the fill on fills$')
    expect(seen.tradeId).to.equal(x.fill.tradeId)
    // the orders channel's push of the same execution is not a second fill
    await sim.privateSubscribed()
    expect(fills.seen.filter((f) => f.orderId === x.order.id)).to.have.length(1)
  })

  it("an executed quote is an order with one fill: the execution's, in the order's fills and the fill history", async () => {
    const trading = venue.trading
    if (trading?.fillHistory === undefined) throw new Error('prime has no fill history')
    const quote = await lastValueFrom(rfq.quote$({ symbol: SYMBOL, side: 'sell', quantity: d('0.25') }))
    const x = await lastValueFrom(rfq.accept(quote, 'sell'))
    const own = await lastValueFrom(trading.orderFills({ symbol: SYMBOL, id: x.order.id ?? '' }))
    expect(own).to.deep.equal([x.fill])
    expect(x.fill).to.include({ side: 'sell', feeAsset: 'USD', clientOrderId: quote.id })
    expect(x.fill.price.toString()).to.equal(quote.bid?.toString())
    const history = await lastValueFrom(
      trading.fillHistory({ symbol: SYMBOL, from: new Date(sim.now() - 60_000) }),
    )
    expect(history.filter((f) => f.orderId === x.order.id)).to.deep.equal([x.fill])
  })

  it('a quote accepted after its expiry fails expired, and nothing is executed', async () => {
    const quote = await lastValueFrom(rfq.quote$({ symbol: SYMBOL, side: 'sell', quantity: d('0.1') }))
    expect(quote.bid).to.be.instanceOf(Decimal)
    // the venue's clock runs past the expiry; the driver's does not know it
    sim.advanceClock(6000)
    const failed = await lastValueFrom(rfq.accept(quote, 'sell')).catch((e: unknown) => e)
    expect(failed).to.be.instanceOf(VenueError)
    expect((failed as VenueError).kind).to.equal('expired')
    expect(rfqOrders()).to.deep.equal([])
  })

  it('an accept whose answer is lost is resolved by a lookup: one execution', async () => {
    const quote = await lastValueFrom(rfq.quote$({ symbol: SYMBOL, side: 'buy', quoteQuantity: d('1000') }))
    sim.faults.loseNextResponse()
    const x = await lastValueFrom(rfq.accept(quote, 'buy'))
    expect(x.order.status).to.equal('filled')
    expect(x.order.clientOrderId).to.equal(quote.id)
    expect(rfqOrders(), 'executions at the venue').to.have.length(1)
    const accepts = sim.allOrders(SYMBOL).length
    expect(accepts).to.equal(1)
  })

  it('two-way quotes are refused before sending', async () => {
    const failed = await lastValueFrom(
      rfq.quote$({ symbol: SYMBOL, side: 'two-way', quantity: d('1') }),
    ).catch((e: unknown) => e)
    expect((failed as VenueError).kind).to.equal('invalid-request')
  })
})
