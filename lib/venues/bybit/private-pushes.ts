/**
 * The account's pushes in the model's terms: orders, fills and balances from the private socket's
 * `order`, `execution` and `wallet` topics. https://bybit-exchange.github.io/docs/v5/websocket/private/order
 */
import { concatMap, defer, filter, mergeMap, type Observable } from 'rxjs'
import type * as t from 'io-ts'
import type { SymbolMap } from '../../core/symbols.js'
import type { ManagedSocket } from '../../transport/socket.js'
import type { TradingParts } from '../kit/trading/surface.js'
import type { BybitAccount } from './account.js'
import { BybitExecutionPush, BybitOrderPush, BybitWalletPush } from './private-codecs.js'
import { toBalances, toFill } from './private-mappers.js'
import { createBybitPrivateSocket, privateTopic$ } from './private-ws.js'

/**
 * The pushes of an account; the private socket is made when one is first subscribed. Records of other
 * categories or of unlisted symbols are left out.
 *
 * @example
 * createBybitPushes(account).orders$.subscribe((o) => console.log(o.clientOrderId, o.status))
 */
export function createBybitPushes(account: BybitAccount): TradingParts['pushes'] {
  const { ctx } = account
  let socket: ManagedSocket | undefined
  const topic$ = <A>(topic: string, codec: t.Decoder<unknown, A>): Observable<A> =>
    defer(() => privateTopic$(ctx, (socket ??= createBybitPrivateSocket(ctx)), topic, codec))
  const listed = <A, T>(pushes: Observable<A>, items: (push: A, symbols: SymbolMap) => (T | undefined)[]) =>
    pushes.pipe(
      concatMap((push) => ctx.symbols().pipe(mergeMap((symbols) => items(push, symbols)))),
      filter((item): item is T => item !== undefined),
    )
  return {
    orders$: listed(topic$('order', BybitOrderPush), (push, symbols) =>
      push.data.map((r) => account.toOrder(r, symbols)),
    ),
    fills$: listed(topic$('execution', BybitExecutionPush), (push, symbols) =>
      push.data.map((x) => toFill(x, symbols)),
    ),
    balances$: topic$('wallet', BybitWalletPush).pipe(
      mergeMap((push) =>
        push.data.filter((a) => a.accountType === 'UNIFIED').flatMap((a) => toBalances(a, push.creationTime)),
      ),
    ),
    resubscribed$: defer(() => (socket ??= createBybitPrivateSocket(ctx)).events$).pipe(
      filter((e) => e.type === 'resubscribed'),
    ),
  }
}
