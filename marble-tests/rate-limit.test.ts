import { expect } from 'chai'
import {
  catchError,
  defer,
  distinctUntilChanged,
  map,
  mergeMap,
  of,
  range,
  type Observable,
  type SchedulerAction,
  type SchedulerLike,
} from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../lib/core/errors.js'
import { MAX_RETRY_AFTER_MS, MAX_TIMER_MS } from '../lib/transport/delay-bounds.js'
import {
  RateLimiter,
  type RateCost,
  type RateWindow,
  type ScheduleOptions,
} from '../lib/transport/rate-limit.js'

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

function pendingAt(scheduler: TestScheduler, frame: number): { count: number | undefined } {
  const seen: { count: number | undefined } = { count: undefined }
  scheduler.schedule(() => {
    seen.count = scheduler.actions.length
    for (const action of [...scheduler.actions]) action.unsubscribe()
  }, frame)
  return seen
}

/** Each letter of `marble` schedules one request costing `costs[letter]` (default weight 1) that emits its letter. */
function fire(
  limiter: RateLimiter,
  requests$: Observable<string>,
  costs: Record<string, RateCost> = {},
): Observable<string> {
  return requests$.pipe(mergeMap((k) => limiter.schedule(costs[k] ?? 1, of(k))))
}

function limiterOf(scheduler: TestScheduler, ...windows: RateWindow[]): RateLimiter {
  return new RateLimiter({ windows, scheduler })
}

/** A limiter on a venue clock that reads the scheduler's time until `at`, then `aheadMs` more (measured). */
function onSteppedClock(
  scheduler: TestScheduler,
  window: RateWindow,
  at: number,
  aheadMs: number,
): RateLimiter {
  let offset = 0
  scheduler.schedule(() => (offset = aheadMs), at)
  return new RateLimiter({ windows: [window], scheduler, now: () => scheduler.now() + offset })
}

