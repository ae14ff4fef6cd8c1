/**
 * The RFQ surface of a driver: the kit's `rfqSurface` on the driver's scheduler, venue clock, logger
 * and lifetime, and its executions joined to the trading pushes.
 */
import { merge, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs'
import type { Logger } from '../../../core/logging.js'
import type { RfqWire } from '../../contract/rfq.js'
import type { TradingParts } from '../trading/surface.js'
import { rfqSurface, type RfqSurface, type RfqSurfaceOptions } from './surface.js'

/**
 * What a driver context lends the surface.
 *
 * @example
 * const host: RfqHost = ctx
 */
export interface RfqHost {
  readonly scheduler: SchedulerLike
  readonly clock: { now(): number }
  readonly logger: Logger
  untilClosed<T>(): MonoTypeOperatorFunction<T>
}

/**
 * `rfqSurface(wire)` on the driver's scheduler, venue time, logger, ended when the driver closes.
 *
 * @example
 * const surface = driverRfqSurface(ctx, wire, { resendOnce: true, backoff: options.backoff })
 */
export function driverRfqSurface(
  host: RfqHost,
  wire: RfqWire,
  options: Pick<RfqSurfaceOptions, 'resendOnce' | 'backoff' | 'clockLagMs'> = {},
): RfqSurface {
  return rfqSurface(wire, {
    ...options,
    scheduler: host.scheduler,
    now: () => host.clock.now(),
    logger: host.logger,
    until: host.untilClosed,
  })
}

/**
 * The account's pushes with the executions' orders and fills merged in (the trading surface keeps one
 * of each when the order channel also carries them).
 *
 * @example
 * createTradingSurface(context, { ...parts, pushes: withRfqPushes(pushes, surface) })
 */
export function withRfqPushes(pushes: TradingParts['pushes'], surface: RfqSurface): TradingParts['pushes'] {
  return {
    ...pushes,
    orders$: merge(pushes.orders$, surface.orders$),
    fills$: merge(pushes.fills$, surface.fills$),
  }
}
