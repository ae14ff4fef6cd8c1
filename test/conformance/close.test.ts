/**
 * (f) `close()` releases everything: with every stream the venue declares open (and `health$`,
 * `events$`), each stream completes and none errors, the simulator sees every socket of the client
 * closed, its HTTP connections and WebSockets are closed when `close()` resolves, and no socket, timer or process
 * listener of the client is left, whether the streams had delivered or not.
 */
import { expect } from 'chai'
import { WebSocket } from 'ws'
import { recordingWebSocket } from '../support/recorded-ws.js'
import { openStreams } from './live-streams.js'
import { httpSockets, leftover, openAtVenue, settled } from './released.js'
import { SIMULATED_VENUES, startRig, streamsMarketData, type Rig } from './rig.js'
import { handles, processListeners, until } from './support.js'

/** How long the handles may take to close once the venue saw the sockets closed (a guard, not a wait). */
const SETTLE_MS = 15_000

// a venue without public streams (custody) has no socket to drop or stream to end
for (const module of SIMULATED_VENUES.filter((m) => m.capabilities.marketData.book)) {
  describe(`${module.id} conformance: (f) close() releases everything`, () => {
    let rig: Rig
    // the client's WebSockets, to see each closed once close() resolves
    let made: WebSocket[]

    beforeEach(async function () {
      if (!streamsMarketData(module)) this.skip()
      const recorded = recordingWebSocket()
      made = recorded.made
      rig = await startRig(module, { seed: 11, driver: { WebSocketCtor: recorded.Ctor } })
    })

    afterEach(async () => {
      await rig?.close()
    })

    for (const when of ['before the first value', 'once every stream delivered'] as const) {
      it(`${when}: every stream completes, the venue sees every socket closed, no handle is left`, async () => {
        // mocha starts the test's own timer once this function returns its promise: measure after that
        await Promise.resolve()
        // before the client does anything: its HTTP pool, sockets and timers are all measured
        const baseline = handles()
        const listeners = processListeners()
        const http = httpSockets()
        const { client, id } = rig
        const instrument = await rig.instrument()
        const live = await openStreams(rig, client, instrument, {
          health: client.health$(id),
          events: client.events$(),
        })
        const market = live.names.filter((n) => n !== 'health' && n !== 'events')
        if (when === 'once every stream delivered') {
          await live.deliverAfter(0, 'before the close')
          expect(openAtVenue(rig), 'sockets open at the venue before the close').to.not.have.length(0)
        } else {
          const early = live.seen.seen.filter((d) => market.includes(d.stream)).map((d) => d.stream)
          expect(early, 'streams that delivered before the close').to.deep.equal([])
        }

        await client.close()
        http.stop()

        expect(made, 'WebSockets opened').to.not.have.length(0)
        expect(
          made.map((ws) => ws.readyState).filter((state) => state !== WebSocket.CLOSED),
          'WebSockets not yet closed once close() resolved',
        ).to.deep.equal([])

        expect(http.sockets, 'HTTP connections opened').to.not.have.length(0)
        expect(
          http.sockets.filter((socket) => !socket.destroyed).length,
          'HTTP connections still open once close() resolved',
        ).to.equal(0)

        expect(
          live.names.filter((n) => live.ended.get(n) !== 'complete').map((n) => `${n}: ${live.ended.get(n)}`),
          'streams not completed by close()',
        ).to.deep.equal([])
        await until(() => openAtVenue(rig).length === 0, 'every socket of the client closed at the venue')
        await settled(() => Object.keys(leftover(baseline)).length === 0, SETTLE_MS)
        expect(leftover(baseline), 'handles left after close()').to.deep.equal({})
        expect(processListeners(), 'process listeners after close()').to.deep.equal(listeners)
        live.stop()
      })
    }
  })
}