describe('RateLimiter (marble)', () => {
  it('delays requests beyond a window to the window reset', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 2, intervalMs: 10 })
      expectObservable(fire(limiter, hot('(abc)'))).toBe('(ab)------c')
    })
  })

  it('admits a later request at once when the current window has room', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 2, intervalMs: 1000 })
      // c waits for the window [1000, 2000); d at 1500 still fits in it
      expectObservable(fire(limiter, hot('(abc) 1495ms d'))).toBe('(ab) 996ms c 499ms d')
    })
  })

  it('respects several windows at once: a request waits for the latest of their resets', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(
        scheduler,
        { id: 'weight-1s', limit: 10, intervalMs: 1000 },
        { id: 'weight-10s', limit: 15, intervalMs: 10_000 },
      )
      // weight 6 each: b needs the 1 s window to reset (12 > 10); c fits the 1 s window at 2000 but
      // would make 18 > 15 in the 10 s window, so it waits for 10 000
      const costs = { a: 6, b: 6, c: 6 }
      expectObservable(fire(limiter, hot('(abc)'), costs)).toBe('a 999ms b 8999ms c')
    })
  })

  it('counts each metric against its own windows, in strict FIFO order', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(
        scheduler,
        { id: 'weight-1s', limit: 100, intervalMs: 1000 },
        { id: 'orders-10s', metric: 'orders', limit: 2, intervalMs: 10_000 },
      )
      const order = { weight: 1, orders: 1 }
      // the third order waits for the 10 s window; d costs no order but does not overtake it
      expectObservable(fire(limiter, hot('(abcd)'), { a: order, b: order, c: order, d: 1 })).toBe(
        '(ab) 9996ms (cd)',
      )
    })
  })

  it("counts every request once against a 'requests' window whatever its weight", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(
        scheduler,
        { id: 'weight', limit: 1000, intervalMs: 1000 },
        { id: 'raw', metric: 'requests', limit: 3, intervalMs: 1000 },
      )
      expectObservable(fire(limiter, hot('(abcd)'), { a: 50, b: 50, c: 50, d: 50 })).toBe('(abc) 995ms d')
    })
  })

  it("learns the venue's usage: local counters rise to the venue's figure", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 10, intervalMs: 1000 })
      // another process on the same IP already spent 9 of 10 in this window
      limiter.observeUsage({ window: 'w', used: 9 })
      expectObservable(fire(limiter, hot('(abc)'))).toBe('a 999ms (bc)')
    })
  })

  it('never lowers a counter from a usage report (requests in flight are not in it yet)', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 2, intervalMs: 1000 })
      scheduler.schedule(() => limiter.observeUsage({ window: 'w', used: 0 }), 5)
      expectObservable(fire(limiter, hot('(ab)------c'))).toBe('(ab) 996ms c')
    })
  })

  it("adopts the venue's limit", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 10, intervalMs: 1000 })
      limiter.observeUsage({ window: 'w', used: 0, limit: 1 })
      expectObservable(fire(limiter, hot('(abc)'))).toBe('a 999ms b 999ms c')
    })
  })

  it("re-phases a window to the venue's reset time", () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 1000 })
      // at 100 the venue says the window is full and resets at 1500, not at 1000
      scheduler.schedule(() => limiter.observeUsage({ window: 'w', used: 1, resetAt: 1500 }), 100)
      expectObservable(fire(limiter, hot('200ms (ab)'))).toBe('1500ms a 999ms b')
    })
  })

  it('ignores a usage report about a window that ended before the request was answered', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 10, intervalMs: 1000 })
      // sent at 900 in the old window, answered at 1100: its "10 used" is the old window's
      scheduler.schedule(() => limiter.observeUsage({ window: 'w', used: 10, at: 900 }), 1100)
      expectObservable(fire(limiter, hot('1200ms a'))).toBe('1200ms a')
    })
  })

  it('a 429 pause (Retry-After 3 s at 100) delays the next request to 3100', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 100, intervalMs: 1000 })
      scheduler.schedule(() => limiter.pause(3000), 100)
      scheduler.schedule(() => limiter.pause(500), 150) // a shorter pause never shortens it
      expectObservable(fire(limiter, hot('a 199ms b'))).toBe('a 3099ms b')
      expectObservable(
        limiter.headroom$.pipe(
          map((h) => h.pausedUntil),
          distinctUntilChanged(),
        ),
        '^ 120ms !',
      ).toBe('a 99ms b', {
        a: undefined,
        b: 3100,
      })
    })
  })

  it('500 requests at once against 100 per 10 s all complete, in order, with no rejection', () => {
    const scheduler = newScheduler()
    scheduler.run(() => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 100, intervalMs: 10_000 })
      const done: { i: number; at: number }[] = []
      const errors: unknown[] = []
      range(0, 500)
        .pipe(
          mergeMap((i) =>
            limiter.schedule(
              1,
              defer(() => of({ i, at: scheduler.now() })),
            ),
          ),
        )
        .subscribe({ next: (d) => done.push(d), error: (e: unknown) => errors.push(e) })
      const pending = pendingAt(scheduler, 50_000)
      scheduler.flush()
      expect(errors).to.deep.equal([])
      expect(done.map((d) => d.i)).to.deep.equal([...Array(500).keys()])
      done.forEach((d) => expect(d.at, `request ${d.i}`).to.equal(Math.floor(d.i / 100) * 10_000))
      expect(pending.count).to.equal(0)
      expect(limiter.queued).to.equal(0)
    })
  })

  it('unsubscribing a queued request removes it without freeing anyone else’s budget', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 1000 })
      expectObservable(limiter.schedule(1, of('a'))).toBe('(a|)')
      expectObservable(limiter.schedule(1, of('b')), '^ 499ms !').toBe('')
      // had b's departure refunded a's unit, c would start at 500
      expectObservable(cold('1ms x').pipe(mergeMap(() => limiter.schedule(1, of('c'))))).toBe('1000ms c')
      const used: number[] = []
      scheduler.schedule(() => used.push(limiter.headroom().windows[0]!.used, limiter.queued), 1001)
      scheduler.flush()
      expect(used).to.deep.equal([1, 0])
    })
  })

  it('leaves no timer behind when the last queued request leaves', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 1000 })
      expectObservable(limiter.schedule(1, of('a'))).toBe('(a|)')
      expectObservable(limiter.schedule(1, of('b')), '^ 499ms !').toBe('')
      const pending = pendingAt(scheduler, 600)
      scheduler.flush()
      expect(pending.count).to.equal(0)
      expect(limiter.queued).to.equal(0)
    })
  })

  it('fails a request that can never fit, without holding up the queue', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 10, intervalMs: 1000 })
      const out$ = hot('(ab)').pipe(
        mergeMap((k) =>
          limiter
            .schedule(k === 'a' ? 11 : 1, of(k))
            .pipe(catchError((e: VenueError) => of(`${e.kind}:${e.retryable}`))),
        ),
      )
      expectObservable(out$).toBe('(xb)', { x: 'rate-limit:false', b: 'b' })
    })
  })

  it('headroom$ reports admissions and the reset that frees budget', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 2, intervalMs: 1000 })
      fire(limiter, hot('10ms a')).subscribe()
      expectObservable(limiter.headroom$.pipe(map((h) => h.windows[0]!.remaining)), '^ 1500ms !').toBe(
        'a 9ms b 989ms a',
        { a: 2, b: 1 },
      )
    })
  })

  describe('rolling windows', () => {
    it('frees a unit intervalMs after it was spent, not at a fixed boundary', () => {
      const scheduler = newScheduler()
      scheduler.run(({ hot, expectObservable }) => {
        const fixed = limiterOf(scheduler, { id: 'w', limit: 2, intervalMs: 10 })
        const rolling = limiterOf(scheduler, { id: 'w', limit: 2, intervalMs: 10, rolling: true })
        expectObservable(fire(fixed, hot('-----a---b-c'))).toBe('-----a---b-c')
        expectObservable(fire(rolling, hot('-----a---b-c'))).toBe('-----a---b-----c')
      })
    })

    it('counts a unit from the answer: a slow request holds its unit until intervalMs after it', () => {
      const scheduler = newScheduler()
      scheduler.run(({ cold, hot, expectObservable }) => {
        const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 10, rolling: true })
        // a is answered at 30, so b may start at 40 and is answered at 70
        const out$ = hot('(ab)').pipe(mergeMap((k) => limiter.schedule(1, cold('30ms (x|)', { x: k }))))
        expectObservable(out$).toBe('30ms a 39ms b')
      })
    })

    it("places the venue's count at the time the reporting request was sent", () => {
      const scheduler = newScheduler()
      scheduler.run(({ hot, expectObservable }) => {
        const limiter = limiterOf(scheduler, { id: 'w', limit: 3, intervalMs: 1000, rolling: true })
        // at 500 an answer says 2 of 3 were in use when its request left at 400: they free at 1400
        scheduler.schedule(() => limiter.observeUsage({ window: 'w', used: 2, at: 400 }), 500)
        expectObservable(fire(limiter, hot('600ms (ab)'))).toBe('600ms a 799ms b')
      })
    })

    it('measures its span on the scheduler: a venue clock that steps forward frees nothing early', () => {
      const scheduler = newScheduler()
      scheduler.run(({ hot, expectObservable }) => {
        // the venue clock's offset is measured at 3 and found to be 4 ms ahead: venue time jumps 4 ms
        const limiter = onSteppedClock(scheduler, { id: 'w', limit: 1, intervalMs: 10, rolling: true }, 3, 4)
        // a's unit is free 10 ms after it, at 10; read on the venue clock it would be free when c
        // arrives at 6, and the venue, which counts the 10 ms as they pass, would refuse b
        expectObservable(fire(limiter, hot('a-b---c'))).toBe('a---------b---------c')
      })
    })

    it("keeps a venue's pause for its length of time when the venue clock steps forward", () => {
      const scheduler = newScheduler()
      scheduler.run(({ hot, expectObservable }) => {
        // paused for 1 000 ms at 0; at 5 the venue clock is measured 500 ms ahead
        const limiter = onSteppedClock(scheduler, { id: 'w', limit: 100, intervalMs: 10 }, 5, 500)
        limiter.pause(1000)
        // a pause read on the venue clock would end at 500
        expectObservable(fire(limiter, hot('a---------b'))).toBe('1000ms (ab)')
        scheduler.schedule(() => {
          expect(limiter.headroom().pausedUntil, 'reported in venue time').to.equal(1500)
        }, 20)
      })
    })

    it('reports when a rolling unit frees in venue time', () => {
      const scheduler = newScheduler()
      scheduler.run(() => {
        const limiter = new RateLimiter({
          windows: [{ id: 'w', limit: 1, intervalMs: 10, rolling: true }],
          scheduler,
          now: () => scheduler.now() + 1000,
        })
        limiter.schedule(1, of('a')).subscribe()
        expect(limiter.headroom().windows[0]?.resetAt).to.equal(1010)
      })
    })

    it("places the venue's count at the scheduler time it was sent, though the clock moved since", () => {
      const scheduler = newScheduler()
      scheduler.run(({ hot, expectObservable }) => {
        // the request left at 400 (venue time 400); at 450 the venue clock is measured 600 ms ahead
        const limiter = onSteppedClock(
          scheduler,
          { id: 'w', limit: 3, intervalMs: 1000, rolling: true },
          450,
          600,
        )
        scheduler.schedule(() => limiter.observeUsage({ window: 'w', used: 2, at: 400, sentOn: 400 }), 500)
        // placed by the offset now, the two would free at 800
        expectObservable(fire(limiter, hot('600ms (ab)'))).toBe('600ms a 799ms b')
      })
    })

    it("frees nothing before the venue's reset time", () => {
      const scheduler = newScheduler()
      scheduler.run(({ hot, expectObservable }) => {
        const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 1000, rolling: true })
        scheduler.schedule(() => limiter.observeUsage({ window: 'w', used: 1, resetAt: 1500 }), 100)
        expectObservable(fire(limiter, hot('200ms (ab)'))).toBe('1500ms a 999ms b')
      })
    })
  })
})

