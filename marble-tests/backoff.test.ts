import { expect } from 'chai'
import { defer, retry, tap, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../lib/core/errors.js'
import { Backoff, backoffDelay } from '../lib/transport/backoff.js'

const boom = new VenueError({ kind: 'network', message: 'connection reset' })

function newScheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

/** mulberry32: a tiny seeded PRNG, so "random" schedules are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Feeds `attempts` to successive subscriptions, recording when each one happened. */
function attemptsOf<T>(
  scheduler: TestScheduler,
  attempts: Observable<T>[],
): { source: Observable<T>; at: number[] } {
  const at: number[] = []
  const source = defer(() => {
    at.push(scheduler.now())
    const next = attempts.shift()
    if (!next) throw new Error('more attempts than scripted')
    return next
  })
  return { source, at }
}

describe('Backoff (marble)', () => {
  it("jitter 'none': 1 s, 2 s, 4 s … capped at 60 s", () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const b = new Backoff({ jitter: 'none', scheduler })
      const failing = cold('#', undefined, boom)
      expectObservable(failing.pipe(retry({ count: 8, delay: b.delay }))).toBe('183000ms #', undefined, boom)
      // delays 1, 2, 4, 8, 16, 32, then the 60 s cap twice (64 s would exceed it)
      expectSubscriptions(failing.subscriptions).toBe([
        '(^!)',
        '1000ms (^!)',
        '3000ms (^!)',
        '7000ms (^!)',
        '15000ms (^!)',
        '31000ms (^!)',
        '63000ms (^!)',
        '123000ms (^!)',
        '183000ms (^!)',
      ])
    })
  })

  it("jitter 'full' draws uniformly below the ceiling with the injected random", () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectSubscriptions }) => {
      const draws = [0.5, 0.25, 0.999, 0]
      const b = new Backoff({ jitter: 'full', scheduler, random: () => draws.shift() ?? 0 })
      const failing = cold('#', undefined, boom)
      failing.pipe(retry({ count: 4, delay: b.delay })).subscribe({ error: () => undefined })
      // 0.5 × 1000 = 500, 0.25 × 2000 = 500, ⌊0.999 × 4000⌋ = 3996, 0 × 8000 = 0
      expectSubscriptions(failing.subscriptions).toBe([
        '(^!)',
        '500ms (^!)',
        '1000ms (^!)',
        '4996ms (^!)',
        '4996ms (^!)',
      ])
    })
  })

  it("jitter 'full' with a seeded random stays below each ceiling and repeats exactly for the same seed", () => {
    const run = (seed: number): number[] => {
      const b = new Backoff({ jitter: 'full', random: seeded(seed) })
      return Array.from({ length: 12 }, () => b.next())
    }
    const first = run(42)
    expect(run(42)).to.deep.equal(first)
    expect(run(43)).not.to.deep.equal(first)
    first.forEach((delay, i) => {
      const ceiling = Math.min(60_000, 1000 * 2 ** i)
      expect(delay, `attempt ${i + 1}`).to.be.within(0, ceiling - 1)
      expect(Number.isInteger(delay)).to.equal(true)
    })
  })

  it('starts again at 1 s after the connection was healthy for resetAfterMs', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const b = new Backoff({ jitter: 'none', resetAfterMs: 30_000, scheduler })
      const { source, at } = attemptsOf(scheduler, [
        cold<string>('#', undefined, boom),
        cold<string>('#', undefined, boom),
        cold<string>('#', undefined, boom),
        cold('a 29999ms #', { a: 'up' }, boom), // healthy from 7000 until the drop at 37000
        cold('(b|)', { b: 'back' }),
      ])
      const healed$ = source.pipe(
        tap(() => b.succeeded()),
        retry({ delay: b.delay }),
      )
      expectObservable(healed$).toBe('7000ms a 30999ms (b|)', { a: 'up', b: 'back' })
      scheduler.flush()
      expect(at).to.deep.equal([0, 1000, 3000, 7000, 38000])
    })
  })

  it('keeps growing when the healthy period was shorter than resetAfterMs', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold }) => {
      const b = new Backoff({ jitter: 'none', resetAfterMs: 30_000, scheduler })
      const { source, at } = attemptsOf(scheduler, [
        cold<string>('#', undefined, boom),
        cold<string>('#', undefined, boom),
        cold<string>('#', undefined, boom),
        cold('a 29998ms #', { a: 'up' }, boom), // healthy 29 999 ms: one short
        cold('(b|)', { b: 'back' }),
      ])
      source
        .pipe(
          tap(() => b.succeeded()),
          retry({ delay: b.delay }),
        )
        .subscribe()
      scheduler.flush()
      expect(at).to.deep.equal([0, 1000, 3000, 7000, 36999 + 8000])
    })
  })

  it('backoffDelay waits for a retryAfterMs longer than its ceiling, and the ceiling otherwise', () => {
    const scheduler = newScheduler()
    scheduler.run(({ cold }) => {
      const limited = new VenueError({ kind: 'rate-limit', message: '429', retryAfterMs: 2500 })
      const { source, at } = attemptsOf(scheduler, [
        cold<string>('#', undefined, limited), // ceiling 1000 < 2500
        cold<string>('#', undefined, limited), // ceiling 2000 < 2500
        cold<string>('#', undefined, limited), // ceiling 4000 > 2500
        cold('(x|)', { x: 'ok' }),
      ])
      source.pipe(retry({ delay: backoffDelay({ jitter: 'none', scheduler }) })).subscribe()
      scheduler.flush()
      expect(at).to.deep.equal([0, 2500, 5000, 9000])
    })
  })
})
