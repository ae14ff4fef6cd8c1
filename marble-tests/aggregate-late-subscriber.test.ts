import { expect } from 'chai'
import { map, NEVER } from 'rxjs'
import type { ConnectionHealth, SocketState, VenueHealthSnapshot } from '../lib/venues/contract/index.js'
import { watchPair, type PairState } from '../streams/aggregate/index.js'
import { replayAgeMs, shareLatest } from '../streams/share-latest.js'
import { BYBIT, book, newScheduler } from './aggregate-pairs-support.js'

// A pair watched by a subscriber that comes late, while the venue's view is shared (the client's
// `orderBook$`): the view it is handed at once was received earlier, maybe before its venue went down.

const connection = (channel: string, state: SocketState, messages = 10): ConnectionHealth => ({
  channel,
  state,
  messages,
  lastMessageAt: undefined,
  reconnects: 0,
})
const health =
  (...connections: ConnectionHealth[]) =>
  (): VenueHealthSnapshot => ({
    at: 0,
    connections,
    rest: { requests: 0, failures: 0, lastLatencyMs: undefined, latencyMs: undefined },
    rateLimit: undefined,
    breaker: undefined,
  })

const text = (s: PairState) =>
  `${s.stale ? s.staleReason : 'fresh'} ${s.book?.bids[0]?.price.toString() ?? '-'} ${s.lastBookAt ?? '-'}`

describe('shareLatest: the age of a replayed value', () => {
  it('tells, while it hands the latest value to a subscriber that joins, how long ago it was received', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, flush }) => {
      const a = { n: 1 }
      const shared = shareLatest(hot('--a------', { a }))
      const live: (number | undefined)[] = []
      shared.subscribe((v) => live.push(replayAgeMs(v)))
      const late: (number | undefined)[] = []
      scheduler.schedule(() => shared.subscribe((v) => late.push(replayAgeMs(v))), 7)
      flush()
      // a value as it arrives is no replay; the replay at 7 is of a value received at 2
      expect(live).to.deep.equal([undefined])
      expect(late).to.deep.equal([5])
      expect(replayAgeMs(a)).to.equal(undefined)
    })
  })
})

describe('watchPair: a late subscriber to a shared book', () => {
  it('counts a replayed view from when it was received: fresh for the rest of the window, silent at once if older', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const books = hot('-a--b-----------c', {
        a: book('bybit', '100'),
        b: book('bybit', '101'),
        c: book('bybit', '102'),
      })
      const shared = shareLatest(books)
      shared.subscribe() // someone already watches the book
      const watch = () => watchPair(BYBIT, shared, NEVER, { staleAfterMs: 7, scheduler }).pipe(map(text))
      // joins at 6: b (received at 4) is 2 ms old, so silent at 11, not at 13
      expectObservable(watch(), '------^----------!').toBe('------(Cb)-S----c', {
        C: 'connecting - -',
        b: 'fresh 101 4',
        S: 'silent 101 4',
        c: 'fresh 102 16',
      })
      // joins at 11: b is 7 ms old, as old as the window: silent at once, never fresh
      expectObservable(watch(), '-----------^-----!').toBe('-----------(CS)-c', {
        C: 'connecting - -',
        S: 'silent 101 4',
        c: 'fresh 102 16',
      })
    })
  })

  it("starts disconnected while its venue's market-data connection is down, and keeps a replayed view stale", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const books = hot('-a-----------c', { a: book('bybit', '100'), c: book('bybit', '102') })
      const shared = shareLatest(books)
      shared.subscribe()
      const watch = (down: () => VenueHealthSnapshot) =>
        watchPair(BYBIT, shared, NEVER, { staleAfterMs: 100, scheduler, health: down }).pipe(map(text))
      // the connection dropped before the subscription: the view from before the drop is not used
      expectObservable(watch(health(connection('public', 'reconnecting'))), '---^----------!').toBe(
        '---(XY)------c',
        {
          X: 'disconnected - -',
          Y: 'disconnected 100 1',
          c: 'fresh 102 13',
        },
      )
      // a reconnect attempt under way is no open connection either
      expectObservable(watch(health(connection('public', 'connecting'))), '---^----------!').toBe(
        '---(CY)------c',
        {
          C: 'connecting - -',
          Y: 'disconnected 100 1',
          c: 'fresh 102 13',
        },
      )
      // an account connection down, or a market one open, leaves the view fresh
      const fine = health(connection('private', 'reconnecting'), connection('public', 'open'))
      expectObservable(watch(fine), '---^----------!').toBe('---(Ca)------c', {
        C: 'connecting - -',
        a: 'fresh 100 1',
        c: 'fresh 102 13',
      })
    })
  })

  it('starts disconnected, not connecting, when the venue is down before any book', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const books = hot('-------c', { c: book('bybit', '102') })
      const down = health(connection('public', 'reconnecting', 0))
      const reasons = watchPair(BYBIT, books, NEVER, { staleAfterMs: 100, scheduler, health: down }).pipe(
        map(text),
      )
      expectObservable(reasons, '^-------!').toBe('X------c', { X: 'disconnected - -', c: 'fresh 102 7' })
    })
  })
})