describe('RateLimiter close (marble)', () => {
  it('fails queued requests, leaves no timer, and refuses new ones', () => {
    const scheduler = newScheduler()
    const closed = new VenueError({ kind: 'invalid-request', message: 'venue closed' })
    scheduler.run(({ hot, cold, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 1000 })
      const all$ = fire(limiter, hot('(ab)')).pipe(catchError((e: VenueError) => of(e.message)))
      cold('-----x').subscribe(() => limiter.close(closed))
      expectObservable(all$).toBe('a----(e|)', { a: 'a', e: 'venue closed' })
      const later$ = cold('------x').pipe(mergeMap(() => limiter.schedule(1, of('late'))))
      expectObservable(later$.pipe(catchError((e: VenueError) => of(e.message)))).toBe('------(e|)', {
        e: 'venue closed',
      })
    })
    expect(scheduler.actions.length).to.equal(0)
  })
})

describe('RateLimiter on a venue clock that moves back (marble)', () => {
  it('re-phases its windows instead of waiting for a window in the future', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      // the venue clock reads a year ahead until its offset is measured at frame 5, then the true time
      let offset = 365 * 86_400_000
      scheduler.schedule(() => (offset = 0), 5)
      const limiter = new RateLimiter({
        windows: [{ id: 'w', limit: 1, intervalMs: 10 }],
        scheduler,
        now: () => scheduler.now() + offset,
      })
      // a at 0 spends the window; b waits; at 5 the clock moves back a year; at 10 the window is
      // re-phased onto the venue's grid keeping a's unit, so b goes at 20, not a year later
      expectObservable(fire(limiter, hot('a-b'))).toBe('a-------------------b')
    })
  })
})

