import { expect } from 'chai'
import WebSocket from 'ws'
import { createClient, silentLogger, type Client, type VenueEvent } from '../../index.js'
import { createBinanceContext } from '../../lib/venues/binance/context.js'
import { createBybitContext } from '../../lib/venues/bybit/context.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { record, signal } from './support.js'

/** Every socket the drivers open, so a test can hand one a frame as if the venue had sent it. */
class TappedWebSocket extends WebSocket {
  static readonly opened: TappedWebSocket[] = []

  constructor(url: string, protocols?: string | string[], options?: WebSocket.ClientOptions) {
    super(url, protocols, options)
    TappedWebSocket.opened.push(this)
  }

  /** Delivers `text` as a received text frame, past ws's own size check. */
  receive(text: string): void {
    this.emit('message', Buffer.from(text), false)
  }
}

const tapped = (path: string): TappedWebSocket => {
  const socket = [...TappedWebSocket.opened].reverse().find((s) => s.url.includes(path))
  if (socket === undefined) throw new Error(`no socket to ${path} was opened`)
  return socket
}

/** Two MiB of text: over the default cap of 1 MiB. */
const OVERSIZED = JSON.stringify({ topic: 'orderbook.200.BTCUSDT', pad: 'x'.repeat(2 * 1_048_576) })

describe('frame size cap of the drivers (e2e)', function () {
  this.timeout(30_000)
  let sim: Simulator
  let client: Client

  beforeEach(async () => {
    TappedWebSocket.opened.length = 0
    sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 11 })
    client = createClient({
      ...sim.clientOptions(),
      transports: { WebSocket: TappedWebSocket },
      logger: silentLogger,
    })
  })

  afterEach(async () => {
    await client.close()
    await sim.close()
  })

  it('defaults to 1 MiB for both venues', () => {
    expect(createBybitContext().options.maxFrameBytes).to.equal(1_048_576)
    expect(createBinanceContext().options.maxFrameBytes).to.equal(1_048_576)
  })

  for (const [venue, path, stream] of [
    ['bybit', '/v5/public/spot', 'orderbook.200.BTCUSDT'],
    ['binance', '/stream', 'btcusdt@depth@100ms'],
  ] as const) {
    it(`${venue}: an oversized market frame drops the connection and the book resyncs`, async () => {
      const events = record(client.events$())
      const views = record(client.orderBook$(venue, 'BTC/USDT'))
      await sim.venue(venue).subscribed(stream)
      sim.venue(venue).step(1, 'BTC/USDT') // Binance's book starts at the first event after its snapshot
      await views.until(() => true, 'a first book view')
      tapped(path).receive(OVERSIZED)
      const down = await events.until(
        (e) => e.venue === venue && e.type === 'disconnected' && e.channel === 'public',
        'a disconnect',
      )
      expect(down.type === 'disconnected' && down.reason).to.contain('maxFrameBytes (1048576)')
      await events.until(
        (e) =>
          e.venue === venue && e.type === 'resync' && e.symbol === 'BTC/USDT' && e.reason === 'reconnect',
        'a resync after the reconnect',
      )
      views.stop()
      events.stop()
    })
  }

  for (const [venue, channel, path] of [
    ['bybit', 'private', '/v5/private'],
    ['binance', 'user-data', '/ws-api'],
  ] as const) {
    it(`${venue}: an oversized frame on the ${channel} socket drops and reopens it`, async () => {
      const events = record(client.events$())
      const isOpen =
        (reconnect: boolean) =>
        (e: VenueEvent): boolean =>
          e.venue === venue && e.type === 'connected' && e.channel === channel && e.reconnect === reconnect
      const updates = client.account(venue).orderUpdates$().subscribe()
      await events.until(isOpen(false), `the ${channel} socket open`)
      tapped(path).receive(OVERSIZED)
      await signal(client.events$(), isOpen(true), `the ${channel} socket open again`)
      expect(
        events.count((e) => e.venue === venue && e.type === 'reconnecting' && e.channel === channel),
      ).to.equal(1)
      updates.unsubscribe()
      events.stop()
    })
  }
})
