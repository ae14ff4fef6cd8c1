/**
 * The private WebSocket (`/v5/private`) and the account's pushes on it: orders, fills and balances from
 * the `order`, `execution` and `wallet` topics, frames routed by their `topic`. The socket authenticates
 * on every (re)connect. https://bybit-exchange.github.io/docs/v5/ws/connect and
 * https://bybit-exchange.github.io/docs/v5/websocket/private/order
 */
import { mergeMap } from 'rxjs'
import { authByMessage } from '../../transport/socket-auth.js'
import { createAccountSocket, listedItems } from '../kit/account-socket.js'
import { routeBy } from '../kit/route.js'
import type { TradingParts } from '../kit/trading/surface.js'
import type { BybitAccount } from './account.js'
import { BybitOpFrame, isBybitPong } from './codecs.js'
import { BybitExecutionPush, BybitOrderPush, BybitWalletPush } from './private-codecs.js'
import { toBalances, toFill } from './private-mappers.js'
import { bybitWsAuthMessage } from './sign.js'
import { BYBIT_SPEC } from './spec.js'

/** How far in the future the `auth` message's `expires` lies. */
const AUTH_EXPIRES_MS = 10_000

/**
 * The pushes of an account; the private socket is made when one is first subscribed. Records of other
 * categories (the `order` topic carries every one) or of unlisted symbols are left out.
 */
export function createBybitPushes(account: BybitAccount): TradingParts['pushes'] {
  const { ctx } = account
  const socket = createAccountSocket(ctx, 'private', () => {
    const { apiKey, secret } = ctx.options
    if (!apiKey || !secret) throw new RangeError('the bybit private socket needs an API key and secret')
    return {
      url: ctx.options.privateWsUrl,
      signed: true,
      route: routeBy('topic'),
      heartbeat: {
        intervalMs: BYBIT_SPEC.socket.pingIntervalMs,
        ping: () => ({ req_id: 'ping', op: 'ping' }),
        isHeartbeat: (f) => BybitOpFrame.is(f) && isBybitPong(f),
      },
      subscriptions: {
        message: (op, keys, id) => ({ req_id: String(id), op, args: keys }),
        matchAck: (f) =>
          BybitOpFrame.is(f) && (f.op === 'subscribe' || f.op === 'unsubscribe')
            ? { ok: f.success === true, id: f.req_id, reason: f.ret_msg }
            : undefined,
      },
      // `expires` is venue time: a message signed with a clock behind the venue's would arrive expired.
      authenticate: authByMessage({
        message: () => {
          const auth = bybitWsAuthMessage({ apiKey, secret }, ctx.clock.now() + AUTH_EXPIRES_MS)
          ctx.secrets.add(auth.args[2])
          return auth
        },
        matchAck: (f) =>
          BybitOpFrame.is(f) && f.op === 'auth' ? { ok: f.success === true, reason: f.ret_msg } : undefined,
      }),
    }
  })
  const symbols = () => ctx.symbols()
  return {
    orders$: listedItems(symbols, socket.topic$('order', BybitOrderPush), (push, map) =>
      push.data.map((r) => account.toOrder(r, map)),
    ),
    fills$: listedItems(symbols, socket.topic$('execution', BybitExecutionPush), (push, map) =>
      push.data.map((x) => toFill(x, map)),
    ),
    balances$: socket
      .topic$('wallet', BybitWalletPush)
      .pipe(
        mergeMap((push) =>
          push.data
            .filter((a) => a.accountType === 'UNIFIED')
            .flatMap((a) => toBalances(a, push.creationTime)),
        ),
      ),
    resubscribed$: socket.resubscribed$,
  }
}
