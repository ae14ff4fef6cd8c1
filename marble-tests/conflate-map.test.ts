import { expect } from 'chai'
import { of, throwError, timer, map } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { conflateMap } from '../streams/conflate-map.js'

const scheduler = () =>
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })

describe('conflateMap', () => {
  it('runs on the latest value after each busy spell, dropping the ones in between (the documented diagram)', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('a-b-c------d-|')
      const slow = (v: string) => timer(4).pipe(map(() => v.toUpperCase()))
      expectObservable(source.pipe(conflateMap(slow))).toBe('----A---C------(D|)')
      expectSubscriptions(source.subscriptions).toBe('^------------!')
    })
  })

  it('keeps one pending value however many arrive while busy', () => {
    const seen: string[] = []
    scheduler().run(({ hot, expectObservable }) => {
      const source = hot('abcdefgh--|')
      const slow = (v: string) => {
        seen.push(v)
        return timer(5).pipe(map(() => v))
      }
      expectObservable(source.pipe(conflateMap(slow))).toBe('-----a----f----(h|)')
    })
    expect(seen).to.deep.equal(['a', 'f', 'h'])
  })

  it('passes synchronous work straight through, value by value', () => {
    scheduler().run(({ hot, expectObservable }) => {
      expectObservable(hot('a-b-c|').pipe(conflateMap((v) => of(v.toUpperCase())))).toBe('A-B-C|')
    })
  })

  it('ends with the error of the source or of the work', () => {
    scheduler().run(({ hot, expectObservable }) => {
      expectObservable(hot('a-#').pipe(conflateMap((v) => timer(5).pipe(map(() => v))))).toBe('--#')
      expectObservable(hot('a---').pipe(conflateMap(() => throwError(() => 'boom')))).toBe(
        '#',
        undefined,
        'boom',
      )
    })
  })

  it('drops the pending value and the work in progress on unsubscribe', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions, cold }) => {
      const work = cold('--x-|')
      const source = hot('a-b-----')
      expectObservable(source.pipe(conflateMap(() => work)), '^--!').toBe('--x')
      expectSubscriptions(work.subscriptions).toBe('^--!')
    })
  })
})
