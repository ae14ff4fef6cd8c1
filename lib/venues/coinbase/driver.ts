/**
 * The Coinbase Advanced Trade driver, assembled: `createCoinbaseVenue` loads with this module.
 */
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/index.js'
import { assembleVenue } from '../kit/assemble.js'
import { createCoinbaseContext } from './context.js'
import type { CoinbaseOptions } from './options.js'
import { createCoinbasePublicRest, type CoinbasePublicRest } from './rest.js'
import { COINBASE_SPEC } from './spec.js'
import { createCoinbasePublicStreams } from './streams.js'
import { createCoinbaseTrading, type CoinbaseTrading } from './trading.js'

/**
 * The Coinbase venue: the {@link Venue} contract plus Coinbase's other public REST calls, and trading
 * with a CDP key.
 *
 * @example
 * const coinbase: CoinbaseVenue = createCoinbaseVenue()
 * coinbase.recentTrades('BTC/USD').subscribe((trades) => console.log(trades.length))
 */
export interface CoinbaseVenue extends Venue, Omit<CoinbasePublicRest, 'candleHistory'> {
  readonly id: 'coinbase'
  /** Present when a CDP key (`apiKey` its name, `secret` its private key) was given. */
  readonly trading: CoinbaseTrading | undefined
  readonly rfq: undefined
  readonly custody: undefined
  /** The market socket, the REST clients, the limiter and the breaker, now. */
  health(): VenueHealthSnapshot
}

/**
 * The eager driver behind the package's `createCoinbaseVenue` (module.ts): the kit's `assembleVenue`
 * plus Coinbase's other public REST calls and, with a key, trading.
 *
 * @example
 * const coinbase = createCoinbaseVenue({ scheduler }) // under TestScheduler: no lazy load in between
 */
export function createCoinbaseVenue(options: CoinbaseOptions = {}): CoinbaseVenue {
  const ctx = createCoinbaseContext(options)
  const { candleHistory, ...calls } = createCoinbasePublicRest(ctx)
  return assembleVenue(COINBASE_SPEC, ctx, {
    streams: { ...createCoinbasePublicStreams(ctx), candleHistory },
    calls,
    trading: ctx.privateRest !== undefined ? createCoinbaseTrading(ctx) : undefined,
  })
}
