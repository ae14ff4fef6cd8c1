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

/** The eager driver behind the package's `createBybitVenue` (module.ts). */
export function createBybitVenue(options: BybitOptions = {}): BybitVenue {
  const ctx = createBybitContext(options)
  const { candleHistory, ...calls } = createBybitPublicRest(ctx)
  return assembleVenue(BYBIT_SPEC, ctx, {
    // no trade history (see BYBIT_CAPABILITIES): spot REST serves the last 60 trades only
    streams: { ...createBybitPublicStreams(ctx), candleHistory },
    calls,
    trading: ctx.privateRest !== undefined ? createBybitTrading(ctx) : undefined,
  })
}
