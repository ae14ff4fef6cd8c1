/**
 * The Binance spot driver, assembled: `createBinanceVenue` loads with this module.
 */
import type { Observable } from 'rxjs'
import type { Trade, UnifiedSymbol } from '../../core/model.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import { assembleVenue } from '../kit/assemble.js'
import { createBinanceContext } from './context.js'
import type { BinanceOptions } from './options.js'
import { createBinanceTrading, type BinanceTrading } from './private.js'
import { createBinancePublicRest, type BinancePublicRest } from './public.js'
import { BINANCE_SPEC } from './spec.js'
import { createBinancePublicStreams } from './ws-public.js'

/**
 * The Binance venue: the {@link Venue} contract plus Binance's other public calls.
 *
 * @example
 * const binance: BinanceVenue = createBinanceVenue()
 * binance.bookTicker('BTC/USDT').subscribe((t) => console.log(t.bid?.toString()))
 */
export interface BinanceVenue extends Venue, Omit<BinancePublicRest, 'candleHistory' | 'tradeHistory'> {
  readonly id: 'binance'
  /** Present when an API key and a secret (or private key) were given. */
  readonly trading: BinanceTrading | undefined
  readonly rfq: undefined
  readonly custody: undefined
  /** `<s>@aggTrade`: aggregate trades as they happen (id: the aggregate id). */
  aggTrades$(symbol: UnifiedSymbol): Observable<Trade>
  /** Open market-stream connections, and the streams each carries (health, tests). */
  streamsPerConnection(): readonly number[]
  /**
   * The market-stream pool (as one `public` connection), the WebSocket API connection once used
   * (`user-data`), both REST clients, the limiter and the breaker, now.
   */
  health(): VenueHealthSnapshot
}

/** The eager driver behind the package's `createBinanceVenue` (module.ts). */
export function createBinanceVenue(options: BinanceOptions = {}): BinanceVenue {
  const ctx = createBinanceContext(options)
  const { candleHistory, tradeHistory, ...calls } = createBinancePublicRest(ctx)
  const { streamsPerConnection, ...streams } = createBinancePublicStreams(ctx)
  return assembleVenue(BINANCE_SPEC, ctx, {
    streams: { ...streams, candleHistory, tradeHistory },
    calls: { ...calls, streamsPerConnection },
    trading: ctx.privateRest !== undefined ? createBinanceTrading(ctx) : undefined,
  })
}
