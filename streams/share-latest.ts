import { Observable, type Subscriber, type Subscription } from 'rxjs'

/**
 * Shares `source` among its subscribers and hands the latest value to each one that joins, like
 * `share({ connector: () => new ReplaySubject(1), resetOnError: true, resetOnComplete: true,
 * resetOnRefCountZero: true })`: the source is subscribed by the first subscriber and released with
 * the last, and an error or completion reaches every subscriber and forgets the latest value, so the
 * next subscriber starts afresh.
 *
 * A value takes one step from the source to the subscribers (the operator above takes a subscriber,
 * a subject and a buffer), which is what a process keeping a thousand books pays for per frame.
 *
 * ```
 * source:   --a--b------c--|
 * first:    ^-a--b------c--|
 * second:         ^b----c--|    (b at once)
 * ```
 *
 * @example
 * const book$ = shareLatest(orderBook$(venue, 'BTC/USDT'))
 */
export function shareLatest<T>(source: Observable<T>): Observable<T> {
  // replaced, never changed in place, so a value is handed on without a copy
  let subscribers: readonly Subscriber<T>[] = []
  let wire: Subscription | undefined
  let has = false
  let latest: T | undefined
  const end = (how: (s: Subscriber<T>) => void): void => {
    const all = subscribers
    subscribers = []
    wire = undefined
    has = false
    latest = undefined
    for (const s of all) how(s)
  }
  return new Observable<T>((subscriber) => {
    subscribers = [...subscribers, subscriber]
    if (has) subscriber.next(latest as T)
    if (subscribers.length === 1 && wire === undefined) {
      let live = true
      const sub = source.subscribe({
        next: (value) => {
          has = true
          latest = value
          const all = subscribers
          for (let i = 0; i < all.length; i++) (all[i] as Subscriber<T>).next(value)
        },
        error: (e: unknown) => {
          live = false
          end((s) => s.error(e))
        },
        complete: () => {
          live = false
          end((s) => s.complete())
        },
      })
      // a source that ended while it was subscribed has nothing left to release (a subscriber that
      // left meanwhile is torn down once this function returns, and releases it then)
      if (live) wire = sub
    }
    return () => {
      const before = subscribers.length
      subscribers = subscribers.filter((s) => s !== subscriber)
      if (subscribers.length > 0 || before === 0) return
      const last = wire
      wire = undefined
      has = false
      latest = undefined
      last?.unsubscribe()
    }
  })
}
