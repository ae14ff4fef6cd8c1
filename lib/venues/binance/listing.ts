/**
 * What the driver asks Binance before anything else: its clock (`GET /api/v3/time`) and its listing
 * with the rate limits (`GET /api/v3/exchangeInfo`), as the model's instruments.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints
 */
import { map, type Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import type { Logger } from '../../core/logging.js'
import type { Instrument, InstrumentStatus, UnifiedSymbol } from '../../core/model.js'
import { formatSymbol } from '../../core/symbols.js'
import type { RestClient } from '../../transport/rest.js'
import {
  BinanceExchangeInfo,
  BinanceServerTime,
  type BinanceRateLimit,
  type BinanceSymbolInfo,
} from './codecs.js'
import { BINANCE_WEIGHTS } from './spec.js'

/** The venue's clock in epoch ms: the `fetchServerTime` of the driver's `ClockSync`. */
export function fetchServerTime(rest: RestClient): Observable<number> {
  return rest
    .request$({ path: '/api/v3/time', codec: BinanceServerTime, cost: BINANCE_WEIGHTS.time })
    .pipe(map((answer) => answer.serverTime))
}

/** What `exchangeInfo` tells the driver: the instruments and the rate limits. */
export interface BinanceListing {
  readonly instruments: readonly Instrument[]
  readonly rateLimits: readonly BinanceRateLimit[]
}

/**
 * Every spot symbol as the model's {@link Instrument}s, and the venue's rate limits. A listing whose
 * assets are not valid codes, that lacks a PRICE_FILTER or LOT_SIZE, or that repeats a symbol, is left
 * out with a warning rather than failing the whole list.
 */
export function fetchExchangeInfo(rest: RestClient, logger: Logger): Observable<BinanceListing> {
  return rest
    .request$({
      path: '/api/v3/exchangeInfo',
      codec: BinanceExchangeInfo,
      cost: BINANCE_WEIGHTS.exchangeInfo,
    })
    .pipe(
      map((info) => {
        const out: Instrument[] = []
        const seen = new Set<string>()
        for (const raw of info.symbols) {
          const instrument = toInstrument(raw)
          if (instrument === undefined || seen.has(instrument.symbol) || seen.has(raw.symbol)) {
            logger.warn('binance instrument left out', { symbol: raw.symbol })
            continue
          }
          seen.add(instrument.symbol)
          seen.add(raw.symbol)
          out.push(instrument)
        }
        return { instruments: out, rateLimits: info.rateLimits }
      }),
    )
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
 * One symbol in the model's terms: tick size from PRICE_FILTER, lot size, minimum and maximum from
 * LOT_SIZE, minimum notional from NOTIONAL (or the older MIN_NOTIONAL); `undefined` when its assets
 * are not valid codes or a needed filter is missing. A status the table does not know is `halted`.
 */
function toInstrument(raw: BinanceSymbolInfo): Instrument | undefined {
  let symbol: UnifiedSymbol
  try {
    symbol = formatSymbol(raw.baseAsset, raw.quoteAsset)
  } catch {
    return undefined
  }
  let tickSize: Decimal | undefined
  let lot: { minQty: Decimal; maxQty: Decimal; stepSize: Decimal } | undefined
  let minNotional: Decimal | undefined
  let legacyMinNotional: Decimal | undefined
  for (const f of raw.filters) {
    // other filters keep their raw fields: only the type says which were decoded
    if (f.filterType === 'PRICE_FILTER' && 'tickSize' in f) tickSize = f.tickSize
    else if (f.filterType === 'LOT_SIZE' && 'stepSize' in f) lot = f
    else if (f.filterType === 'NOTIONAL' && 'minNotional' in f) minNotional = f.minNotional
    else if (f.filterType === 'MIN_NOTIONAL' && 'minNotional' in f) legacyMinNotional = f.minNotional
  }
  if (tickSize === undefined || lot === undefined) return undefined
  const slash = symbol.indexOf('/')
  const notional = minNotional ?? legacyMinNotional
  return {
    venue: 'binance',
    symbol,
    venueSymbol: raw.symbol,
    base: symbol.slice(0, slash),
    quote: symbol.slice(slash + 1),
    tickSize,
    lotSize: lot.stepSize,
    minSize: lot.minQty,
    // 0 disables a filter rule
    maxSize: lot.maxQty.isZero() ? undefined : lot.maxQty,
    minNotional: notional === undefined || notional.isZero() ? undefined : notional,
    status: STATUS.get(raw.status) ?? 'halted',
  }
}
