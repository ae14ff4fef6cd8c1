import type { Logger } from '../../core/logging.js'
import type { Instrument, VenueId } from '../../core/model.js'

/**
 * A venue's listing as the model's instruments, each entry mapped by `toInstrument`. An entry it refuses
 * (`undefined`: coins that are not valid asset codes) or that repeats a symbol, unified or the venue's,
 * is left out with a warning rather than failing the whole list.
 *
 * @example
 * listedInstruments('bybit', answer.result.list, toInstrument, logger) // Instrument[]
 */
export function listedInstruments<R extends { readonly symbol: string }>(
  venue: VenueId,
  entries: readonly R[],
  toInstrument: (entry: R) => Instrument | undefined,
  logger: Logger,
): Instrument[] {
  const out: Instrument[] = []
  const seen = new Set<string>()
  for (const entry of entries) {
    const instrument = toInstrument(entry)
    if (instrument === undefined || seen.has(instrument.symbol) || seen.has(entry.symbol)) {
      logger.warn(`${venue} instrument left out`, { symbol: entry.symbol })
      continue
    }
    seen.add(instrument.symbol)
    seen.add(entry.symbol)
    out.push(instrument)
  }
  return out
}
