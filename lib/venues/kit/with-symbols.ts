/**
 * A call that needs the symbol map before it can send (to name an instrument as the venue does): run
 * once on the driver's current map, the listing fetched first when there is none yet.
 */
import { concatMap, first, type Observable } from 'rxjs'
import type { SymbolMap } from '../../core/symbols.js'

/**
 * `run` on the first symbol map `host` gives (a listing that ends empty fails as rxjs's `first` does).
 *
 * @example
 * withSymbols(account, (symbols) => send('/rfq', QuoteAnswer, { method: 'POST', body: { product_id: symbols.toVenue(request.symbol) } }))
 */
export function withSymbols<T>(
  host: { symbols(): Observable<SymbolMap> },
  run: (symbols: SymbolMap) => Observable<T>,
): Observable<T> {
  return host.symbols().pipe(first(), concatMap(run))
}
