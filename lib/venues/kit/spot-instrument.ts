import type { Decimal } from '../../core/decimal.js'
import type { Instrument, InstrumentStatus, UnifiedSymbol, VenueId } from '../../core/model.js'
import { formatSymbol } from '../../core/symbols.js'

/**
 * A spot pair as a venue lists it, in the model's words; the venue's own status text.
 *
 * @example
 * const fields: SpotListing = { venueSymbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', status: 'TRADING', tickSize, lotSize, minSize }
 */
export interface SpotListing {
  readonly venueSymbol: string
  readonly base: string
  readonly quote: string
  readonly status: string
  readonly tickSize: Decimal
  readonly lotSize: Decimal
  readonly minSize: Decimal
  /** Zero or absent: no maximum. */
  readonly maxSize?: Decimal | undefined
  /** Zero or absent: no minimum. */
  readonly minNotional?: Decimal | undefined
}

/**
 * The {@link Instrument} of a spot pair, or `undefined` when its assets are not valid codes. A status
 * missing from `statuses` is `halted`: nothing is assumed tradable that the venue did not call so.
 *
 * @example
 * spotInstrument('binance', fields, new Map([['TRADING', 'trading']]))?.symbol // 'BTC/USDT'
 */
export function spotInstrument(
  venue: VenueId,
  listing: SpotListing,
  statuses: ReadonlyMap<string, InstrumentStatus>,
): Instrument | undefined {
  let symbol: UnifiedSymbol
  try {
    symbol = formatSymbol(listing.base, listing.quote)
  } catch {
    return undefined
  }
  const slash = symbol.indexOf('/')
  const { maxSize, minNotional } = listing
  return {
    venue,
    symbol,
    venueSymbol: listing.venueSymbol,
    base: symbol.slice(0, slash),
    quote: symbol.slice(slash + 1),
    tickSize: listing.tickSize,
    lotSize: listing.lotSize,
    minSize: listing.minSize,
    maxSize: maxSize === undefined || maxSize.isZero() ? undefined : maxSize,
    minNotional: minNotional === undefined || minNotional.isZero() ? undefined : minNotional,
    status: statuses.get(listing.status) ?? 'halted',
  }
}