describe('RateLimiter priorities (marble)', () => {
  /** Letters in `orders` are order entry; every other letter is market data. */
  function fireWith(
    limiter: RateLimiter,
    requests$: Observable<string>,
    orders: string,
    options: (k: string) => ScheduleOptions = () => ({}),
  ): Observable<string> {
    return requests$.pipe(
      mergeMap((k) =>
        limiter
          .schedule(1, of(k), { priority: orders.includes(k) ? 'order' : 'data', ...options(k) })
          .pipe(catchError((e: VenueError) => of(`${k}:${e.kind}:${String(e.retryAfterMs)}`))),
      ),
    )
  }

  it('admits a queued order before queued market data', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 2, intervalMs: 10 })
      // data a-d at 0, order o at 1: o goes with the next budget, ahead of c and d
      expectObservable(fireWith(limiter, hot('(abcd) o'), 'o')).toBe('(ab)------(oc)------d')
    })
  })

  it('keeps orders in FIFO order among themselves: a cancel never overtakes its order', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 10 })
      // p (place) and x (cancel) arrive behind a data burst; both go first, p before x
      expectObservable(fireWith(limiter, hot('(abc)-p-x'), 'px')).toBe(
        'a---------p---------x---------b---------c',
      )
    })
  })

  it('the measured case: order entry does not wait behind a burst of weight-250 snapshots', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'weight-1m', limit: 6000, intervalMs: 60_000 })
      // 27 weight already used; 30 snapshots of weight 250 at 0: 23 fit this minute (5 777 used), 7
      // wait for the next; an order at 5 (weight 1, 223 left) is sent at once, not a minute later
      limiter.observeUsage({ window: 'weight-1m', used: 27 })
      const snapshots$ = hot('(a|)').pipe(
        mergeMap(() => range(0, 30)),
        mergeMap((i) => limiter.schedule(250, of(i))),
      )
      const done: number[] = []
      snapshots$.subscribe(() => done.push(scheduler.now()))
      expectObservable(fireWith(limiter, hot('-----o'), 'o')).toBe('-----o')
      scheduler.flush()
      expect(done.filter((at) => at === 0)).to.have.length(23)
      expect(done.filter((at) => at === 60_000)).to.have.length(7)
    })
  })
})

