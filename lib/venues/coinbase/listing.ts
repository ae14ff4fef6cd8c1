/**
 * What the Coinbase driver asks the public REST API before anything else: the venue's clock
 * (`GET /time`) and the spot listing (`GET /market/products`, paged by offset), as the model's
 * instruments. https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/list-public-products
 */
import { map, toArray, type Observable } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { Instrument, InstrumentStatus } from '../../core/model.js'
import type { RestClient } from '../../transport/rest.js'
import { decodedEntries } from '../kit/decoded-entries.js'
import { listedInstruments } from '../kit/listing.js'
import { pageThrough } from '../kit/pager.js'
import { spotInstrument } from '../kit/spot-instrument.js'
import { CoinbaseProduct, CoinbaseProductsPage, CoinbaseServerTime } from './codecs.js'

/** The public REST prefix every path of the driver starts with. */
export const API = '/api/v3/brokerage'

/** Products asked for per listing page. */
const PAGE = 250

/**
 * The venue's clock in epoch ms: the `fetchServerTime` of the driver's `ClockSync`.
 *
 * @example
 * new ClockSync({ fetchServerTime: () => fetchServerTime(rest) })
 */
export function fetchServerTime(rest: RestClient): Observable<number> {
  return rest
    .request$({ path: `${API}/time`, codec: CoinbaseServerTime })
    .pipe(map((answer) => answer.epochMillis.timestamp.getTime()))
}

/**
 * The spot listing: every `SPOT` product as an {@link Instrument} (see `listedInstruments`: a product
 * that does not decode, or repeats a symbol, is left out with a warning), and the products whose market
 * data is another's (`alias`: `BTC-USDC` shares `BTC-USD`'s book and trades), by product id.
 *
 * @example
 * fetchListing(ctx.rest, ctx.logger).subscribe(({ instruments, aliases }) => aliases.get('BTC-USDC')) // 'BTC-USD'
 */
export function fetchListing(
  rest: RestClient,
  logger: Logger,
): Observable<{ readonly instruments: Instrument[]; readonly aliases: ReadonlyMap<string, string> }> {
  const page = (offset: number) =>
    rest
      .request$({
        path: `${API}/market/products`,
        query: { product_type: 'SPOT', limit: PAGE, offset },
        codec: CoinbaseProductsPage,
      })
      .pipe(
        map((answer) => ({
          items: answer.products,
          next: answer.products.length < PAGE ? undefined : offset + answer.products.length,
        })),
      )
  return pageThrough(0, page).pipe(
    toArray(),
    map((entries) => {
      const products = decodedEntries('coinbase', 'product', CoinbaseProduct, entries, logger).map((p) => ({
        ...p,
        symbol: p.product_id,
      }))
      const aliases = new Map<string, string>()
      for (const p of products) if (p.alias) aliases.set(p.product_id, p.alias)
      const spot = products.filter((p) => p.product_type === 'SPOT')
      return { instruments: listedInstruments('coinbase', spot, toInstrument, logger), aliases }
    }),
  )
}

const STATUS: ReadonlyMap<string, InstrumentStatus> = new Map<string, InstrumentStatus>([
  ['online', 'trading'],
  ['offline', 'halted'],
  ['internal', 'halted'],
  ['delisted', 'delisted'],
])

/**
 * One product (see the kit's `spotInstrument`): tick size `quote_increment`, lot size `base_increment`,
 * the smallest order `base_min_size` and the smallest value `quote_min_size`. An `online` product that
 * cannot trade now (trading disabled, cancel-only, in an auction) is not `trading`.
 *
 * @example
 * toInstrument(product)?.tickSize.toString() // '0.01', from quote_increment
 */
export function toInstrument(raw: CoinbaseProduct): Instrument | undefined {
  const listing = {
    venueSymbol: raw.product_id,
    base: raw.base_currency_id,
    quote: raw.quote_currency_id,
    status: raw.status,
    tickSize: raw.quote_increment,
    lotSize: raw.base_increment,
    minSize: raw.base_min_size,
    maxSize: raw.base_max_size,
    minNotional: raw.quote_min_size,
  }
  const instrument = spotInstrument('coinbase', listing, STATUS)
  if (instrument === undefined || instrument.status !== 'trading') return instrument
  if (raw.auction_mode === true) return { ...instrument, status: 'pre-trading' }
  const blocked = raw.trading_disabled === true || raw.is_disabled === true || raw.cancel_only === true
  return blocked ? { ...instrument, status: 'halted' } : instrument
}
