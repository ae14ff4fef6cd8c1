import { tap, type MonoTypeOperatorFunction } from 'rxjs'
import { DecodeError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { Instrument, VenueId } from '../../core/model.js'
import type { VenueEventBody } from './lifecycle.js'

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

/**
 * Reports a listing answer that could not be decoded (a proxy's page, a truncated body, a changed
 * payload) as a `decode-error` event on channel `rest`, its `DecodeError` naming the request; the load
 * fails as before, and the streams waiting for it try again.
 *
 * @example
 * hooks.listing(rest, logger, limiter).pipe(reportUndecodedListing((event) => ctx.emit(event)))
 */
export function reportUndecodedListing<T>(
  emit: (event: VenueEventBody) => void,
): MonoTypeOperatorFunction<T> {
  return tap({
    error: (error: unknown) => {
      if (error instanceof DecodeError) emit({ type: 'decode-error', channel: 'rest', error })
    },
  })
}
