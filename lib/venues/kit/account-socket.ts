/**
 * A venue's private (account) socket as the trading surface uses it: made on the first subscription,
 * its frames routed to their topic by one field, each topic's pushes decoded and mapped to the model.
 */
import { concatMap, defer, filter, mergeMap, take, type Observable } from 'rxjs'
import type * as t from 'io-ts'
import type { SymbolMap } from '../../core/symbols.js'
import type { ManagedSocket } from '../../transport/socket.js'
import { decodedPushes, type PushHost } from './decoded-pushes.js'
import { openVenueSocket, type SocketHost, type VenueSocketConfig } from './venue-socket.js'

/**
 * The pushes of one account socket.
 *
 * @example
 * const account = createAccountSocket(ctx, 'private', () => config)
 * account.topic$('order', BybitOrderPush).subscribe((push) => push.data)
 */
export interface AccountSocket {
  /** One topic's pushes, decoded; a push the codec refuses is a `decode-error` event, and the stream goes on. */
  topic$<A>(topic: string, codec: t.Decoder<unknown, A>): Observable<A>
  /** Emits each time the socket subscribed its topics again after a drop. */
  readonly resubscribed$: Observable<unknown>
}

/**
 * Creates the account socket of a driver on `channel`; `config` runs once, when the first topic is
 * subscribed (it may read credentials the driver checked). Nothing connects until then; the driver's
 * `close` closes it. `config.route` says how frames find their topic (see `routeBy` in `route.ts`).
 *
 * @example
 * createAccountSocket(ctx, 'private', () => ({ url, route: routeBy('topic'), authenticate, heartbeat, subscriptions }))
 */
export function createAccountSocket(
  host: SocketHost & PushHost,
  channel: string,
  config: () => VenueSocketConfig,
): AccountSocket {
  let socket: ManagedSocket | undefined
  const open = (): ManagedSocket => (socket ??= openVenueSocket(host, channel, config()))
  return {
    topic$: (topic, codec) =>
      defer(() => open().topic$(topic, {})).pipe(
        decodedPushes(host, channel, `${host.venue} ${topic}`, codec),
      ),
    resubscribed$: defer(() => open().events$).pipe(filter((e) => e.type === 'resubscribed')),
  }
}

/**
 * Each push as the model's items with the listing at hand; an item the mapper drops (`undefined`: another
 * category, an unlisted symbol) is left out.
 *
 * @example
 * listedItems(ctx.symbols, account.topic$('execution', BybitExecutionPush), (push, symbols) => push.data.map((x) => toFill(x, symbols)))
 */
export function listedItems<A, T>(
  symbols: () => Observable<SymbolMap>,
  pushes: Observable<A>,
  items: (push: A, symbols: SymbolMap) => readonly (T | undefined)[],
): Observable<T> {
  return pushes.pipe(
    concatMap((push) =>
      symbols().pipe(
        take(1),
        mergeMap((map) => items(push, map)),
      ),
    ),
    filter((item): item is T => item !== undefined),
  )
}
