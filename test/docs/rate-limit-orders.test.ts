/**
 * The README's error table says what a rate limit does to an order, and the venues do that: a create
 * the venue refuses for its rate limit is not resent (an answer settles a placement); the error is
 * retryable, carries the venue's wait, and nothing was placed.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { Decimal, createClient, silentLogger, VenueError, type Client } from '../../index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { record, type Recorder } from '../e2e/support.js'

const README = readFileSync('README.md', 'utf8')

/** What the test reads of each simulator's events. */
type SimEvent = { readonly type: string; readonly method?: string }

const VENUES = [
  ['bybit', 'BTC/USDT'],
  ['binance', 'BTC/USDT'],
  ['coinbase', 'BTC/USD'],
] as const

/** The cells of the README error table's row for `kind`. */
function errorRow(kind: string): string[] {
  const row = README.split('\n').find((l) => l.startsWith(`| \`${kind}\``))
  expect(row, `README error table row ${kind}`).to.be.a('string')
  return (row ?? '')
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim())
}

describe('README: a rate-limited order', function () {
  this.timeout(30_000)
  let sim: Simulator
  let client: Client
  let sent: Recorder<SimEvent>[]

  before(async () => {
    sim = await startSimulator({ venues: VENUES.map(([v]) => v), seed: 11 })
    client = createClient({ venues: sim.clientOptions().venues, logger: silentLogger })
    sent = VENUES.map(([v]) => record<SimEvent>(sim.venue(v).events$))
    // listings and clocks first, so the next request of each venue is its order
    for (const [venue] of VENUES) {
      await firstValueFrom(client.instruments$(venue))
      await firstValueFrom(client.account(venue).openOrders())
    }
  })

  after(async () => {
    await client.close()
    for (const r of sent) r.stop()
    await sim.close()
  })

  it('the error table says orders are not retried and nothing was placed', () => {
    const [, retried, , whatToDo] = errorRow('rate-limit')
    expect(retried).to.equal('yes (idempotent requests)')
    expect(whatToDo).to.contain('Orders: fail at once, retryable, nothing was placed')
  })

  VENUES.forEach(([venue, symbol], i) => {
    it(`${venue}: a 429 on the create fails the order at once, retryable, with the venue's wait; one POST, no order`, async () => {
      const posts = () =>
        (sent[i]?.seen ?? []).filter((e) => e.type === 'request' && e.method === 'POST').length
      const before = posts()
      sim.venue(venue).faults.failNext(1, 429, { retryAfterSec: 1 })
      const clientOrderId = `rl-${venue}`
      const error = await lastValueFrom(
        client.account(venue).placeOrder({
          symbol,
          side: 'buy',
          type: 'limit',
          price: new Decimal('1000'),
          quantity: new Decimal('0.01'),
          clientOrderId,
        }),
      ).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).to.be.instanceOf(VenueError)
      const e = error as VenueError
      expect([e.kind, e.retryable, e.retryAfterMs, e.clientOrderId]).to.deep.equal([
        'rate-limit',
        true,
        1000,
        clientOrderId,
      ])
      expect(posts() - before, 'the create is sent once').to.equal(1)
      const open = await firstValueFrom(client.account(venue).openOrders())
      expect(open.map((o) => o.clientOrderId)).to.not.include(clientOrderId)
    })
  })
})
