/**
 * Signed requests scoped to one account of the key (Prime's portfolio): each path under the account's,
 * and a body sent with POST naming it.
 */
import { concatMap, type Observable } from 'rxjs'
import type { SignedCall } from './signed-call.js'

/**
 * `send` with each path under `prefix(id)` and each POST body given `field: id`, `id` from `account()`.
 *
 * @example
 * const scoped = scopedSend(da.send, ctx.portfolio, (id) => `/v1/portfolios/${id}`, 'portfolio_id')
 */
export function scopedSend(
  send: SignedCall,
  account: () => Observable<string>,
  prefix: (id: string) => string,
  field: string,
): SignedCall {
  return (path, codec, call = {}, sendBy) =>
    account().pipe(
      concatMap((id) => {
        const named = call.method === 'POST' && call.body !== undefined
        const body = named ? { [field]: id, ...call.body } : call.body
        return send(`${prefix(id)}${path}`, codec, { ...call, body }, sendBy)
      }),
    )
}
