/**
 * The entries of a list that decode one by one, for a venue whose listing entries vary (Coinbase's and
 * Prime's products): one that does not decode is left out with a warning, not the whole list.
 */
import type * as t from 'io-ts'
import { formatErrors } from '../../codec/report.js'
import type { Logger } from '../../core/logging.js'
import type { VenueId } from '../../core/model.js'

/**
 * Each entry `codec` decodes; a refused one is logged (`<venue> <what> left out`, with the first
 * paths at fault) and left out.
 *
 * @example
 * decodedEntries('prime', 'product', PrimeProduct, page.products, logger) // PrimeProduct[]
 */
export function decodedEntries<A>(
  venue: VenueId,
  what: string,
  codec: t.Decoder<unknown, A>,
  entries: readonly unknown[],
  logger: Logger,
): A[] {
  const out: A[] = []
  for (const entry of entries) {
    const decoded = codec.decode(entry)
    if (decoded._tag === 'Right') out.push(decoded.right)
    else logger.warn(`${venue} ${what} left out`, { paths: formatErrors(decoded.left).slice(0, 3) })
  }
  return out
}
