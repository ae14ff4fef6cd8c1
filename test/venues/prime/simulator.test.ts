/**
 * The Prime simulator's feed checks every subscription's signature as Prime does, and its injected
 * 5xx answers are retried by the driver's REST client (a GET is idempotent).
 */
import { expect } from 'chai'
import { lastValueFrom, Observable } from 'rxjs'
import WebSocket from 'ws'
import { silentLogger } from '../../../lib/core/logging.js'
import { PrimeSimulator } from '../../../lib/testing/prime/prime-simulator.js'
import { createPrimeVenue } from '../../../lib/venues/prime/driver.js'
import { primeSubscription } from '../../../lib/venues/prime/sign.js'
import { record } from '../../e2e/support.js'

describe('prime simulator', () => {
  let sim: PrimeSimulator

  beforeEach(async () => {
    sim = await PrimeSimulator.start({ seed: 21, tickMs: 'manual' })
  })

  afterEach(async () => {
    await sim.close()
  })

  it('refuses a subscription signed with the base64-decoded secret, takes the documented one', async () => {
    const { apiKey, secret, passphrase, serviceAccountId } = sim.clientOptions()
    const key = { apiKey, secret, passphrase, serviceAccountId }
    const ws = new WebSocket(sim.wsUrl)
    const opened = new Promise((resolve) => ws.once('open', resolve))
    const frames = record(
      new Observable<Record<string, unknown>>((s) => {
        ws.on('message', (data: Buffer) => s.next(JSON.parse(data.toString()) as Record<string, unknown>))
      }),
    )
    await opened
    const good = primeSubscription(key, 'subscribe', 'l2_data', ['BTC-USD'], '', sim.now())
    const decoded = primeSubscription(
      { ...key, secret: Buffer.from(secret, 'base64').toString('latin1') },
      'subscribe',
      'l2_data',
      ['BTC-USD'],
      '',
      sim.now(),
    )
    ws.send(JSON.stringify(decoded))
    const refused = await frames.until((f) => f['type'] === 'error', 'the refusal')
    expect(refused['message']).to.equal('invalid signature')
    ws.send(JSON.stringify({ ...good, timestamp: String(Math.floor(sim.now() / 1000) - 31) }))
    await frames.untilCount((f) => f['type'] === 'error', 2, 'the stale timestamp refused')
    ws.send(JSON.stringify(good))
    const snapshot = await frames.until((f) => f['channel'] === 'l2_data', 'the snapshot')
    expect(snapshot['sequence_num']).to.equal(1)
    expect(frames.seen.filter((f) => f['channel'] === 'subscriptions')).to.have.length(1)
    frames.stop()
    ws.close()
  })

  it('a 500 answered to a read is retried by the driver', async () => {
    const venue = createPrimeVenue({ ...sim.clientOptions(), logger: silentLogger })
    const trading = venue.trading
    if (trading === undefined) throw new Error('no trading with a key')
    const requests = record(sim.events$)
    // the listing, and the venue clock measured: the next request is the balances'
    await lastValueFrom(trading.balances())
    const mark = requests.seen.length
    sim.faults.failNext(1, 500)
    const balances = await lastValueFrom(trading.balances())
    expect(balances.find((b) => b.asset === 'USD')?.total.toString()).to.equal('1000000')
    const statuses = requests.seen
      .slice(mark)
      .flatMap((e) => (e.type === 'request' && e.path.endsWith('/balances') ? [e.status] : []))
    expect(statuses).to.deep.equal([500, 200])
    requests.stop()
    await venue.close()
  })
})
