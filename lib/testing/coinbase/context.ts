/**
 * What the parts of the Coinbase simulator share: the shell's context and the product lookup.
 */
import type { SimFaults } from '../kit/faults.js'
import type { ChannelFeedEvent } from '../kit/channel-feed.js'
import type { RestRequestEvent } from '../kit/rest-api.js'
import type { SimContext, SimShellEvent } from '../kit/venue-simulator.js'
import type { CoinbaseProduct, ResolvedCoinbaseOptions } from './options.js'

/**
 * Something that happened in the Coinbase simulator, for tests to wait on instead of sleeping.
 * `topics` are `channel:product` (`level2:BTC-USD`), or `heartbeats`; on the user socket (`channel:
 * 'user'`), `user` or `heartbeats`.
 *
 * @example
 * const subscribed = firstValueFrom(coinbase.events$.pipe(filter((e) => e.type === 'subscribed')))
 */
export type CoinbaseSimEvent =
  | ChannelFeedEvent
  | {
      readonly type: 'subscribed'
      readonly channel: 'user'
      readonly connId: string
      /** `user` or `heartbeats`, on the user socket. */
      readonly topics: readonly string[]
    }
  | RestRequestEvent<string>
  | SimShellEvent

/**
 * The shared state of one Coinbase simulator: every handler takes it instead of the simulator itself.
 *
 * @example
 * const book = (ctx: CoinbaseContext, id: string) => ctx.exchange.book(ctx.product(id).market.instrument.symbol)
 */
export interface CoinbaseContext extends SimContext<ResolvedCoinbaseOptions, SimFaults, CoinbaseSimEvent> {
  /**
   * The listed product of a product id.
   *
   * @throws VenueError `NOT_FOUND` for a product that is not listed.
   */
  product(id: unknown): CoinbaseProduct
}