describe('RateLimiter deadlines (marble)', () => {
  function order(limiter: RateLimiter, k: string, deadline: number, started: string[]): Observable<string> {
    return limiter
      .schedule(
        1,
        defer(() => {
          started.push(k)
          return of(k)
        }),
        { priority: 'order', deadline },
      )
      .pipe(catchError((e: VenueError) => of(`${e.kind}:${String(e.retryAfterMs)}:${String(e.retryable)}`)))
  }

  it('fails an order still waiting at its deadline with rate-limit and never sends it', () => {
    const scheduler = newScheduler()
    const started: string[] = []
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 1000 })
      expectObservable(limiter.schedule(1, of('a'))).toBe('(a|)')
      // o at 10 must go by 510; budget comes back at 1000
      expectObservable(cold('10ms x').pipe(mergeMap(() => order(limiter, 'o', 510, started)))).toBe(
        '510ms e',
        { e: 'rate-limit:490:true' },
      )
      // p at 20 may wait until 1000: it goes then
      expectObservable(cold('20ms x').pipe(mergeMap(() => order(limiter, 'p', 1000, started)))).toBe(
        '1000ms p',
      )
      const pending = pendingAt(scheduler, 5000)
      scheduler.flush()
      expect(started, 'o was never subscribed').to.deep.equal(['p'])
      expect(pending.count).to.equal(0)
      expect(limiter.queued).to.equal(0)
    })
  })

  it('fails at once when the venue is paused past the deadline, and frees the queue behind it', () => {
    const scheduler = newScheduler()
    const started: string[] = []
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 1, intervalMs: 1000 })
      expectObservable(limiter.schedule(1, of('a'))).toBe('(a|)')
      // o waits for budget (deadline 5000 is fine) until the venue pauses for 3 s at 100
      expectObservable(cold('50ms x').pipe(mergeMap(() => order(limiter, 'o', 3000, started)))).toBe(
        '100ms e',
        { e: 'rate-limit:3000:true' },
      )
      scheduler.schedule(() => limiter.pause(3000), 100)
      // q arrives during the pause with a deadline before its end: it fails on arrival
      expectObservable(cold('200ms x').pipe(mergeMap(() => order(limiter, 'q', 1200, started)))).toBe(
        '200ms e',
        { e: 'rate-limit:2900:true' },
      )
      // r can wait for the end of the pause
      expectObservable(cold('300ms x').pipe(mergeMap(() => order(limiter, 'r', 3100, started)))).toBe(
        '3100ms r',
      )
      scheduler.flush()
      expect(started).to.deep.equal(['r'])
    })
  })

  it('fails a request whose deadline passed before it was queued, even with budget to spare', () => {
    const scheduler = newScheduler()
    const started: string[] = []
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = limiterOf(scheduler, { id: 'w', limit: 10, intervalMs: 1000 })
      expectObservable(cold('20ms x').pipe(mergeMap(() => order(limiter, 'o', 10, started)))).toBe('20ms e', {
        e: 'rate-limit:undefined:true',
      })
      scheduler.flush()
      expect(started).to.deep.equal([])
    })
  })
})

