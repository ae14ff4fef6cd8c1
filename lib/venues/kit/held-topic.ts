/**
 * A stream that keeps another subscribed while it is watched: Coinbase's and Prime's `heartbeats`
 * channel, which keeps a connection speaking every second while anything on it is watched.
 */
import { Observable } from 'rxjs'

/**
 * Wraps streams so that each keeps `held` subscribed while it is; an error of `held` fails the stream,
 * and its values are dropped. The subscriber is handed on as it is (no operator in between).
 *
 * @example
 * const held = holding(socket.topic$('heartbeats', {}))
 * held(market.books.changes$('BTC-USD', 'BTC/USD')).subscribe(show)
 */
export function holding(held: Observable<unknown>): <T>(stream: Observable<T>) => Observable<T> {
  return <T>(stream: Observable<T>) =>
    new Observable<T>((subscriber) => {
      const beat = held.subscribe({ error: (e: unknown) => subscriber.error(e) })
      const inner = stream.subscribe(subscriber)
      return () => {
        inner.unsubscribe()
        beat.unsubscribe()
      }
    })
}
