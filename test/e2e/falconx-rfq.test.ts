/**
 * FalconX RFQ against the simulator on 127.0.0.1, through the public client: a quote accepted within
 * its expiry (its fill on `trading.fills$` too), one accepted after it (`expired`, nothing executed),
 * and an accept whose answer is lost (one execution, the outcome found).
 */
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { createClient, Decimal, silentLogger, VenueError, type Client, type RfqVenue } from 'rxvenue'
import { FalconxSimulator } from '../../lib/testing/falconx/index.js'
import { hasRfq } from '../../lib/venues/contract/venue.js'
import { record } from './support.js'

const d = (s: string) => new Decimal(s)
const REQUEST = { symbol: 'BTC/USD', side: 'two-way', quantity: d('0.5') } as const

describe('falconx e2e: RFQ', () => {
  let sim: FalconxSimulator
  let client: Client
  let venue: RfqVenue

  const start = async (options: Parameters<typeof FalconxSimulator.start>[0] = {}) => {
    sim = await FalconxSimulator.start({ seed: 3, tickMs: 'manual', ...options })
    client = createClient({
      venues: {
        falconx: { ...sim.clientOptions(), logger: silentLogger, backoff: { initialMs: 5, maxMs: 20 } },
      },
      logger: silentLogger,
    })
    const v = client.venue('falconx')
    if (!hasRfq(v)) throw new Error('falconx has no rfq surface')
    venue = v
  }

  afterEach(async () => {
    await client?.close()
    await sim?.close()
  })

  it('a quote accepted within its expiry: one execution, the fill, the balances moved, the fill on trading.fills$', async () => {
    await start()
    const fills = record(client.account('falconx').fills$())
    const usd0 = sim.balance('USD').total
    const btc0 = sim.balance('BTC').total
    const quote = await firstValueFrom(venue.rfq.quote$(REQUEST))
    expect(quote).to.include({ venue: 'falconx', symbol: 'BTC/USD', side: 'two-way' })
    expect(quote.quantity.eq('0.5')).to.equal(true)
    expect(quote.ask?.gt(quote.bid ?? 0)).to.equal(true)
    expect(quote.expiresAt.getTime()).to.be.above(Date.now())

    const x = await lastValueFrom(venue.rfq.accept(quote, 'buy'))

    expect(x.order).to.include({ status: 'filled', id: quote.id, side: 'buy' })
    expect(x.fill.price.eq(quote.ask ?? 0)).to.equal(true)
    expect(sim.executions().map((e) => e['fx_quote_id'])).to.deep.equal([quote.id])
    expect(sim.balance('USD').total.eq(usd0.minus(x.fill.price.mul('0.5')))).to.equal(true)
    expect(sim.balance('BTC').total.eq(btc0.plus('0.5'))).to.equal(true)
    const seen = await fills.until((f) => f.tradeId === quote.id, 'the RFQ fill on trading.fills$')
    expect(seen.price.eq(x.fill.price)).to.equal(true)
    fills.stop()
  })

  it('a quote held past its expiry by the venue clock the driver keeps: expired, nothing sent', async () => {
    // the local clock is 20 s ahead of the venue's: the driver compares expiries at venue time, so a
    // fresh quote is live (before, by the local clock, every quote arrived expired)
    await start({ clock: { at: Date.now() - 20_000, running: true } })
    const quote = await firstValueFrom(venue.rfq.quote$(REQUEST))
    const x = await lastValueFrom(venue.rfq.accept(quote, 'buy'))
    expect(x.order.status).to.equal('filled')
    // a quote held past its 5 s life and then some: the driver's venue clock, read from whole-second
    // `Date` headers, may run up to 1 s behind the venue's
    const held = await firstValueFrom(venue.rfq.quote$(REQUEST))
    const stale = { ...held, expiresAt: new Date(held.expiresAt.getTime() - 7_000) }
    const events = record(sim.events$)
    const error = await lastValueFrom(venue.rfq.accept(stale, 'buy')).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError)
    expect((error as VenueError).kind).to.equal('expired')
    expect(events.count((e) => e.type === 'request')).to.equal(0)
    expect(sim.executions().length).to.equal(1)
    events.stop()
  })

  it('a quote the venue holds expired: expired, nothing executed', async () => {
    await start()
    const quote = await firstValueFrom(venue.rfq.quote$(REQUEST))
    sim.faults.expireQuotes()
    const error = await lastValueFrom(venue.rfq.accept(quote, 'sell')).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError)
    expect((error as VenueError).kind).to.equal('expired')
    expect(sim.executions()).to.deep.equal([])
    // and by the venue's clock
    const late = await firstValueFrom(venue.rfq.quote$(REQUEST))
    sim.advanceClock(5_000)
    const error2 = await lastValueFrom(venue.rfq.accept(late, 'buy')).catch((e: unknown) => e)
    expect((error2 as VenueError).kind).to.equal('expired')
    expect(sim.executions()).to.deep.equal([])
  })

  it('an accept whose answer is lost: executed once at the venue, the outcome found by the quote status', async () => {
    await start()
    const events = record(sim.events$)
    const quote = await firstValueFrom(venue.rfq.quote$(REQUEST))
    sim.faults.loseNextResponse()

    const x = await lastValueFrom(venue.rfq.accept(quote, 'sell'))

    expect(x.order).to.include({ status: 'filled', id: quote.id, side: 'sell' })
    expect(x.fill.price.eq(quote.bid ?? 0)).to.equal(true)
    expect(sim.executions().map((e) => e['fx_quote_id'])).to.deep.equal([quote.id])
    const executes = events.seen.filter((e) => e.type === 'request' && e.path === '/v1/quotes/execute')
    expect(executes.map((e) => (e.type === 'request' ? e.status : -1))).to.deep.equal([0])
    expect(events.count((e) => e.type === 'request' && e.path === `/v1/quotes/${quote.id}`)).to.be.at.least(1)
    events.stop()
  })

  it('a quote asked through 5xx answers and a slow one: retried, then answered', async () => {
    await start()
    await firstValueFrom(client.instruments$('falconx'))
    const events = record(sim.events$)
    sim.faults.failNext(2, 503)
    const quote = await firstValueFrom(venue.rfq.quote$(REQUEST))
    expect(quote.ask).to.not.equal(undefined)
    const asked = events.seen.filter((e) => e.type === 'request' && e.path === '/v1/quotes')
    expect(asked.map((e) => (e.type === 'request' ? e.status : -1))).to.deep.equal([503, 503, 200])
    sim.faults.slowNext(1, 150)
    const slow = await firstValueFrom(venue.rfq.quote$(REQUEST))
    expect(slow.id).to.not.equal(quote.id)
    events.stop()
  })
})
