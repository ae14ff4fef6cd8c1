import { expect } from 'chai'
import { asyncScheduler, map, mergeMap, NEVER, Subject, throwError, timer, type Observable } from 'rxjs'
import { rangedUpdateIds } from '../../../lib/book/sequence-rules.js'
import { DecodeError, VenueError } from '../../../lib/core/errors.js'
import type { DecimalText } from '../../../lib/codec/decimal.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { BookChange } from '../../../lib/core/model.js'
import { REOPENED } from '../../../lib/transport/socket-pool.js'
import type { VenueEventBody } from '../../../lib/venues/kit/lifecycle.js'
import {
  createRestBookFeeds,
  type BookSnapshot,
  type RestBook,
  type RestBookFeeds,
} from '../../../lib/venues/kit/rest-book-feed.js'
import { testScheduler } from '../support.js'

/** A checked decimal text of 1. */
const ONE = '1' as DecimalText

/** A made-up venue's diff event: ids `from..to`. */
interface Diff {
  readonly type: 'diff'
  readonly from: number
  readonly to: number
  readonly at: number
}

const diff = (from: number, to: number): Diff => ({ type: 'diff', from, to, at: from * 10 })

/** Snapshot answers in order: each after `delayMs`, a sequence or an error. */
type Answer = { readonly delayMs: number } & ({ readonly sequence: number } | { readonly error: VenueError })

function setup(answers: Answer[]) {
  const stream = new Subject<unknown>()
  const events: VenueEventBody[] = []
  const asked: { at: number; limit: number }[] = []
  const feeds: RestBookFeeds = createRestBookFeeds<Diff>({
    venue: 'mock',
    sequence: rangedUpdateIds,
    scheduler: asyncScheduler,
    logger: silentLogger,
    emit: (e) => events.push(e),
    stream$: () => stream,
    read: {
      event: (item) => ((item as Diff).type === 'diff' ? (item as Diff) : undefined),
      first: (e) => e.from,
      last: (e) => e.to,
      bids: () => [[ONE, ONE]],
      asks: () => [],
      ts: (e) => e.at,
    },
    now: () => 7,
    backoff: { initialMs: 100, jitter: 'none' },
  })
  const snapshot = (limit: number): Observable<BookSnapshot> => {
    asked.push({ at: asyncScheduler.now(), limit })
    const answer = answers.shift()
    if (answer === undefined) return NEVER
    if ('error' in answer) return timer(answer.delayMs).pipe(mergeMap(() => throwError(() => answer.error)))
    return timer(answer.delayMs).pipe(map(() => ({ sequence: answer.sequence, bids: [], asks: [] })))
  }
  const book: RestBook = { stream: 'book', symbol: 'BTC/USDT', snapshot }
  const watch = (limit = 100): string[] => {
    const seen: string[] = []
    feeds.changes$(book, limit).subscribe({
      next: (c: BookChange) =>
        seen.push(
          c.isSnapshot ? `S${c.sequence}` : `D${c.firstSequence}-${c.sequence}<${c.previousSequence}`,
        ),
      error: (e: unknown) => seen.push(`#${(e as Error).message}`),
    })
    return seen
  }
  const resyncs = () => events.flatMap((e) => (e.type === 'resync' ? [e.reason] : []))
  return { stream, events, asked, watch, resyncs }
}

