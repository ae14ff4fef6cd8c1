/**
 * What the parts of the Prime simulator share: the shell's context, the key, the account's orders and
 * quotes, and the product lookup.
 */
import type { SimFaults } from '../kit/faults.js'
import type { ChannelFeedEvent } from '../kit/channel-feed.js'
import type { RestRequestEvent } from '../kit/rest-api.js'
import type { SimContext, SimShellEvent } from '../kit/venue-simulator.js'
import type { PrimeSimKey } from './auth.js'
import type { PrimeMarket, ResolvedPrimeOptions } from './options.js'

/**
 * Something that happened in the Prime simulator, for tests to wait on. `topics` of a subscription are
 * `l2_data:BTC-USD`, `orders` or `heartbeats`.
 *
 * @example
 * prime.events$.pipe(filter((e) => e.type === 'subscribed')).subscribe(console.log)
 */
export type PrimeSimEvent = ChannelFeedEvent | RestRequestEvent<string> | SimShellEvent

/**
 * The shared state of one Prime simulator.
 *
 * @example
 * const market = ctx.product('BTC-USD')
 */
export interface PrimeContext extends SimContext<ResolvedPrimeOptions, SimFaults, PrimeSimEvent> {
  readonly key: PrimeSimKey
  /**
   * The listed product of an id.
   *
   * @throws VenueError `VALIDATION_ERROR` for a product that is not listed.
   */
  product(id: unknown): PrimeMarket
  /**
   * The portfolio a path names.
   *
   * @throws VenueError `RESOURCE_NOT_FOUND` for one the key does not read.
   */
  portfolio(id: string): string
}
