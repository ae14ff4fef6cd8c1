/**
 * What the driver asks Binance before anything else: its clock (`GET /api/v3/time`) and its listing
 * (`GET /api/v3/exchangeInfo`) as the model's instruments, whose `rateLimits` become the limiter's.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints
 */
import { map, type Observable } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { Instrument, InstrumentStatus } from '../../core/model.js'
import type { RateLimiter } from '../../transport/rate-limit.js'
import type { RestClient } from '../../transport/rest.js'
import { listedInstruments } from '../kit/listing.js'
import { spotInstrument } from '../kit/spot-instrument.js'
import {
  BinanceExchangeInfo,
  BinanceServerTime,
  type BinanceRateLimit,
  type BinanceSymbolFilter,
  type BinanceSymbolInfo,
} from './codecs.js'
import { BINANCE_SPEC, BINANCE_WEIGHTS } from './spec.js'

/** The venue's clock in epoch ms: the `fetchServerTime` of the driver's `ClockSync`. */
export function fetchServerTime(rest: RestClient): Observable<number> {
  return rest
    .request$({ path: '/api/v3/time', codec: BinanceServerTime, cost: BINANCE_WEIGHTS.time })
    .pipe(map((answer) => answer.serverTime))
}

/** Every spot symbol as the model's {@link Instrument}s (see `listedInstruments`); the rate limits adopted. */
export function fetchExchangeInfo(
  rest: RestClient,
  logger: Logger,
  limiter: RateLimiter,
): Observable<readonly Instrument[]> {
  return rest
    .request$({
      path: '/api/v3/exchangeInfo',
      codec: BinanceExchangeInfo,
      cost: BINANCE_WEIGHTS.exchangeInfo,
    })
    .pipe(
      map((info) => {
        applyRateLimits(limiter, logger, info.rateLimits)
        return listedInstruments('binance', info.symbols, toInstrument, logger)
      }),
    )
}

const LIMIT_PREFIX: ReadonlyMap<string, string> = new Map([
  ['REQUEST_WEIGHT', 'weight'],
  ['ORDERS', 'orders'],
  ['RAW_REQUESTS', 'raw'],
])

/** Adopts the venue's `rateLimits` as the limiter's limits; a limit without a window is only logged. */
export function applyRateLimits(
  limiter: RateLimiter,
  logger: Logger,
  limits: readonly BinanceRateLimit[],
): void {
  for (const limit of limits) {
    // `ORDERS` every 10 `SECOND`s is the window `orders-10s`
    const window = `${LIMIT_PREFIX.get(limit.rateLimitType)}-${limit.intervalNum}${limit.interval.charAt(0).toLowerCase()}`
    if (!BINANCE_SPEC.rateWindows.some((w) => w.id === window)) {
      logger.debug('binance rate limit not counted', { limit })
      continue
    }
    limiter.observeUsage({ window, used: 0, limit: limit.limit })
  }
}

const STATUS: ReadonlyMap<string, InstrumentStatus> = new Map<string, InstrumentStatus>([
  ['TRADING', 'trading'],
  ['PRE_TRADING', 'pre-trading'],
  ['HALT', 'halted'],
  ['BREAK', 'halted'],
  ['POST_TRADING', 'halted'],
  ['END_OF_DAY', 'halted'],
  ['AUCTION_MATCH', 'halted'],
  ['DELISTED', 'delisted'],
])

/**
 * One symbol: tick size from PRICE_FILTER, lot size, minimum and maximum from LOT_SIZE (0 disables a
 * rule), minimum notional from NOTIONAL (or the older MIN_NOTIONAL); `undefined` without PRICE_FILTER
 * or LOT_SIZE.
 */
function toInstrument(raw: BinanceSymbolInfo): Instrument | undefined {
  // a filter of a type the driver reads was decoded strictly
  const find = <T extends string>(type: T) =>
    raw.filters.find((f) => f.filterType === type) as
      Extract<BinanceSymbolFilter, { filterType: T }> | undefined
  const price = find('PRICE_FILTER')
  const lot = find('LOT_SIZE')
  if (price === undefined || lot === undefined) return undefined
  const listing = {
    venueSymbol: raw.symbol,
    base: raw.baseAsset,
    quote: raw.quoteAsset,
    status: raw.status,
    tickSize: price.tickSize,
    lotSize: lot.stepSize,
    minSize: lot.minQty,
    maxSize: lot.maxQty,
    minNotional: (find('NOTIONAL') ?? find('MIN_NOTIONAL'))?.minNotional,
  }
  return spotInstrument('binance', listing, STATUS)
}
