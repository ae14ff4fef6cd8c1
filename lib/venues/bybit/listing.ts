/**
 * What the Bybit driver itself asks of the public REST API: the venue's clock and the spot listing.
 * https://bybit-exchange.github.io/docs/v5/market/time and https://bybit-exchange.github.io/docs/v5/market/instrument
 */
import { map, type Observable } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { Instrument, InstrumentStatus } from '../../core/model.js'
import type { RestClient } from '../../transport/rest.js'
import { pagedListing } from '../kit/paged-listing.js'
import { spotInstrument } from '../kit/spot-instrument.js'
import { BybitInstrumentsPage, BybitServerTime, bybitEnvelope, type BybitSpotInstrument } from './codecs.js'

const ServerTimeAnswer = bybitEnvelope(BybitServerTime)
const InstrumentsAnswer = bybitEnvelope(BybitInstrumentsPage)

/** The venue's clock in epoch ms, from `GET /v5/market/time` (its nanosecond field). */
export function fetchServerTime(rest: RestClient): Observable<number> {
  return rest
    .request$({ path: '/v5/market/time', codec: ServerTimeAnswer })
    .pipe(map((answer) => answer.result.timeNano.timestamp.getTime()))
}

/** Every spot instrument (see the kit's `pagedListing`). */
export function fetchInstruments(rest: RestClient, logger: Logger): Observable<Instrument[]> {
  const page = (cursor: string | undefined) =>
    rest
      .request$({
        path: '/v5/market/instruments-info',
        query: { category: 'spot', cursor },
        codec: InstrumentsAnswer,
      })
      .pipe(map(({ result }) => ({ items: result.list, next: result.nextPageCursor || undefined })))
  return pagedListing('bybit', page, toInstrument, logger)
}

const STATUS: ReadonlyMap<string, InstrumentStatus> = new Map<string, InstrumentStatus>([
  ['Trading', 'trading'],
  ['PreLaunch', 'pre-trading'],
  ['Closed', 'delisted'],
  ['Delivering', 'halted'],
])

/** One spot instrument (see the kit's `spotInstrument`); the lot size is `basePrecision`. */
function toInstrument(raw: BybitSpotInstrument): Instrument | undefined {
  const lot = raw.lotSizeFilter
  const listing = {
    venueSymbol: raw.symbol,
    base: raw.baseCoin,
    quote: raw.quoteCoin,
    status: raw.status,
    tickSize: raw.priceFilter.tickSize,
    lotSize: lot.basePrecision,
    // minOrderQty is deprecated ("no longer checked"): one lot is then the smallest order
    minSize: lot.minOrderQty ?? lot.basePrecision,
    maxSize: lot.maxLimitOrderQty ?? lot.maxOrderQty,
    minNotional: lot.minOrderAmt,
  }
  return spotInstrument('bybit', listing, STATUS)
}
