import { from, Observable, type ObservableInput, type OperatorFunction, type Subscription } from 'rxjs'

/**
 * Runs `project` on one value at a time and, while it is busy, keeps only the latest value that
 * arrives: when the work finishes it starts again on that latest value, and the ones in between are
 * dropped. The right operator for an asynchronous consumer of book views or quotes, where only the
 * newest state matters: memory stays at one pending value however slow the work is, and no decision is
 * ever made on a view older than the newest one seen. (`concatMap` would queue every view without bound;
 * `exhaustMap` would drop the newest; `switchMap` would abort the work in progress.)
 *
 * Completes once the source has completed and the work on the last pending value is done; errors of the
 * source or of `project` end it.
 *
 * ```
 * source:  a-b-c------d-|
 * project: each value → its upper case after 4 frames
 * result:  ----A---C------(D|)    (b is dropped: c arrived after it while A was busy)
 * ```
 *
 * @example
 * orderBook$('bybit', 'BTC/USDT')
 *   .pipe(conflateMap((book) => strategy.decide(book))) // an async function; slow decisions never queue views
 *   .subscribe(placeIfAny)
 */
export function conflateMap<T, R>(project: (value: T) => ObservableInput<R>): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let pending: { readonly value: T } | undefined
      let inner: Subscription | undefined
      let busy = false
      let sourceDone = false
      // Each run has a number, so a run that completes synchronously and starts the next one inside
      // `subscribe` is not mistaken for the one still running.
      let runs = 0

      const start = (value: T): void => {
        let output: Observable<R>
        try {
          output = from(project(value))
        } catch (error: unknown) {
          subscriber.error(error)
          return
        }
        const run = ++runs
        busy = true
        const subscription = output.subscribe({
          next: (result) => subscriber.next(result),
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (run !== runs) return
            busy = false
            inner = undefined
            next()
          },
        })
        if (run === runs && busy) inner = subscription
      }

      const next = (): void => {
        if (pending !== undefined) {
          const { value } = pending
          pending = undefined
          start(value)
        } else if (sourceDone) {
          subscriber.complete()
        }
      }

      const outer = source.subscribe({
        next: (value) => {
          if (busy) pending = { value }
          else start(value)
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true
          if (!busy && pending === undefined) subscriber.complete()
        },
      })

      return () => {
        outer.unsubscribe()
        inner?.unsubscribe()
        pending = undefined
      }
    })
}
