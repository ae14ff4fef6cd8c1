/**
 * A driver's account as its trading parts use it: the signed API over the driver's signed REST client,
 * JSON calls priced by the venue's path table, and the context the trading surface works in.
 */
import type { Observable, SchedulerLike } from 'rxjs'
import type { VenueId } from '../../../core/model.js'
import type { SymbolMap } from '../../../core/symbols.js'
import type { RateCost } from '../../../transport/rate-limit.js'
import type { DriverContext } from '../driver-base.js'
import type { ResolvedVenueOptions } from '../resolved-options.js'
import type { ReconcileOptions } from './place-without-duplicates.js'
import { tradingAccount } from './account.js'
import type { SignedApi, SignedApiContext } from './signed-api.js'
import { signedCall, type SignedCall } from './signed-call.js'
import type { TradingContext } from './surface.js'

/**
 * The signed side of a driver.
 *
 * @example
 * const { api, send } = createDriverAccount(ctx, bybitRequestCost)
 */
export interface DriverAccount {
  /** The kit's signed requests (clock measured first, a timestamp refusal sent once more, deadlines). */
  readonly api: SignedApi
  readonly send: SignedCall
  readonly scheduler: SchedulerLike
  /** Venue time, epoch ms. */
  now(): number
  symbols(): Observable<SymbolMap>
  /** What `createTradingSurface` needs of the driver. */
  surfaceContext(reconcile?: ReconcileOptions): TradingContext
}

/**
 * The account of a driver context that has a signed client (credentials were given); `signing`: how
 * the venue's refusals are resent (see `SignedApiContext.resendUnauthorized`).
 *
 * @throws RangeError when the context has no signed client.
 * @example
 * const account = createDriverAccount(ctx, (path) => ({ requests: 1 }))
 * createTradingSurface(account.surfaceContext(options.reconcile), parts)
 */
export function createDriverAccount<V extends VenueId>(
  ctx: DriverContext<V, ResolvedVenueOptions>,
  costOf: (path: string) => RateCost | undefined,
  signing: Pick<SignedApiContext, 'resendUnauthorized'> = {},
): DriverAccount {
  const rest = ctx.privateRest
  if (rest === undefined) throw new RangeError(`${ctx.venue} trading needs an API key and secret`)
  const { api, context } = tradingAccount(ctx, rest, undefined, signing)
  return {
    api,
    send: signedCall(api, costOf),
    scheduler: ctx.scheduler,
    now: () => ctx.clock.now(),
    symbols: () => ctx.symbols(),
    surfaceContext: (reconcile) => ({ ...context, reconcile }),
  }
}
