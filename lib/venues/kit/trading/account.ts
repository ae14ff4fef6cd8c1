/**
 * One account's signed requests and trading context, from a driver context, as every venue makes them.
 */
import type { MonoTypeOperatorFunction, Observable, SchedulerLike } from 'rxjs'
import type { Logger } from '../../../core/logging.js'
import type { VenueId } from '../../../core/model.js'
import type { SymbolMap } from '../../../core/symbols.js'
import type { RestClient } from '../../../transport/rest.js'
import type { ReconcileOptions } from './place-without-duplicates.js'
import { createSignedApi, type SignedApi, type SignedApiContext } from './signed-api.js'
import type { TradingContext } from './surface.js'

/**
 * What {@link tradingAccount} takes of a driver context (a `DriverContext` is one).
 *
 * @example
 * const host: TradingHost = ctx
 */
export interface TradingHost {
  readonly venue: VenueId
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  readonly clock: {
    now(): number
    resync(): Observable<unknown>
    readonly sync$: Observable<unknown>
  }
  readonly options: { readonly recvWindowMs: number; readonly orderDeadlineMs: number }
  symbols(): Observable<SymbolMap>
  untilClosed<T>(): MonoTypeOperatorFunction<T>
}

/**
 * The signed API over `rest` and the context of `createTradingSurface`; `signing`: how the venue's
 * refusals are resent (see `SignedApiContext.resendUnauthorized`).
 *
 * @example
 * const { api, context } = tradingAccount(ctx, ctx.privateRest, options.reconcile)
 */
export function tradingAccount(
  host: TradingHost,
  rest: RestClient,
  reconcile?: ReconcileOptions,
  signing: Pick<SignedApiContext, 'resendUnauthorized'> = {},
): { readonly api: SignedApi; readonly context: TradingContext } {
  const { venue, scheduler, logger, clock } = host
  const { recvWindowMs, orderDeadlineMs } = host.options
  const symbols = () => host.symbols()
  const api = createSignedApi({ venue, rest, clock, scheduler, logger, symbols, orderDeadlineMs, ...signing })
  const context: TradingContext = {
    api,
    scheduler,
    logger,
    now: () => clock.now(),
    recvWindowMs,
    orderDeadlineMs,
    clockSync$: clock.sync$,
    untilClosed: <T>() => host.untilClosed<T>(),
    reconcile,
  }
  return { api, context }
}
