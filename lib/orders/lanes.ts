/**
 * One lane per key: commands on the same key run one after another, in the order they were
 * subscribed; commands on different keys run side by side.
 */
import { Observable, type Subscription } from 'rxjs'

/**
 * Serializes work per key. A command waits in its key's lane until every command subscribed before
 * it has completed, failed or been unsubscribed; unsubscribing a waiting command takes it out of the
 * lane without running it. Work that goes on without its caller (a placement already journaled) keeps
 * the lane until it ends: `keep(until$)`.
 *
 * @example
 * const lanes = new Lanes()
 * lanes.run('bybit a1', () => place$)   // runs now
 * lanes.run('bybit a1', () => cancel$)  // runs once place$ has finished
 */
export class Lanes {
  private readonly queues = new Map<string, (() => void)[]>()

  /**
   * Runs `work` in the lane of `key` once the lane is free. `work` may call `keep(until$)`: the lane
   * is then held until `until$` ends, even when the caller unsubscribes first.
   */
  run<T>(key: string, work: (keep: (until$: Observable<unknown>) => void) => Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let inner: Subscription | undefined
      let kept: Observable<unknown> | undefined
      let state: 'waiting' | 'running' | 'done' = 'waiting'
      const release = () => {
        if (state === 'done') return
        const was = state
        state = 'done'
        const queue = this.queues.get(key)
        if (queue === undefined) return
        if (was === 'waiting') {
          const i = queue.indexOf(start)
          if (i >= 0) queue.splice(i, 1)
          return
        }
        const next = queue.shift()
        if (next === undefined) this.queues.delete(key)
        else next()
      }
      const start = () => {
        state = 'running'
        inner = work((until$) => (kept = until$)).subscribe({
          next: (v) => subscriber.next(v),
          error: (e: unknown) => {
            subscriber.error(e)
            release()
          },
          complete: () => {
            subscriber.complete()
            release()
          },
        })
      }
      const queue = this.queues.get(key)
      if (queue === undefined) {
        this.queues.set(key, [])
        start()
      } else {
        queue.push(start)
      }
      return () => {
        inner?.unsubscribe()
        // work that goes on without its caller holds the lane until it ends
        if (state === 'running' && kept !== undefined) kept.subscribe({ error: release, complete: release })
        else release()
      }
    })
  }
}
