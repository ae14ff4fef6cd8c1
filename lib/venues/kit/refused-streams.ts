/**
 * The market data a venue does not have, as calls that refuse it: RFQ and custody venues
 * (FalconX, Fordefi) and the public data Prime lacks.
 */
import { throwError, type Observable } from 'rxjs'
import type { VenueId } from '../../core/model.js'
import type { VenueCapabilities } from '../contract/capabilities.js'
import { unsupported } from '../contract/capability-check.js'

/** What each market-data call is called in its refusal. */
const NAMES = {
  bookChanges$: 'order book streams',
  trades$: 'trade streams',
  ticker$: 'ticker streams',
  candles$: 'live candles',
  candleHistory: 'candle history',
  tradeHistory: 'trade history',
} as const

/**
 * The name of a venue's market-data call.
 *
 * @example
 * const missing: MarketCall[] = ['trades$', 'ticker$']
 */
export type MarketCall = keyof typeof NAMES

/** Every market-data call. */
export const MARKET_CALLS: readonly MarketCall[] = Object.freeze(Object.keys(NAMES) as MarketCall[])

/**
 * Calls that fail with `invalid-request` (`<venue> does not support <what> (<why>)`), one for each name.
 *
 * @example
 * assembleVenue(FORDEFI_SPEC, ctx, { streams: refusedStreams('fordefi', MARKET_CALLS, 'a custody venue'), calls: {}, trading: undefined })
 */
export function refusedStreams<K extends MarketCall>(
  venue: VenueId,
  calls: readonly K[],
  why?: string,
): Record<K, (...args: unknown[]) => Observable<never>> {
  const out = {} as Record<K, (...args: unknown[]) => Observable<never>>
  for (const call of calls) {
    const what = why === undefined ? NAMES[call] : `${NAMES[call]} (${why})`
    out[call] = () => throwError(() => unsupported(venue, what))
  }
  return out
}

/**
 * The market-data calls a venue's capabilities say it does not offer: the streams and history it
 * declares absent (no live candle or candle-history intervals counts as none).
 *
 * @example
 * unofferedCalls(BYBIT_CAPABILITIES) // ['tradeHistory']
 */
export function unofferedCalls(capabilities: VenueCapabilities): MarketCall[] {
  const { marketData, history } = capabilities
  const offered: Record<MarketCall, boolean> = {
    bookChanges$: marketData.book,
    trades$: marketData.trades,
    ticker$: marketData.ticker,
    candles$: marketData.candleIntervals.length > 0,
    candleHistory: history.candleIntervals.length > 0,
    tradeHistory: history.trades,
  }
  return MARKET_CALLS.filter((call) => !offered[call])
}
