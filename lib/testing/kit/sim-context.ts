/**
 * What the parts of a venue simulator share, and what the shell reports: every handler of a venue
 * takes the context instead of the simulator itself.
 */
import type { WebSocket } from 'ws'
import type { Exchange } from '../../sim/exchange.js'
import type { SeriesCandle, SeriesInterval } from '../../sim/candle-series.js'
import type { CandleRange } from './candle-range.js'
import type { SimClock } from './clock.js'
import type { SimFaults } from './faults.js'
import type { SimMarket } from './options.js'
import type { SocketHub, SocketHubOptions } from './socket-hub.js'

/**
 * What the shell itself reports on a simulator's `events$`; every venue's events include these.
 *
 * @example
 * const received = firstValueFrom(sim.venue('bybit').events$.pipe(filter((e) => e.type === 'received')))
 */
export type SimShellEvent =
  | { readonly type: 'received'; readonly method: string; readonly path: string }
  | { readonly type: 'silence-ended' }

/**
 * What the parts of a simulator share: every handler of a venue takes (an extension of) it instead of
 * the simulator itself.
 *
 * @example
 * const time = (ctx: SimContext<ResolvedBybitOptions, BybitFaults, BybitSimEvent>) => ctx.clock.now()
 */
export interface SimContext<O, F extends SimFaults, E> {
  readonly options: O
  readonly exchange: Exchange
  readonly clock: SimClock
  readonly faults: F
  /** Runs engine work, then publishes what it changed. */
  run<T>(work: () => T): T
  emit(event: E): void
  /** A new hub of WebSocket connections of this simulator (dropped by `faults.dropSockets`). */
  hub<C extends { readonly ws: WebSocket }>(options: SocketHubOptions<C>): SocketHub<C>
  /** The candles of a market a REST query gets, now, within the history kept. */
  candles(market: SimMarket, interval: SeriesInterval, range: CandleRange): SeriesCandle[]
}
