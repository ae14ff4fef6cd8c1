/**
 * A history range as query parameters of a venue that takes ISO 8601 times (Coinbase, Prime).
 */
import type { VenueHistoryRange } from './order-queries.js'
import type { Query } from './signed-call.js'

/**
 * The names a venue gives a range's symbol and bounds.
 *
 * @example
 * const names: RangeNames = { symbol: 'product_ids', from: 'start_date', to: 'end_date' }
 */
export interface RangeNames {
  readonly symbol: string
  readonly from: string
  readonly to: string
}

/**
 * The range's parameters, each bound an ISO 8601 time; an open bound, or no symbol, is left out.
 *
 * @example
 * isoRange({ venueSymbol: 'BTC-USD', fromMs: 0, toMs: undefined }, names) // { product_ids: 'BTC-USD', start_date: '1970-01-01T00:00:00.000Z', end_date: undefined }
 */
export function isoRange(r: VenueHistoryRange, names: RangeNames): Query {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())
  return { [names.symbol]: r.venueSymbol, [names.from]: iso(r.fromMs), [names.to]: iso(r.toMs) }
}
