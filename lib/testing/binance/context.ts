/** What the parts of the Binance simulator share, and the events it reports. */
import type { DepthBook } from '../kit/depth-book.js'
import type { RestRequestEvent } from '../kit/rest-api.js'
import type { SimContext, SimShellEvent } from '../kit/venue-simulator.js'
import type { BinanceFaults } from './faults.js'
import type { BinanceLimits } from './limits.js'
import type { BinanceMarket, ResolvedBinanceOptions } from './options.js'
import type { BinanceOrders } from './orders.js'

/**
 * Something that happened in the simulator, for tests to wait on instead of sleeping.
 *
 * @example
 * const closed = firstValueFrom(binance.events$.pipe(filter((e) => e.type === 'disconnected')))
 * expect((await closed).reason).to.equal('pong-timeout')
 */
export type BinanceSimEvent =
  | { readonly type: 'connected'; readonly channel: 'stream' | 'ws-api'; readonly connId: number }
  | {
      readonly type: 'disconnected'
      readonly channel: 'stream' | 'ws-api'
      readonly connId: number
      /** Why the simulator closed it, when it did. */
      readonly reason: 'message-rate' | 'pong-timeout' | undefined
    }
  | {
      readonly type: 'subscribed' | 'unsubscribed'
      readonly channel: 'stream'
      readonly connId: number
      readonly streams: readonly string[]
    }
  | { readonly type: 'user-stream'; readonly connId: number; readonly subscriptionId: number }
  | RestRequestEvent<number>
  | SimShellEvent

export interface BinanceContext extends SimContext<ResolvedBinanceOptions, BinanceFaults, BinanceSimEvent> {
  readonly orders: BinanceOrders
  readonly limits: BinanceLimits
  /** The market of a `symbol` parameter; -1102 when missing, -1121 when not listed. */
  market(symbol: unknown): BinanceMarket
  depth(market: BinanceMarket): DepthBook
}
