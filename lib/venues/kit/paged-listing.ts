import { map, toArray, type Observable } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { Instrument, VenueId } from '../../core/model.js'
import { listedInstruments } from './listing.js'
import { pageThrough, type Page } from './pager.js'

/**
 * A venue's whole listing, pages followed while the venue returns a cursor, as the model's instruments
 * (see `listedInstruments`: an entry `toInstrument` refuses or that repeats a symbol is left out).
 *
 * @example
 * pagedListing('bybit', (cursor) => instrumentsPage(cursor), toInstrument, logger)
 */
export function pagedListing<R extends { readonly symbol: string }>(
  venue: VenueId,
  page: (cursor: string | undefined) => Observable<Page<string | undefined, R>>,
  toInstrument: (entry: R) => Instrument | undefined,
  logger: Logger,
): Observable<Instrument[]> {
  return pageThrough<string | undefined, R>(undefined, page).pipe(
    toArray(),
    map((list) => listedInstruments(venue, list, toInstrument, logger)),
  )
}
