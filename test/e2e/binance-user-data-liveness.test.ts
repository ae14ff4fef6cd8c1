import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { Decimal, type VenueEvent, type VenueHealth } from '../../index.js'
import { USER_DATA_CHANNEL } from '../../lib/venues/binance/private-ws.js'
import { record, signal, startBinanceRig, type BinanceRig } from './binance-support.js'

const STALE_AFTER_MS = 1000

describe('binance e2e: the user data socket of a quiet account', function () {
  this.timeout(30_000)
  let rig: BinanceRig | undefined

  afterEach(async () => {
    await rig?.close()
    rig = undefined
  })

  it('stays up on answered pings; a connection gone silent goes stale and is replaced', async () => {
    rig = await startBinanceRig({ seed: 11, driver: { staleAfterMs: STALE_AFTER_MS } })
    const { binance, client, simEvents } = rig
    const account = client.account('binance')
    const events = record(client.events$())
    const orders = record(account.orderUpdates$())
    await binance.userStreamSubscribed()
    const userData = (h: VenueHealth) => h.connections.find((c) => c.channel === USER_DATA_CHANNEL)
    const lost = (e: VenueEvent) => e.type === 'disconnected' && e.channel === USER_DATA_CHANNEL

    // nothing to push for three times staleAfterMs: the ping replies keep the one connection alive
    const since = Date.now()
    await signal(
      client.health$('binance', { intervalMs: 100 }),
      (h) => (userData(h)?.messages ?? 0) >= 7 && Date.now() - since >= 3 * STALE_AFTER_MS,
      'ping replies for three times staleAfterMs',
    )
    expect(events.count(lost), 'user data connections lost').to.equal(0)
    expect(simEvents.count((e) => e.type === 'connected' && e.channel === 'ws-api')).to.equal(1)

    // the venue stops sending without closing: the dead connection goes stale and is replaced
    void binance.faults.silence()
    const stale = await events.until(lost, 'the user data socket going stale')
    expect(stale.type === 'disconnected' && stale.reason).to.match(/^stale/)
    binance.faults.resume()
    await simEvents.untilCount((e) => e.type === 'user-stream', 2, 'a second user data subscription')

    // the new connection carries the account's events
    const bid = binance.book('BTC/USDT', 1).bids[0]?.price
    if (bid === undefined) throw new Error('the venue has no bid')
    await lastValueFrom(
      account.placeOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        price: bid,
        quantity: new Decimal('0.01'),
        clientOrderId: 'after-stale',
      }),
    )
    await orders.until((o) => o.clientOrderId === 'after-stale', 'the order on the new connection')
    events.stop()
    orders.stop()
  })
})
