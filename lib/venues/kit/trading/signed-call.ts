/**
 * Signed requests of an account written as path, codec and call: a JSON body, and by default the cost
 * the venue's path table gives.
 */
import type { Observable } from 'rxjs'
import type * as t from 'io-ts'
import type { RateCost, RatePriority } from '../../../transport/rate-limit.js'
import type { SignedApi } from './signed-api.js'

/**
 * Query parameters of a signed request.
 *
 * @example
 * const query: Query = { category: 'spot', limit: 50, cursor: undefined }
 */
export type Query = Readonly<Record<string, string | number | undefined>>

/**
 * One signed request, beyond its path and codec.
 *
 * @example
 * const call: Call = { method: 'POST', body: { category: 'spot', orderId }, cost: { cancels: 1 } }
 */
export interface Call {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly query?: Query
  /** Sent as JSON. */
  readonly body?: object
  /** Default: the path's cost. */
  readonly cost?: RateCost
  /** History waits with market data (`data`); everything else of the account goes ahead of it. */
  readonly priority?: RatePriority
  /** `false` for an order create: never sent again underneath. */
  readonly idempotent?: boolean
}

/**
 * A signed request; `sendBy` is an order command's deadline.
 *
 * @example
 * const send: SignedCall = signedCall(api, bybitRequestCost)
 * send('/v5/account/wallet-balance', WalletAnswer, { query: { accountType: 'UNIFIED' } })
 */
export type SignedCall = <A>(
  path: string,
  codec: t.Decoder<unknown, A>,
  call?: Call,
  sendBy?: number,
) => Observable<A>

/**
 * The {@link SignedCall} of a signed API, `costOf` giving the cost of a path when a call names none.
 *
 * @example
 * const send = signedCall(api, (path) => pathCost(BYBIT_SPEC, path))
 */
export function signedCall(api: SignedApi, costOf: (path: string) => RateCost | undefined): SignedCall {
  return (path, codec, call = {}, sendBy) =>
    api.send(
      {
        method: call.method ?? 'GET',
        path,
        query: call.query,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        codec,
        cost: call.cost ?? costOf(path),
        priority: call.priority,
        idempotent: call.idempotent,
      },
      sendBy,
    )
}