describe('REST-snapshot book feed', () => {
  it('buffers, asks on the first event, fetches again while the snapshot is older than the buffer, then drops what it covers', () => {
    testScheduler().run(() => {
      const { stream, asked, watch } = setup([
        { delayMs: 10, sequence: 100 },
        { delayMs: 10, sequence: 104 },
      ])
      const seen = watch(500)
      stream.next(diff(101, 103))
      stream.next({ type: 'other' })
      stream.next(diff(104, 106))
      timer(30).subscribe(() => {
        expect(asked).to.deep.equal([
          { at: 0, limit: 500 },
          { at: 10, limit: 500 },
        ])
        stream.next(diff(107, 107))
        expect(seen).to.deep.equal(['S104', 'D104-106<104', 'D107-107<106'])
      })
    })
  })

  it('a gap resyncs, and the event after it is what the next snapshot is checked against', () => {
    testScheduler().run(() => {
      const { stream, asked, watch, resyncs } = setup([
        { delayMs: 0, sequence: 10 },
        { delayMs: 5, sequence: 22 },
      ])
      const seen = watch()
      stream.next(diff(9, 12))
      stream.next(diff(15, 20))
      timer(1).subscribe(() => stream.next(diff(21, 25)))
      timer(10).subscribe(() => {
        expect(resyncs()).to.deep.equal(['gap'])
        expect(asked.map((a) => a.at)).to.deep.equal([0, 0])
        expect(seen).to.deep.equal(['S10', 'D9-12<10', 'S22', 'D21-25<22'])
      })
    })
  })

  it('a reconnect resyncs with the snapshot already on its way; an answer before any event waits for one', () => {
    testScheduler().run(() => {
      const { stream, asked, watch, resyncs } = setup([{ delayMs: 50, sequence: 30 }])
      const seen = watch()
      stream.next(diff(20, 21))
      timer(10).subscribe(() => stream.next(REOPENED))
      timer(60).subscribe(() => stream.next(diff(28, 31)))
      timer(70).subscribe(() => {
        expect(resyncs()).to.deep.equal(['reconnect'])
        expect(asked).to.have.length(1)
        expect(seen).to.deep.equal(['S30', 'D28-31<30'])
      })
    })
  })

  it('a larger limit joining cancels the snapshot on its way and asks once for the larger one', () => {
    testScheduler().run(() => {
      const { stream, asked, watch } = setup([
        { delayMs: 50, sequence: 1 },
        { delayMs: 50, sequence: 2 },
      ])
      const small = watch(100)
      let large: string[] = []
      stream.next(diff(1, 2))
      timer(10).subscribe(() => (large = watch(5000)))
      timer(100).subscribe(() => {
        expect(asked).to.deep.equal([
          { at: 0, limit: 100 },
          { at: 10, limit: 5000 },
        ])
        // the first answer (1) was canceled; the second (2) covers the buffered event
        expect([small, large]).to.deep.equal([['S2'], ['S2']])
      })
    })
  })

  it('a subscriber joining a live book restarts it: both start from a new snapshot', () => {
    testScheduler().run(() => {
      const { stream, watch } = setup([
        { delayMs: 0, sequence: 5 },
        { delayMs: 0, sequence: 8 },
      ])
      const first = watch()
      stream.next(diff(5, 6))
      let second: string[] = []
      timer(1).subscribe(() => {
        second = watch()
        stream.next(diff(7, 9))
      })
      timer(2).subscribe(() => {
        expect(first).to.deep.equal(['S5', 'D5-6<5', 'S8', 'D7-9<8'])
        expect(second).to.deep.equal(['S8', 'D7-9<8'])
      })
    })
  })

  it('an unreadable snapshot is a decode-error event, asked again after a backoff; any other failure ends the book', () => {
    testScheduler().run(() => {
      const unreadable = new DecodeError({ context: 'snapshot', paths: ['lastUpdateId'], raw: '<html>' })
      const refused = new VenueError({ kind: 'auth', venue: 'mock', message: 'refused' })
      const { stream, asked, watch, events } = setup([
        { delayMs: 0, error: unreadable },
        { delayMs: 0, sequence: 3 },
      ])
      const seen = watch()
      stream.next(diff(3, 4))
      timer(200).subscribe(() => {
        expect(events.filter((e) => e.type === 'decode-error').map((e) => e.channel)).to.deep.equal(['rest'])
        expect(asked.map((a) => a.at)).to.deep.equal([0, 100])
        expect(seen).to.deep.equal(['S3', 'D3-4<3'])
      })
      const other = setup([{ delayMs: 0, error: refused }])
      const ended = other.watch()
      other.stream.next(diff(1, 1))
      timer(1).subscribe(() => expect(ended).to.deep.equal(['#refused']))
    })
  })
})
