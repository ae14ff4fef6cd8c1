/** What the parts of the Bybit simulator share: the shell's context, the orders, market questions. */
import type { SocketEvent } from '../kit/socket-events.js'
import type { SimContext, SimShellEvent } from '../kit/venue-simulator.js'
import type { BybitFaults } from './faults.js'
import type { BybitMarket, ResolvedBybitOptions } from './options.js'
import type { BybitOrders } from './orders.js'
import type { UsdPrice } from './wallet.js'

/**
 * Something that happened in the simulator, for tests to wait on instead of sleeping.
 *
 * @example
 * const created = firstValueFrom(bybit.events$.pipe(filter((e) => e.type === 'request' && e.path === '/v5/order/create')))
 * account.placeOrder(order).subscribe()
 * expect(await created).to.include({ status: 200, retCode: 0 })
 */
export type BybitSimEvent =
  | SocketEvent<'public' | 'private', string>
  | { readonly type: 'authenticated'; readonly connId: string; readonly success: boolean }
  | {
      readonly type: 'request'
      readonly method: string
      readonly path: string
      /** HTTP status sent; `0` when the response was dropped. */
      readonly status: number
      /** Bybit's `retCode`, when a JSON envelope was sent. */
      readonly retCode: number | undefined
    }
  | SimShellEvent

/** The shared state of one Bybit simulator: every handler takes it instead of the simulator itself. */
export interface BybitContext extends SimContext<ResolvedBybitOptions, BybitFaults, BybitSimEvent> {
  readonly orders: BybitOrders
  /** The market of a Bybit symbol parameter; 10001 for a missing or unknown symbol. */
  market(symbol: unknown): BybitMarket
  /** `u` of the market's 50-level book stream, which the REST order book carries. */
  bookUpdateId(market: BybitMarket): number
  /** The market's cross sequence: one more per change of its book or trades. */
  crossSequence(market: BybitMarket): number
  readonly usd: UsdPrice
}
