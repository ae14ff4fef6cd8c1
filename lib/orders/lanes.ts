/**
 * One lane per key: commands on the same key run one after another, in the order they were
 * subscribed; commands on different keys run side by side.
 */
import { Observable, type Subscription } from 'rxjs'

/**
 * Serializes work per key. A command waits in its key's lane until every command subscribed before
 * it has completed, failed or been unsubscribed; unsubscribing a waiting command takes it out of the
 * lane without running it.
 *
 * @example
 * const lanes = new Lanes()
 * lanes.run('bybit a1', () => place$)   // runs now
 * lanes.run('bybit a1', () => cancel$)  // runs once place$ has finished
 */
export class Lanes {
  private readonly queues = new Map<string, (() => void)[]>()

  /** Runs `work` in the lane of `key` once the lane is free. */
  run<T>(key: string, work: () => Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let inner: Subscription | undefined
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
        inner = work().subscribe({
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
        release()
      }
    })
  }
}
