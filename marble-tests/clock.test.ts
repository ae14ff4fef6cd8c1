import { expect } from 'chai'
import { catchError, defer, delay, map, mergeMap, of, timer, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../lib/core/errors.js'
import { ClockSync, type ClockSample } from '../lib/transport/clock.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

/** Records how many actions are still scheduled at `frame` (then cancels them so a leak cannot hang the run). */
function pendingAt(scheduler: TestScheduler, frame: number): { count: number | undefined } {
  const seen: { count: number | undefined } = { count: undefined }
  scheduler.schedule(() => {
    seen.count = scheduler.actions.length
    for (const action of [...scheduler.actions]) action.unsubscribe()
  }, frame)
  return seen
}

/**
 * A venue whose clock runs `trueOffset` ahead of ours. Each call takes the next [outbound, inbound]
 * latency pair: the server reads its clock when the request arrives, the answer lands `inbound` later.
 */
function venue(
  scheduler: TestScheduler,
  trueOffset: number,
  legs: [number, number][],
): { fetch: () => Observable<number>; calls: number[] } {
  const calls: number[] = []
  const fetch = (): Observable<number> =>
    defer(() => {
      calls.push(scheduler.now())
      const [out, back] = legs.shift() ?? [0, 0]
      return timer(out, scheduler).pipe(
        map(() => scheduler.now() + trueOffset),
        delay(back, scheduler),
      )
    })
  return { fetch, calls }
}

const pick = (s: ClockSample): { offsetMs: number; rttMs: number } => ({
  offsetMs: s.offsetMs,
  rttMs: s.rttMs,
})

describe('ClockSync (marble)', () => {
  it('computes the offset from the midpoint of a delayed answer', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      // sent at 0, answered at 4 with 10 000: the server read its clock around 2
      const clock = new ClockSync({ fetchServerTime: () => cold('----(t|)', { t: 10_000 }), scheduler })
      expectObservable(clock.resync()).toBe('----(e|)', {
        e: { offsetMs: 9998, rttMs: 4, serverTime: 10_000, at: 4 },
      })
      const nowAt: number[] = []
      scheduler.schedule(() => nowAt.push(clock.now()), 10)
      scheduler.flush()
      expect(nowAt).to.deep.equal([10 + 9998])
    })
  })

  it('rounds now() to whole ms when the round trip is odd', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold }) => {
      const clock = new ClockSync({ fetchServerTime: () => cold('---(t|)', { t: 5000 }), scheduler })
      clock.resync().subscribe()
      scheduler.flush()
      expect(clock.offsetMs).to.equal(5000 - 1.5)
      expect(Number.isInteger(clock.now())).to.equal(true)
      expect(Math.abs(clock.now() - (scheduler.now() + 4998.5))).to.be.at.most(0.5)
    })
  })

  it('trusts the lowest round trip among the last few samples', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      // true offset 5000; an asymmetric trip skews the estimate by (out − back) / 2
      const { fetch } = venue(scheduler, 5000, [
        [30, 10], // rtt 40, estimate 5010
        [6, 4], //   rtt 10, estimate 5001  ← best while in the window
        [5, 25], //  rtt 30, estimate 4990
        [10, 10], // rtt 20, estimate 5000
        [40, 10], // rtt 50, estimate 5015; the rtt-10 sample has left the window of 3
      ])
      const clock = new ClockSync({ fetchServerTime: fetch, refreshMs: 100, samples: 3, scheduler })
      expectObservable(clock.sync$.pipe(map(pick)), '^ 450ms !').toBe(
        '40ms a 69ms b 119ms c 89ms d 129ms e',
        {
          a: { offsetMs: 5010, rttMs: 40 },
          b: { offsetMs: 5001, rttMs: 10 },
          c: { offsetMs: 5001, rttMs: 10 },
          d: { offsetMs: 5001, rttMs: 10 },
          e: { offsetMs: 5000, rttMs: 20 },
        },
      )
    })
  })

  it('refreshes every refreshMs while subscribed and leaves no timer after unsubscribe', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      let served = 0
      const fetch = (): Observable<number> =>
        defer(() => cold('----------(t|)', { t: 100_000 + 1000 * served++ }))
      const clock = new ClockSync({ fetchServerTime: fetch, refreshMs: 1000, scheduler })
      expectObservable(clock.sync$.pipe(map((s) => s.at)), '^ 2500ms !').toBe('10ms a 999ms b 999ms c', {
        a: 10,
        b: 1010,
        c: 2010,
      })
      const pending = pendingAt(scheduler, 3000)
      scheduler.flush()
      expect(served).to.equal(3)
      expect(pending.count).to.equal(0)
    })
  })

  it('coalesces concurrent resyncs into one request and starts a new one afterwards', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      let served = 0
      const fetch = (): Observable<number> =>
        defer(() => cold('----------(t|)', { t: 50_000 + 1000 * served++ }))
      const clock = new ClockSync({ fetchServerTime: fetch, scheduler })
      const first = { offsetMs: 50_000 - 5, rttMs: 10, serverTime: 50_000, at: 10 }
      const second = { offsetMs: 51_000 - 25, rttMs: 10, serverTime: 51_000, at: 30 }
      expectObservable(clock.resync()).toBe('----------(e|)', { e: first })
      expectObservable(cold('--(x|)').pipe(mergeMap(() => clock.resync()))).toBe('----------(e|)', {
        e: first,
      })
      scheduler.schedule(() => {
        clock.resync().subscribe((s) => expect(s).to.deep.equal(second))
      }, 20)
      scheduler.flush()
      expect(served).to.equal(2)
      expect(clock.estimate).to.deep.equal(second)
    })
  })

  it('a resync drops earlier samples: after a clock step the new measurement wins despite a longer trip', () => {
    const scheduler = newScheduler()
    scheduler.run(() => {
      let fetch = venue(scheduler, 5000, [[2, 2]]).fetch
      const clock = new ClockSync({ fetchServerTime: () => fetch(), scheduler })
      clock.resync().subscribe()
      scheduler.flush()
      expect(pick(clock.estimate!)).to.deep.equal({ offsetMs: 5000, rttMs: 4 })
      // the local clock stepped back 2 s: the venue now looks 7000 ahead, measured over a slower trip
      fetch = venue(scheduler, 7000, [[20, 20]]).fetch
      clock.resync().subscribe()
      scheduler.flush()
      expect(pick(clock.estimate!)).to.deep.equal({ offsetMs: 7000, rttMs: 40 })
    })
  })

  it('a periodic sample with a longer trip does not replace a shorter one', () => {
    const scheduler = newScheduler()
    scheduler.run(() => {
      let fetch = venue(scheduler, 5000, [[2, 2]]).fetch
      const clock = new ClockSync({ fetchServerTime: () => fetch(), refreshMs: 100, scheduler })
      const sub = clock.sync$.subscribe()
      scheduler.schedule(() => (fetch = venue(scheduler, 7000, [[20, 20]]).fetch), 50)
      scheduler.schedule(() => sub.unsubscribe(), 150)
      scheduler.flush()
      expect(pick(clock.estimate!)).to.deep.equal({ offsetMs: 5000, rttMs: 4 })
    })
  })

  it('a failed periodic sample keeps the previous estimate and the refresh goes on', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const answers = [
        cold('-(t|)', { t: 9000 }),
        cold<number>('-#', undefined, new VenueError({ kind: 'temporary', message: 'HTTP 503' })),
        cold('-(t|)', { t: 9200 }),
      ]
      const clock = new ClockSync({
        fetchServerTime: () => answers.shift() ?? cold('-'),
        refreshMs: 100,
        scheduler,
      })
      expectObservable(clock.sync$.pipe(map((s) => s.serverTime)), '^ 250ms !').toBe('-a 199ms b', {
        a: 9000,
        b: 9200,
      })
    })
  })

  it('resync fails with a VenueError when the venue does not answer with a time', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const clock = new ClockSync({ fetchServerTime: () => cold<number>('--|'), scheduler, venue: 'v' })
      const outcome$ = clock.resync().pipe(
        map(() => 'value'),
        catchError((e: VenueError) =>
          of({ kind: e.kind, venue: e.venue, isVenueError: e instanceof VenueError }),
        ),
      )
      expectObservable(outcome$).toBe('--(e|)', { e: { kind: 'temporary', venue: 'v', isVenueError: true } })
    })
  })
})
