import { asyncScheduler, Observable, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs'

/** The value being replayed to a subscriber that just joined, and its age; set only meanwhile. */
let replaying: { readonly value: unknown; readonly ageMs: number } | undefined

/**
 * While {@link shareLatest} hands its latest value to a subscriber that just joined (synchronously,
 * inside that subscriber's `next`): how many milliseconds ago it received `value`. `undefined` for a
 * value as it arrives, and for any other value: a subscriber that must know how old what it is given
 * is (a pair's book, whose age says whether it can be trusted) asks as it gets it.
 *
 * @example
 * shared$.subscribe((book) => {
 *   const receivedAt = scheduler.now() - (replayAgeMs(book) ?? 0)
 * })
 */
export function replayAgeMs(value: unknown): number | undefined {
  return replaying !== undefined && replaying.value === value ? replaying.ageMs : undefined
}

/**
 * Shares `source` among its subscribers and hands the latest value to each one that joins, like
 * `share({ connector: () => new ReplaySubject(1), resetOnError: true, resetOnComplete: true,
 * resetOnRefCountZero: true })`: the source is subscribed by the first subscriber and released with
 * the last, and an error or completion reaches every subscriber and forgets the latest value, so the
 * next subscriber starts afresh. The latest value keeps the time it was received (`scheduler`'s clock,
 * default `asyncScheduler`), which {@link replayAgeMs} tells during its replay.
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
export function shareLatest<T>(
  source: Observable<T>,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<T> {
  // replaced, never changed in place, so a value is handed on without a copy
  let subscribers: readonly Subscriber<T>[] = []
  let wire: Subscription | undefined
  let has = false
  let latest: T | undefined
  let latestAt = 0
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
    if (has) {
      const outer = replaying
      replaying = { value: latest, ageMs: scheduler.now() - latestAt }
      try {
        subscriber.next(latest as T)
      } finally {
        replaying = outer
      }
    }
    if (subscribers.length === 1 && wire === undefined) {
      let live = true
      const sub = source.subscribe({
        next: (value) => {
          has = true
          latest = value
          latestAt = scheduler.now()
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
