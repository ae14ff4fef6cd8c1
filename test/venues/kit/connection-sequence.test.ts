import { expect } from 'chai'
import { Subject, VirtualTimeScheduler, type Observable } from 'rxjs'
import type { PriceSizeText } from '../../../lib/codec/levels.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookChange } from '../../../lib/core/model.js'
import { ConnectionSequence } from '../../../lib/venues/kit/connection-sequence.js'
import type { VenueEventBody } from '../../../lib/venues/kit/lifecycle.js'
import { createSocketBookFeeds } from '../../../lib/venues/kit/socket-book-feed.js'
import { coinbaseSequence } from '../../../lib/venues/coinbase/spec.js'

describe('ConnectionSequence', () => {
  const track = () => {
    const lost: [number, number][] = []
    const numbers = new ConnectionSequence((expected, got) => lost.push([expected, got]))
    return { numbers, lost }
  }

  it('reports the numbers skipped between two frames, whatever topic each frame was', () => {
    const { numbers, lost } = track()
    for (const n of [0, 1, 2, 4, 5, 9]) numbers.next(n)
    expect(lost).to.deep.equal([
      [3, 4],
      [6, 9],
    ])
  })

  it('takes an older or repeated number as out of order, and an unnumbered frame as nothing', () => {
    const { numbers, lost } = track()
    for (const n of [10, 11, 11, 7, undefined, 12]) numbers.next(n)
    expect(lost).to.deep.equal([])
  })

  it('counts a new connection from its first frame', () => {
    const { numbers, lost } = track()
    for (const n of [0, 1, 2]) numbers.next(n)
    numbers.opened()
    for (const n of [40, 41]) numbers.next(n)
    numbers.opened()
    for (const n of [0, 2]) numbers.next(n)
    expect(lost).to.deep.equal([[1, 2]])
  })
})

interface Frame {
  readonly snapshot: boolean
  readonly n: number
  readonly bids: readonly PriceSizeText[]
}

describe('socket book feeds: a frame lost on the connection', () => {
  it('subscribes every book again for a fresh snapshot, with a gap resync, and holds back what came before it', () => {
    const scheduler = new VirtualTimeScheduler()
    const wires = new Map<string, Subject<Frame>>()
    const keys: string[] = []
    const events: VenueEventBody[] = []
    const feeds = createSocketBookFeeds<Frame>({
      venue: 'coinbase',
      sequence: coinbaseSequence,
      snapshotTimeoutMs: 60_000,
      scheduler,
      logger: silentLogger,
      emit: (e) => events.push(e),
      topic$: (key): Observable<Frame> => {
        keys.push(key)
        const wire = new Subject<Frame>()
        wires.set(key, wire)
        return wire
      },
      read: {
        snapshot: (f) => f.snapshot,
        first: () => undefined,
        last: (f) => f.n,
        bids: (f) => f.bids,
        asks: () => [],
        ts: () => 0,
      },
      isOpen: () => true,
    })
    const seen: string[] = []
    const watch = (topic: string) =>
      feeds
        .changes$(topic, `${topic}/USD` as 'X/USD')
        .subscribe((c: BookChange) => seen.push(`${c.symbol} ${c.isSnapshot ? 'S' : 'd'}${c.sequence}`))
    const level = (p: string): PriceSizeText[] => [[p, '1'] as unknown as PriceSizeText]
    const btc = watch('BTC')
    const eth = watch('ETH')
    wires.get('BTC')?.next({ snapshot: true, n: 1, bids: level('1') })
    wires.get('ETH')?.next({ snapshot: true, n: 2, bids: level('2') })
    wires.get('BTC')?.next({ snapshot: false, n: 4, bids: level('3') })

    feeds.lost()
    expect(keys).to.deep.equal(['BTC', 'ETH', 'BTC#2', 'ETH#2'])
    expect(events).to.deep.equal([
      { type: 'resync', symbol: 'BTC/USD', reason: 'gap' },
      { type: 'resync', symbol: 'ETH/USD', reason: 'gap' },
    ])
    // the new subscriptions share the venue topic: a delta before the new snapshot is not shown
    wires.get('BTC#2')?.next({ snapshot: false, n: 9, bids: level('4') })
    wires.get('BTC#2')?.next({ snapshot: true, n: 10, bids: level('5') })
    wires.get('BTC#2')?.next({ snapshot: false, n: 12, bids: level('6') })
    expect(seen).to.deep.equal(['BTC/USD S1', 'ETH/USD S2', 'BTC/USD d4', 'BTC/USD S10', 'BTC/USD d12'])
    expect(wires.get('BTC')?.observed, 'the old subscription released').to.equal(false)
    btc.unsubscribe()
    eth.unsubscribe()
  })
})
