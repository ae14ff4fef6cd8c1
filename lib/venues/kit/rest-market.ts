/**
 * Public REST calls as every driver makes them: failing like a request once the driver is closed, rows
 * of listed symbols only, history walked only over a valid range.
 */
import { concatMap, defer, EMPTY, map, throwError, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { UnifiedSymbol } from '../../core/model.js'
import type { CheckedRange } from './history-request.js'
import type { InstrumentSource } from './market-topics.js'

/**
 * Runs `open` on subscription, or fails with the driver's closed error once it is closed.
 *
 * @example
 * whileOpen(ctx, () => fetchServerTime(ctx.rest))
 */
export function whileOpen<T>(
  host: Pick<InstrumentSource, 'closed' | 'closedError'>,
  open: () => Observable<T>,
): Observable<T> {
  return defer(() => (host.closed ? throwError(() => host.closedError()) : open()))
}

/**
 * The rows of a REST answer about one symbol or every listed one, in the model's terms: the symbol
 * asked goes to the venue by its venue name, and a row of a symbol that is not listed is left out.
 *
 * @example
 * listedRows(ctx, symbol, (venueSymbol) => tickers24h(venueSymbol), (row) => row.symbol, ticker24h)
 */
export function listedRows<R, T>(
  host: InstrumentSource,
  symbol: UnifiedSymbol | undefined,
  fetch: (venueSymbol: string | undefined) => Observable<readonly R[]>,
  venueSymbolOf: (row: R) => string,
  toItem: (row: R, symbol: UnifiedSymbol) => T,
): Observable<readonly T[]> {
  return whileOpen(host, () => host.symbols()).pipe(
    concatMap((symbols) =>
      fetch(symbol === undefined ? undefined : symbols.toVenue(symbol)).pipe(
        map((rows) =>
          rows.flatMap((row) => {
            const instrument = symbols.getByVenueSymbol(venueSymbolOf(row))
            return instrument === undefined ? [] : [toItem(row, instrument.symbol)]
          }),
        ),
      ),
    ),
  )
}

/**
 * Walks history over a checked range (see `checkHistoryRange`, `checkCandleHistory`): an invalid one
 * fails, an empty one completes at once, and a closed driver fails like a request.
 *
 * @example
 * historyWalk(ctx, () => checkHistoryRange('binance', range, 'trade history'), ({ fromMs, toMs }) => walk(fromMs, toMs))
 */
export function historyWalk<R extends CheckedRange, T>(
  host: Pick<InstrumentSource, 'closed' | 'closedError'>,
  check: () => R | VenueError,
  walk: (range: R) => Observable<T>,
): Observable<T> {
  return whileOpen(host, () => {
    const checked = check()
    if (checked instanceof VenueError) return throwError(() => checked)
    return checked.empty ? EMPTY : walk(checked)
  })
}
