/**
 * The Bybit v5 spot driver, assembled: `createBybitVenue` loads with this module.
 */
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import { assembleVenue } from '../kit/assemble.js'
import { createBybitContext } from './context.js'
import type { BybitOptions } from './options.js'
import { createBybitPublicRest, type BybitPublicRest } from './rest.js'
import { BYBIT_SPEC } from './spec.js'
import { createBybitPublicStreams } from './streams.js'
import { createBybitTrading, type BybitTrading } from './trading.js'

/**
 * The Bybit venue: the {@link Venue} contract plus Bybit's other public REST calls.
 *
 * @example
 * const bybit: BybitVenue = createBybitVenue()
 * bybit.recentTrades('BTC/USDT').subscribe((trades) => console.log(trades.length))
 */
export interface BybitVenue extends Venue, Omit<BybitPublicRest, 'candleHistory'> {
  readonly id: 'bybit'
  /** Present when an API key and secret were given. */
  readonly trading: BybitTrading | undefined
  readonly rfq: undefined
  readonly custody: undefined
  /** The public socket, the private one once used, both REST clients, the limiter and the breaker, now. */
  health(): VenueHealthSnapshot
}

/**
 * Creates a Bybit v5 spot driver. Nothing connects until a stream or request is subscribed; every
 * public stream shares one socket, every request one rate limiter and circuit breaker. Trading is
 * present only with credentials.
 *
 * @example
 * const bybit = createBybitVenue()
 * bybit.bookChanges$('BTC/USDT', { depth: 50 }).subscribe((change) => console.log(change.sequence))
 * bybit.candleHistory('BTC/USDT', { interval: '1h', from: new Date('2024-01-01'), to: new Date('2024-02-01') })
 * await bybit.close()
 */
export function createBybitVenue(options: BybitOptions = {}): BybitVenue {
  const ctx = createBybitContext(options)
  const rest = createBybitPublicRest(ctx)
  return {
    ...assembleVenue(ctx, BYBIT_SPEC, {
      ...createBybitPublicStreams(ctx),
      candleHistory: rest.candleHistory,
    }),
    serverTime: rest.serverTime,
    orderBook: rest.orderBook,
    recentTrades: rest.recentTrades,
    tickers: rest.tickers,
    trading: ctx.privateRest !== undefined ? createBybitTrading(ctx) : undefined,
    rfq: undefined,
    custody: undefined,
  }
}