describe('RateLimiter timers (marble)', () => {
  /** The test scheduler, recording the delay of every timer armed on it. */
  function recording(scheduler: TestScheduler): { scheduler: SchedulerLike; delays: number[] } {
    const delays: number[] = []
    return {
      delays,
      scheduler: {
        now: () => scheduler.now(),
        schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T) {
          delays.push(delay ?? 0)
          return scheduler.schedule(work, delay, state)
        },
      },
    }
  }

  it('caps a pause at MAX_RETRY_AFTER_MS (3 days)', () => {
    const scheduler = newScheduler()
    scheduler.run(({ expectObservable }) => {
      const { scheduler: timers, delays } = recording(scheduler)
      const limiter = new RateLimiter({
        windows: [{ id: 'w', limit: 10, intervalMs: 1000 }],
        scheduler: timers,
      })
      limiter.pause(Number('99999999999999999999') * 1000)
      expect(limiter.headroom().pausedUntil).to.equal(MAX_RETRY_AFTER_MS)
      expectObservable(limiter.schedule(1, of('a'))).toBe(`${MAX_RETRY_AFTER_MS}ms (a|)`)
      scheduler.flush()
      expect(Math.max(...delays)).to.be.at.most(MAX_TIMER_MS)
    })
  })

  it('arms no timer longer than 2^31-1 ms: a longer wait is re-armed in steps', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, expectObservable }) => {
      const { scheduler: timers, delays } = recording(scheduler)
      const fortyDays = 40 * 86_400_000
      const limiter = new RateLimiter({
        windows: [{ id: 'w', limit: 1, intervalMs: fortyDays }],
        scheduler: timers,
      })
      // headroom$ arms a timer for the window's reset too
      const headroom = limiter.headroom$.subscribe()
      scheduler.schedule(() => headroom.unsubscribe(), fortyDays + 1)
      expectObservable(fire(limiter, hot('(ab)'))).toBe(`a ${fortyDays - 1}ms b`)
      scheduler.flush()
      expect(delays.length).to.be.above(0)
      expect(Math.max(...delays)).to.be.at.most(MAX_TIMER_MS)
    })
  })
})
