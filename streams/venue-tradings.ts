/**
 * The trading surface each known venue gives, by venue id: what `client.account(venue)` is typed as.
 * Types only: naming a venue's surface here loads none of its code.
 */
import type { VenueId } from '../lib/core/model.js'
import type { BinanceTrading } from '../lib/venues/binance/private.js'
import type { BybitTrading } from '../lib/venues/bybit/trading.js'
import type { CoinbaseTrading } from '../lib/venues/coinbase/trading.js'
import type { VenueTrading } from '../lib/venues/contract/trading.js'
import type { FalconxTrading } from '../lib/venues/falconx/trading.js'
import type { MockTrading } from '../lib/venues/mock/mock-venue.js'
import type { PrimeTrading } from '../lib/venues/prime/trading.js'

/**
 * The trading surface of each venue that trades, by its id.
 *
 * @example
 * const prime: VenueTradings['prime'] = client.account('prime')
 * prime.previewOrder({ symbol: 'BTC/USD', side: 'buy', type: 'market', quantity: new Decimal('0.1') })
 */
export interface VenueTradings {
  readonly bybit: BybitTrading
  readonly binance: BinanceTrading
  readonly coinbase: CoinbaseTrading
  readonly prime: PrimeTrading
  readonly falconx: FalconxTrading
  readonly mock: MockTrading
}

/**
 * The trading surface of venue `V`: its own for a venue of {@link VenueTradings} named literally, the
 * common {@link VenueTrading} for any other id (a venue module of your own, or an id held in a
 * `VenueId` variable).
 *
 * @example
 * const account: VenueTradingOf<'coinbase'> = client.account('coinbase') // takes `expiresAt`
 */
export type VenueTradingOf<V extends VenueId> = [V] extends [keyof VenueTradings]
  ? VenueTradings[V]
  : VenueTrading
