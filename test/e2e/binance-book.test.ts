import { expect } from 'chai'
import type { ResyncReason, VenueEvent } from '../../index.js'
import {
  expectSameBook,
  record,
  requestsTo,
  seeded,
  startBinanceRig,
  watchBook,
  type BinanceRig,
  type BookWatch,
  type Recorder,
} from './binance-support.js'

const SYMBOL = 'BTC/USDT'
const STREAM = 'btcusdt@depth@100ms'
const DEPTH_PATH = '/api/v3/depth'

const isResync = (reason: ResyncReason) => (e: VenueEvent) => e.type === 'resync' && e.reason === reason

describe('binance e2e: a local order book through the documented races and faults', () => {
  let rig: BinanceRig
  let events: Recorder<VenueEvent>
  let book: BookWatch

  const updateId = () => rig.binance.bookUpdateId(SYMBOL)
  /** Waits for the client's book to show the venue's current update id, then compares it exactly. */
  const settle = async (what: string) => {
    const view = await book.reaches(updateId, what)
    expectSameBook(view, rig.binance.book(SYMBOL))
  }
  const snapshots = () => requestsTo(rig.simEvents.seen, 'GET', DEPTH_PATH)

  beforeEach(async () => {
    rig = await startBinanceRig({ seed: 42 })
    events = record(rig.client.events$())
    book = watchBook(rig.client, SYMBOL)
    await rig.binance.subscribed(STREAM)
  })

  afterEach(async () => {
    book.stop()
    events.stop()
    await rig.close()
  })

  it('fetches the snapshot again while it is older than the first buffered event', async () => {
    const { binance } = rig
    const start = updateId()
    binance.faults.staleSnapshot(4) // lastUpdateId start + 2 - 4: before the event's U = start + 1
    binance.faults.staleSnapshot(3) // the second one is still too old
    binance.step(1, SYMBOL)
    binance.step(1, SYMBOL)
    expect(updateId()).to.equal(start + 2)

    await settle('the book after two stale snapshots')
    expect(
      snapshots().map((r) => r.status),
      'two stale snapshots, then a fresh one',
    ).to.deep.equal([200, 200, 200])
    expect(book.sequences[0], 'the book starts at the fresh snapshot').to.be.at.least(start + 1)
    expect(
      events.count((e) => e.type === 'resync'),
      'no resync: refetching is part of syncing',
    ).to.equal(0)

    binance.step(25, SYMBOL)
    await settle('the book after more updates')
    expect(snapshots()).to.have.length(3)
  })

  it('drops the buffered events a newer snapshot covers and applies the rest', async () => {
    const { binance } = rig
    const start = updateId()
    binance.faults.holdDepth()
    for (let i = 0; i < 6; i++) binance.step(1, SYMBOL) // six events, held: start+1 .. start+6
    binance.faults.staleSnapshot(2) // the snapshot, fetched on the first event, shows start + 4
    binance.faults.releaseDepth() // all six reach the client before any snapshot answer

    await settle('the book after the released events')
    expect(snapshots()).to.have.length(1)
    // snapshot at start+4 (events 1-4 dropped), then events 5 and 6 applied one by one
    expect(book.sequences).to.deep.equal([start + 4, start + 5, start + 6])
    expect(events.count((e) => e.type === 'resync')).to.equal(0)

    binance.step(40, SYMBOL)
    await settle('the book after more updates')
    expect(book.sequences.slice(-1)).to.deep.equal([start + 46])
  })

  it('rebuilds from a new snapshot after a gap once in sync', async () => {
    const { binance } = rig
    binance.step(10, SYMBOL)
    await settle('the first book')
    expect(snapshots()).to.have.length(1)

    binance.faults.skipUpdateId()
    const before = updateId()
    binance.step(10, SYMBOL)
    await events.until(isResync('gap'), 'a resync after the skipped update id')
    await settle('the rebuilt book')
    expect(snapshots(), 'one more snapshot').to.have.length(2)
    // never a view between the last good update id and the rebuild
    const after = book.sequences.filter((s) => s > before)
    expect(after[0], 'the first view after the gap is the new snapshot').to.equal(updateId())

    binance.step(10, SYMBOL)
    await settle('the book after the rebuild')
    expect(events.count(isResync('gap'))).to.equal(1)
  })

  it('equals the venue book at every settle point through 10 000 random updates and 5 dropped connections', async () => {
    const { binance, simEvents } = rig
    const UPDATES = 10_000
    const BATCHES = 20
    const DROPS = new Set([2, 6, 10, 13, 17])
    const random = seeded(4242)
    const subscribedTo = (e: { type: string; streams?: readonly string[] }) =>
      e.type === 'subscribed' && (e.streams ?? []).includes(STREAM)
    let published = 0
    let settles = 0

    binance.step(1, SYMBOL)
    published += 1
    await settle('the first book')
    for (let batch = 0; batch < BATCHES; batch++) {
      // one batch: several depth events of random sizes, adding up to the batch's share of updates
      const target = Math.round(((batch + 1) * (UPDATES - 1)) / BATCHES) + 1
      if (DROPS.has(batch)) {
        const resyncs = events.count(isResync('reconnect'))
        const subscriptions = simEvents.count(subscribedTo)
        binance.faults.dropSockets()
        const away = 1 + random(200)
        binance.step(away, SYMBOL) // while the client is away: only a fresh snapshot can catch up
        published += away
        await events.untilCount(isResync('reconnect'), resyncs + 1, 'a resync after the dropped connection')
        await simEvents.untilCount(subscribedTo, subscriptions + 1, 'the stream subscribed again')
      }
      while (published < target) {
        const n = Math.min(target - published, 1 + random(120))
        binance.step(n, SYMBOL)
        published += n
      }
      await settle(`update id ${updateId()} after batch ${batch}${DROPS.has(batch) ? ' (dropped)' : ''}`)
      settles++
    }

    expect(published).to.equal(UPDATES)
    expect(settles).to.equal(BATCHES)
    expect(events.count(isResync('reconnect')), 'reconnect resyncs').to.equal(DROPS.size)
    expect(events.count(isResync('gap')), 'gap resyncs').to.equal(0)
    expect(events.count((e) => e.type === 'decode-error')).to.equal(0)
    expect(
      snapshots().map((r) => r.status),
      'one snapshot to start and one per reconnect',
    ).to.deep.equal(Array.from({ length: DROPS.size + 1 }, () => 200))
  })
})
