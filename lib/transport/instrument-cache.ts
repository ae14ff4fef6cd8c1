import { ReplaySubject, catchError, defer, of, throwError, type Observable, type SchedulerLike } from 'rxjs'
import type { Subscription } from 'rxjs'
import type { Logger } from '../core/logging.js'
import type { SymbolMap } from '../core/symbols.js'

/**
 * Options of {@link createInstrumentCache}.
 *
 * @example
 * const options: InstrumentCacheOptions = {
 *   load: () => fetchInstruments(rest, logger).pipe(map((all) => new SymbolMap('bybit', all))),
 *   ttlMs: 3_600_000, scheduler: asyncScheduler, logger, closed: () => undefined,
 * }
 */
export interface InstrumentCacheOptions {
  /** Fetches the listing (one request per subscription; the cache keeps one in flight). */
  readonly load: () => Observable<SymbolMap>
  /** How long a listing is trusted before the next use refreshes it. */
  readonly ttlMs: number
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  /** Names the venue in the warning of a failed refresh. */
  readonly venue?: string
  /** The error of a call made once the owner is closed, or `undefined` while open. */
  readonly closed: () => Error | undefined
}

/**
 * A venue's cached symbol map. See {@link createInstrumentCache}.
 *
 * @example
 * cache.fetch().pipe(map((symbols) => symbols.instruments()))
 */
export interface InstrumentCache {
  /** The map in hand while fresh, else the fetch in flight or a new one. */
  symbols(): Observable<SymbolMap>
  /** The listing as the venue has it now: the fetch in flight, or a new one; the map is kept. */
  fetch(): Observable<SymbolMap>
  /** Cancels a fetch in flight and fails whoever waits for it with `error` (the owner closes). */
  close(error: Error): void
}

interface Fetch {
  readonly result: ReplaySubject<SymbolMap>
  subscription: Subscription | undefined
}

/**
 * A venue's symbol map, fetched on first use and trusted for `ttlMs`. At most one fetch is in flight
 * per cache: every caller meanwhile joins it, and it runs to its end even when all of them leave, so
 * a caller that switches away and back (a `switchMap` over instruments) never pays for the listing
 * twice; the map it brings is kept either way. When a refresh fails the map in hand is kept (a
 * listing rarely changes); only without one does the error reach `symbols()` callers.
 *
 * @example
 * const cache = createInstrumentCache({ load, ttlMs: 3_600_000, scheduler, logger, closed: () => undefined })
 * cache.symbols().subscribe((map) => map.toVenue('BTC/USDT'))
 */
export function createInstrumentCache(options: InstrumentCacheOptions): InstrumentCache {
  const { scheduler, logger } = options
  const prefix = options.venue === undefined ? '' : `${options.venue} `
  let cached: { readonly map: SymbolMap; readonly at: number } | undefined
  let inflight: Fetch | undefined

  const start = (): Observable<SymbolMap> => {
    const joined = inflight
    if (joined !== undefined) return joined.result
    const current: Fetch = { result: new ReplaySubject<SymbolMap>(1), subscription: undefined }
    inflight = current
    const done = (): void => {
      if (inflight === current) inflight = undefined
    }
    current.subscription = defer(options.load).subscribe({
      next: (map) => {
        cached = { map, at: scheduler.now() }
        current.result.next(map)
      },
      error: (e: unknown) => {
        done()
        if (cached !== undefined) {
          logger.warn(`${prefix}instruments refresh failed; keeping the previous listing`, {
            error: e instanceof Error ? e.message : String(e),
          })
        }
        current.result.error(e)
      },
      complete: () => {
        done()
        current.result.complete()
      },
    })
    return current.result
  }

  const guarded = (source: () => Observable<SymbolMap>): Observable<SymbolMap> =>
    defer(() => {
      const closed = options.closed()
      return closed !== undefined ? throwError(() => closed) : source()
    })

  return {
    symbols: () =>
      guarded(() => {
        const hit = cached
        if (hit !== undefined && scheduler.now() - hit.at < options.ttlMs) return of(hit.map)
        return start().pipe(
          catchError((e: unknown) => {
            if (hit === undefined) throw e
            return of(hit.map)
          }),
        )
      }),
    fetch: () => guarded(start),
    close: (error) => {
      const current = inflight
      inflight = undefined
      current?.subscription?.unsubscribe()
      current?.result.error(error)
    },
  }
}
