/**
 * A venue's execution record as the model's fill, on the listed instrument.
 */
import type { Fill, Instrument, VenueId } from '../../../core/model.js'
import type { SymbolMap } from '../../../core/symbols.js'

/**
 * What an execution record says of a fill, in the model's words; `fields` may read the instrument
 * (a fee asset the venue leaves implicit).
 *
 * @example
 * const fields: FillFields = { tradeId: '7', orderId: '42', side: 'buy', price, quantity, fee, feeAsset: 'BNB', ...at }
 */
export type FillFields = Omit<Fill, 'venue' | 'symbol'>

/**
 * The {@link Fill} of an execution of `venueSymbol`, or `undefined` when the symbol is not a listed
 * instrument.
 *
 * @example
 * venueFill('binance', symbols, trade.symbol, (i) => ({ tradeId: trade.id, feeAsset: i.quote, ...rest }))
 */
export function venueFill(
  venue: VenueId,
  symbols: SymbolMap,
  venueSymbol: string,
  fields: (instrument: Instrument) => FillFields,
): Fill | undefined {
  const instrument = symbols.getByVenueSymbol(venueSymbol)
  return instrument === undefined ? undefined : { venue, symbol: instrument.symbol, ...fields(instrument) }
}
