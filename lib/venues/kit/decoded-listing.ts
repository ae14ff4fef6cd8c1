/**
 * A listing whose entries vary (Coinbase's and Prime's products) as the model's instruments: each entry
 * decoded on its own, then mapped; one that does not decode, that the mapping refuses or that repeats a
 * symbol is left out with a warning, not the whole listing.
 */
import type * as t from 'io-ts'
import type { Logger } from '../../core/logging.js'
import type { Instrument, VenueId } from '../../core/model.js'
import { decodedEntries } from './decoded-entries.js'
import { listedInstruments } from './listing.js'

/**
 * The reader of a listing whose entries are `what` (`product`), each decoded by `codec`, named by
 * `symbolOf` and mapped by `toInstrument`. It logs `<venue> <what> left out` for an entry that does not
 * decode, `<venue> instrument left out` for one the mapping refuses or whose symbol repeats.
 *
 * @example
 * const products = decodedListing('prime', 'product', PrimeProduct, (p) => p.id, toInstrument)
 * products(page.products, logger) // Instrument[]
 */
export function decodedListing<A>(
  venue: VenueId,
  what: string,
  codec: t.Decoder<unknown, A>,
  symbolOf: (entry: A) => string,
  toInstrument: (entry: A) => Instrument | undefined,
): (entries: readonly unknown[], logger: Logger) => Instrument[] {
  return (entries, logger) => {
    const decoded = decodedEntries(venue, what, codec, entries, logger)
    const listed = decoded.map((entry) => ({ entry, symbol: symbolOf(entry) }))
    return listedInstruments(venue, listed, (l) => toInstrument(l.entry), logger)
  }
}
