/**
 * Public streams as topic name plus mapper: a symbol resolved to the venue's instrument, and a topic's
 * frames mapped once and shared by every subscriber.
 */
import { mergeMap, Observable, share, take } from 'rxjs'
import type { VenueError } from '../../core/errors.js'
import type { Instrument, UnifiedSymbol } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { Venue } from '../contract/venue.js'

/**
 * The public streams of a driver, as the venue contract names them.
 *
 * @example
 * const streams: MarketStreams = createBybitPublicStreams(ctx)
 */
export type MarketStreams = Pick<Venue, 'bookChanges$' | 'trades$' | 'ticker$' | 'candles$'>

/**
 * What {@link withInstrument} needs of a driver.
 *
 * @example
 * withInstrument(ctx, 'BTC/USDT', (instrument) => streams.trades$(instrument))
 */
export interface InstrumentSource {
  readonly closed: boolean
  closedError(): VenueError
  symbols(): Observable<SymbolMap>
}

/**
 * Runs `open` with the instrument of `symbol` (an unknown symbol fails with `invalid-request` naming
 * the closest listed ones), failing like a request when the driver is closed.
 *
 * @example
 * withInstrument(ctx, 'BTC/USDT', (i) => topic$(`publicTrade.${i.venueSymbol}`))
 */
export function withInstrument<T>(
  source: InstrumentSource,
  symbol: UnifiedSymbol,
  open: (instrument: Instrument) => Observable<T>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    if (source.closed) return subscriber.error(source.closedError())
    let found = false
    // the stream is subscribed with the subscriber itself: no step per value once the symbol is known
    const lookup = source
      .symbols()
      .pipe(take(1))
      .subscribe({
        next: (symbols) => {
          found = true
          let stream: Observable<T>
          try {
            stream = open(symbols.instrument(symbol))
          } catch (e) {
            subscriber.error(e)
            return
          }
          stream.subscribe(subscriber)
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          if (!found) subscriber.complete()
        },
      })
    return lookup
  })
}

/**
 * Topic streams whose frames every subscriber sees alike: each topic's frames are mapped once and
 * shared, the topic subscribed while anyone watches.
 *
 * @example
 * const topics = createSharedTopics((key) => socket.topic$(key, { filter: byTopic(key) }))
 * topics.stream('publicTrade.BTCUSDT', (frame) => frame.data.map(toTrade))
 */
export interface SharedTopics<F> {
  /** `project` maps one frame to the items it carries. */
  stream<T>(key: string, project: (frame: F) => readonly T[]): Observable<T>
}

/**
 * Creates the shared topic streams of one socket (see {@link SharedTopics}).
 *
 * @example
 * const topics = createSharedTopics<BybitPublicFrame>((key) => socket.topic$(key, { filter }))
 */
export function createSharedTopics<F>(topic$: (key: string) => Observable<F>): SharedTopics<F> {
  const shared = new Map<string, Observable<unknown>>()
  return {
    stream: <T>(key: string, project: (frame: F) => readonly T[]): Observable<T> => {
      let stream = shared.get(key) as Observable<T> | undefined
      if (stream === undefined) {
        stream = topic$(key).pipe(mergeMap(project), share())
        shared.set(key, stream)
      }
      return stream
    },
  }
}
