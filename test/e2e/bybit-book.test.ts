import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import type { Instrument, ResyncReason, VenueEvent } from '../../index.js'
import { expectSameBook, record, startRig, watchBook, type BybitRig } from './support.js'

const SYMBOL = 'BTC/USDT'
const DEPTH = 50
const TOPIC = 'orderbook.50.BTCUSDT'
const DELTAS = 10_000
const STEPS_PER_BATCH = 800
const STALE_MS = 250
/** Long enough for the driver to find the feed stale and reconnect into the silence at least once. */
const SILENCE_MS = 3 * STALE_MS

type Fault = 'drop' | 'silence' | 'skip'
/** Which batch of random changes each fault is injected into. */
const FAULTS: ReadonlyMap<number, Fault> = new Map<number, Fault>([
  [1, 'drop'],
  [3, 'drop'],
  [5, 'silence'],
  [7, 'drop'],
  [9, 'skip'],
  [11, 'drop'],
  [13, 'drop'],
])
const LAST_FAULT = Math.max(...FAULTS.keys())

const isResync = (reason: ResyncReason) => (e: VenueEvent) => e.type === 'resync' && e.reason === reason
const isReconnected = (e: VenueEvent) => e.type === 'connected' && e.channel === 'public' && e.reconnect

describe('bybit e2e: a live order book through faults', () => {
  let rig: BybitRig
  let instrument: Instrument

  beforeEach(async () => {
    rig = await startRig({
      seed: 42,
      driver: { staleAfterMs: STALE_MS, backoff: { initialMs: 5, maxMs: 40, jitter: 'none' } },
    })
    const listed = await lastValueFrom(rig.client.instruments$('bybit'))
    const btc = listed.find((i) => i.symbol === SYMBOL)
    if (btc === undefined) throw new Error(`${SYMBOL} is not listed`)
    instrument = btc
  })

  afterEach(() => rig.close())

  it('equals the venue book exactly after every batch of 10 000 deltas, 5 drops, a silence and a gap', async () => {
    const { client, bybit } = rig
    const events = record(client.events$())
    const book = watchBook(client, SYMBOL, DEPTH)
    const updateId = () => bybit.bookUpdateId(SYMBOL, DEPTH)
    let settles = 0
    const settle = async (what: string) => {
      const view = await book.reaches(updateId, what)
      expectSameBook(view, bybit.book(SYMBOL, DEPTH), instrument)
      settles++
    }
    const step = () => {
      const before = updateId()
      bybit.step(STEPS_PER_BATCH, SYMBOL)
      return updateId() - before
    }

    try {
      await bybit.subscribed(TOPIC)
      await settle('the first snapshot')
      let published = 0
      for (let batch = 0; published < DELTAS || batch <= LAST_FAULT; batch++) {
        const fault = FAULTS.get(batch)
        if (fault === 'drop') {
          const resyncs = events.count(isResync('reconnect'))
          bybit.faults.dropSockets()
          published += step() // published while the client is away: only a fresh snapshot can catch up
          await events.untilCount(isResync('reconnect'), resyncs + 1, 'resync after a dropped socket')
        } else if (fault === 'silence') {
          const silence = bybit.faults.silence(SILENCE_MS)
          published += step()
          await events.until(isResync('stale'), 'resync after a stale feed')
          await silence
        } else if (fault === 'skip') {
          bybit.faults.skipUpdateId()
          published += step()
          await events.until(isResync('gap'), 'resync after a skipped update id')
        } else {
          published += step()
        }
        await settle(`update id ${updateId()} after batch ${batch} (${fault ?? 'no fault'})`)
      }

      expect(published).to.be.at.least(DELTAS)
      expect(settles).to.be.at.least(LAST_FAULT + 2)
      expect(events.count(isResync('reconnect')), 'reconnect resyncs').to.be.at.least(5)
      expect(events.count(isResync('stale')), 'stale resyncs').to.be.at.least(1)
      expect(events.count(isResync('gap')), 'gap resyncs').to.equal(1)
      // five drops and at least one reconnect out of the silence
      expect(events.count(isReconnected), 'reconnections').to.be.at.least(6)
      expect(
        events.count((e) => e.type === 'disconnected' && e.channel === 'public'),
        'disconnections',
      ).to.be.at.least(6)
      expect(events.count((e) => e.type === 'decode-error')).to.equal(0)
    } finally {
      book.stop()
      events.stop()
    }
  })
})
