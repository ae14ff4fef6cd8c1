import { expect } from 'chai'
import { catchError, map, mergeMap, of, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError, type ErrorKind } from '../lib/core/errors.js'
import { circuitBreaker, type CircuitBreaker } from '../lib/transport/breaker.js'

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

const err = (kind: ErrorKind): VenueError => new VenueError({ kind, message: kind })

/**
 * Requests triggered by a marble: each letter names how the venue answers after 1 ms (`f` a 503-like
 * failure, `s` a success, `b` a 400-like rejection). Results: S success, F counted failure, R rejection,
 * O failed fast with circuit-open.
 */
function requests(
  helpers: { hot: TestScheduler['createHotObservable']; cold: TestScheduler['createColdObservable'] },
  breaker: CircuitBreaker,
  marble: string,
): Observable<string> {
  const answer: Record<string, () => Observable<string>> = {
    f: () => helpers.cold('-#', undefined, err('temporary')),
    s: () => helpers.cold('-(a|)', { a: 'ok' }),
    b: () => helpers.cold('-#', undefined, err('invalid-request')),
  }
  return helpers.hot(marble).pipe(
    mergeMap((kind: string) =>
      answer[kind]!().pipe(
        breaker.protect(),
        map(() => 'S'),
        catchError((e: VenueError) =>
          of(e.kind === 'circuit-open' ? 'O' : e.kind === 'temporary' ? 'F' : 'R'),
        ),
      ),
    ),
  )
}

const states = { a: 'closed', b: 'open', c: 'half-open' } as const

describe('circuitBreaker (marble)', () => {
  it('closed → open after the threshold, fails fast, → half-open after openMs, a probe success closes it', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 2, windowMs: 100, openMs: 50, scheduler })
      expectObservable(requests({ hot, cold }, breaker, 'f-f--s 48ms s---s')).toBe('-F-F-O 49ms S---S')
      expectObservable(breaker.state$, '^ 100ms !').toBe('a--b 49ms c-a', states)
    })
  })

  it('half-open → open when the probe fails, then half-open again after another openMs', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 2, windowMs: 100, openMs: 50, scheduler })
      // open at 3 until 53; the probe at 53 fails at 54: open until 104; the probe at 104 succeeds at 105
      expectObservable(requests({ hot, cold }, breaker, 'f-f 50ms f 50ms s')).toBe('-F-F 50ms F 50ms S')
      expectObservable(breaker.state$, '^ 150ms !').toBe('a--b 49ms cb 49ms ca', states)
    })
  })

  it('lets one probe through while half-open; the others fail fast', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 1, windowMs: 100, openMs: 10, scheduler })
      // open at 1 until 11; at 12 a probe and a second request arrive together, the probe closes it at 13
      expectObservable(requests({ hot, cold }, breaker, 'f 11ms (ss) s')).toBe('-F 10ms OS 3ms S')
    })
  })

  it('an abandoned probe gives its slot back', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 1, windowMs: 100, openMs: 10, scheduler })
      cold<string>('-#', undefined, err('network'))
        .pipe(breaker.protect())
        .subscribe({ error: () => undefined })
      const slowProbe = cold('10ms (a|)', { a: 'late' }).pipe(breaker.protect())
      const next = cold('-(a|)', { a: 'ok' }).pipe(breaker.protect())
      // the slow probe starts at 12 and is dropped at 15; the next request at 20 may probe
      expectObservable(cold('12ms x').pipe(mergeMap(() => slowProbe)), '^ 14ms !').toBe('')
      expectObservable(cold('20ms x').pipe(mergeMap(() => next))).toBe('21ms a', { a: 'ok' })
      expectObservable(breaker.state$, '^ 30ms !').toBe('ab 9ms c 9ms a', states)
    })
  })

  it('rejections that prove the venue is up (invalid-request) never trip it', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 2, windowMs: 100, openMs: 50, scheduler })
      expectObservable(requests({ hot, cold }, breaker, 'bbbbbb-s')).toBe('-RRRRRR-S')
      expectObservable(breaker.state$, '^ 20ms !').toBe('a', states)
    })
  })

  it('failures further apart than windowMs never add up', () => {
    const scheduler = newScheduler()
    scheduler.run(({ hot, cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 2, windowMs: 100, openMs: 50, scheduler })
      // failures at 1 and 101 are exactly windowMs apart: the first has left the window
      expectObservable(requests({ hot, cold }, breaker, 'f 99ms f-s')).toBe('-F 99ms F-S')
      expectObservable(breaker.state$, '^ 200ms !').toBe('a', states)
    })
  })

  it("fails fast with a non-retryable 'circuit-open' error carrying the time until half-open", () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const breaker = circuitBreaker({
        failureThreshold: 1,
        windowMs: 100,
        openMs: 50,
        scheduler,
        venue: 'v',
      })
      cold<string>('-#', undefined, err('timeout'))
        .pipe(breaker.protect())
        .subscribe({ error: () => undefined })
      const rejected$ = cold('5ms x').pipe(
        mergeMap(() => cold('-(a|)').pipe(breaker.protect())),
        catchError((e: VenueError) =>
          of({ kind: e.kind, retryable: e.retryable, retryAfterMs: e.retryAfterMs, venue: e.venue }),
        ),
      )
      // opened at 1 until 51; asked at 5
      expectObservable(rejected$).toBe('5ms (e|)', {
        e: { kind: 'circuit-open', retryable: false, retryAfterMs: 46, venue: 'v' },
      })
    })
  })

  it('leaves no timer behind once state$ is unsubscribed while open', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const breaker = circuitBreaker({ failureThreshold: 1, windowMs: 100, openMs: 1000, scheduler })
      cold<string>('-#', undefined, err('network'))
        .pipe(breaker.protect())
        .subscribe({ error: () => undefined })
      expectObservable(breaker.state$, '^ 10ms !').toBe('ab', states)
      const pending = pendingAt(scheduler, 20)
      scheduler.flush()
      expect(pending.count).to.equal(0)
      // the move to half-open still happens on use, without any timer
      expect(breaker.state()).to.equal('open')
    })
    expect(scheduler.now()).to.equal(20)
  })
})
