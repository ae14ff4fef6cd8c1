/**
 * Signed requests as every venue sends them: the venue clock measured before the first one, a request
 * refused for its timestamp (or, where the venue asks for it, with a 401) sent once more, and an order
 * command's requests held to its send deadline.
 */
import { catchError, concatMap, defer, of, throwError, type Observable, type SchedulerLike } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { Logger } from '../../../core/logging.js'
import type { VenueId } from '../../../core/model.js'
import type { SymbolMap } from '../../../core/symbols.js'
import type { RestClient, RestRequest } from '../../../transport/rest.js'
import { beforeSendDeadline } from './send-deadline.js'

/**
 * What {@link createSignedApi} works with: the driver's signed REST client, clock and symbols.
 *
 * @example
 * createSignedApi({ venue: 'bybit', rest: ctx.privateRest, clock: ctx.clock, scheduler, logger, symbols: ctx.symbols, orderDeadlineMs: 5000 })
 */
export interface SignedApiContext {
  readonly venue: VenueId
  readonly rest: RestClient
  readonly clock: {
    resync(): Observable<unknown>
  }
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  symbols(): Observable<SymbolMap>
  readonly orderDeadlineMs: number
  /**
   * A request refused with HTTP 401 is signed afresh, with the venue clock measured again, and sent
   * once more, whatever its method: for a venue that refuses valid signatures now and then, and a
   * signature of a clock gone wrong with the same bare 401 (the request was turned away on arrival, so a
   * second one cannot double it). Default false: elsewhere a 401 means a wrong key.
   */
  readonly resendUnauthorized?: boolean | undefined
}

/**
 * Signed requests of one account (see {@link createSignedApi}).
 *
 * @example
 * api.send({ method: 'POST', path: '/v5/order/cancel', body, codec }, api.commandSendBy())
 */
export interface SignedApi {
  /**
   * One signed request. With `sendBy` (an order command's deadline, scheduler time), waiting for the
   * clock and the limiter counts against it, and past it the request fails with `rate-limit`, never sent.
   * A request marked `idempotent: false` is never sent again after a timestamp refusal.
   */
  send<A>(request: RestRequest<A>, sendBy?: number): Observable<A>
  /** The deadline of an order command called now. */
  commandSendBy(): number
  /** The symbol map, within an order command's deadline. */
  symbolsBy(sendBy: number | undefined): Observable<SymbolMap>
}

/**
 * Creates the signed request helpers of one account. The REST client measures the venue clock before
 * its first signature; a non-GET refused for its timestamp was refused on arrival, so sending it once
 * more (after the REST client resynced the clock) cannot double it.
 *
 * @example
 * const api = createSignedApi({ venue: 'binance', rest, clock, scheduler, logger, symbols, orderDeadlineMs })
 * api.send({ path: '/api/v3/openOrders', codec: OrderList, cost: 6 })
 */
export function createSignedApi(ctx: SignedApiContext): SignedApi {
  const resynced = (): Observable<unknown> =>
    ctx.clock.resync().pipe(
      catchError((e: unknown) => {
        ctx.logger.warn(`${ctx.venue} clock sync failed; signing with the local clock`, { error: e })
        return of(undefined)
      }),
    )
  const within = <T>(sendBy: number | undefined, waitingFor: string) =>
    beforeSendDeadline<T>(sendBy, ctx.scheduler, ctx.venue, waitingFor)
  return {
    send: <A>(request: RestRequest<A>, sendBy?: number): Observable<A> => {
      const once = () =>
        ctx.rest.request$({
          ...request,
          deadlineMs: sendBy === undefined ? request.deadlineMs : sendBy - ctx.scheduler.now(),
        })
      // a GET is resent by the REST client itself; `idempotent: false` (an order create) is sent once,
      // its caller decides about resending, unless it was refused unread (a 401, where asked for)
      const skewed =
        (request.method ?? 'GET') !== 'GET' && request.idempotent !== false
          ? (e: VenueError) => e.kind === 'clock-skew'
          : () => false
      const unauthorized = (e: unknown): boolean =>
        ctx.resendUnauthorized === true && e instanceof VenueError && e.kind === 'auth' && e.status === 401
      const again = (e: unknown): Observable<A> => {
        if (e instanceof VenueError && skewed(e)) return once()
        if (!unauthorized(e)) return throwError(() => e)
        // measured again first: the refusal may be of a clock that stepped since it was measured
        return resynced().pipe(concatMap(once))
      }
      // the REST client measures the venue clock before the first signature, within the deadline
      return defer(() => once().pipe(catchError(again)))
    },
    commandSendBy: () => ctx.scheduler.now() + ctx.orderDeadlineMs,
    symbolsBy: (sendBy) => ctx.symbols().pipe(within(sendBy, 'the symbol map')),
  }
}
