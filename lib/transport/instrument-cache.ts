import {
  catchError,
  defer,
  finalize,
  of,
  share,
  tap,
  throwError,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
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
  /** Fetches the listing (one request per subscription). */
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
 * instruments().pipe(tap((all) => cache.store(new SymbolMap('bybit', all))))
 */
export interface InstrumentCache {
  /** The map in hand while fresh, else a (shared) fetch. */
  symbols(): Observable<SymbolMap>
  /** Stores a listing fetched outside the cache (an explicit `instruments()` request). */
  store(map: SymbolMap): void
}

/**
 * A venue's symbol map, fetched on first use and trusted for `ttlMs`; concurrent callers share one
 * request. When a refresh fails the map in hand is kept (a listing rarely changes); only without one
 * does the error reach the caller.
 *
 * @example
 * const cache = createInstrumentCache({ load, ttlMs: 3_600_000, scheduler, logger, closed: () => undefined })
 * cache.symbols().subscribe((map) => map.toVenue('BTC/USDT'))
 */
export function createInstrumentCache(options: InstrumentCacheOptions): InstrumentCache {
  const { scheduler, logger } = options
  const prefix = options.venue === undefined ? '' : `${options.venue} `
  let cached: { readonly map: SymbolMap; readonly at: number } | undefined
  let inflight: Observable<SymbolMap> | undefined
  const store = (map: SymbolMap): void => {
    cached = { map, at: scheduler.now() }
  }
  const symbols = (): Observable<SymbolMap> =>
    defer(() => {
      const closed = options.closed()
      if (closed !== undefined) return throwError(() => closed)
      const hit = cached
      if (hit !== undefined && scheduler.now() - hit.at < options.ttlMs) return of(hit.map)
      inflight ??= defer(options.load).pipe(
        tap(store),
        catchError((e: unknown) => {
          if (hit === undefined) throw e
          logger.warn(`${prefix}instruments refresh failed; keeping the previous listing`, {
            error: e instanceof Error ? e.message : String(e),
          })
          return of(hit.map)
        }),
        finalize(() => (inflight = undefined)),
        share(),
      )
      return inflight
    })
  return { symbols, store }
}
