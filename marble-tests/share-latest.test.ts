import { expect } from 'chai'
import { Observable, of, take } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { shareLatest } from '../streams/share-latest.js'

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })

describe('shareLatest', () => {
  it('subscribes the source once and gives a late subscriber the latest value at once (the documented diagram)', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--b------c--|')
      const shared = shareLatest(source)
      expectObservable(shared).toBe('--a--b------c--|')
      expectObservable(shared, '-------^').toBe('-------b----c--|')
      expectSubscriptions(source.subscriptions).toBe('^--------------!')
    })
  })

  it('releases the source with the last subscriber and starts afresh, with no stale value, after that', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-d-e-f-')
      const shared = shareLatest(source)
      expectObservable(shared, '^--!').toBe('a-b-')
      expectObservable(shared, '-^---!').toBe('-ab-c')
      expectObservable(shared, '--------^--!').toBe('--------a-b-')
      expectSubscriptions(source.subscriptions).toBe(['^----!', '--------^--!'])
    })
  })

  it('hands an error to every subscriber, forgets the latest value, and subscribes again for the next', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a--#')
      const shared = shareLatest(source)
      expectObservable(shared).toBe('a--#')
      expectObservable(shared, '-^').toBe('-a-#')
      expectObservable(shared, '-----^').toBe('-----a--#')
      expectSubscriptions(source.subscriptions).toBe(['^--!', '-----^--!'])
    })
  })

  it('releases a source whose only subscriber left while it was being subscribed', () => {
    let live = 0
    const source = new Observable<number>((subscriber) => {
      live += 1
      subscriber.next(1)
      return () => {
        live -= 1
      }
    })
    const seen: number[] = []
    shareLatest(source)
      .pipe(take(1))
      .subscribe((v) => seen.push(v))
    expect(seen).to.deep.equal([1])
    expect(live).to.equal(0)
  })

  it('completes every subscriber with a source that completes while subscribed, and serves the next afresh', () => {
    const shared = shareLatest(of(1, 2))
    const first: unknown[] = []
    shared.subscribe({ next: (v) => first.push(v), complete: () => first.push('done') })
    const second: unknown[] = []
    shared.subscribe({ next: (v) => second.push(v), complete: () => second.push('done') })
    expect(first).to.deep.equal([1, 2, 'done'])
    expect(second).to.deep.equal([1, 2, 'done'])
  })
})
