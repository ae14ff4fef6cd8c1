import type { Observable, SchedulerLike, Subscriber, Subscription } from 'rxjs'

/**
 * One attempt of a {@link retryLoop}: the stream to subscribe, and what to do with each of its values.
 * `fail` ends the attempt as if the stream had failed with `error`.
 *
 * @example
 * const attempt: Attempt<BookChange> = { source: changes$, next: (change, fail) => apply(change) || fail(gap) }
 */
export interface Attempt<T> {
  readonly source: Observable<T>
  next(value: T, fail: (error: unknown) => void): void
}

/**
 * Keeps a stream going for `subscriber` by subscribing it again after each failure, in one step per
 * value: what rxjs `retry` does with a delay, without an operator between the stream and the subscriber
 * (a process keeping a thousand books pays for every step). `delay` answers a failure with the wait
 * before the next attempt, or `undefined` to hand the failure to the subscriber. A failure of an attempt
 * already given up (or during its own subscribe) is told apart, and a completion ends the loop.
 *
 * ```
 * attempt 1: --a--#            delay 3
 * attempt 2:         ---b--c--|
 * subscriber: --a-----------b--c--|
 * ```
 *
 * @example
 * new Observable<T>((subscriber) => retryLoop(subscriber, () => ({ source, next: (v) => subscriber.next(v) }), () => 1000, scheduler))
 * @returns the teardown of the loop
 */
export function retryLoop<T>(
  subscriber: Subscriber<unknown>,
  open: () => Attempt<T>,
  delay: (error: unknown) => number | undefined,
  scheduler: SchedulerLike,
): () => void {
  let wire: Subscription | undefined
  let pending: Subscription | undefined
  let generation = 0
  const failed = (mine: number, error: unknown): void => {
    if (mine !== generation) return
    generation += 1
    wire?.unsubscribe()
    wire = undefined
    const wait = delay(error)
    if (wait === undefined) subscriber.error(error)
    else pending = scheduler.schedule(start, wait)
  }
  const start = (): void => {
    pending = undefined
    const mine = generation
    const attempt = open()
    const fail = (error: unknown): void => failed(mine, error)
    const sub = attempt.source.subscribe({
      next: (value) => {
        if (mine === generation) attempt.next(value, fail)
      },
      error: fail,
      complete: () => {
        if (mine === generation) subscriber.complete()
      },
    })
    if (mine === generation) wire = sub
    else sub.unsubscribe()
  }
  start()
  return () => {
    generation += 1
    wire?.unsubscribe()
    pending?.unsubscribe()
  }
}
