/**
 * The private WebSocket (`/v5/private`): authenticated on every (re)connect, heartbeated, its topics
 * resubscribed after a reconnect, its life reported as venue events on channel `private`.
 * https://bybit-exchange.github.io/docs/v5/ws/connect
 */
import type { Observable } from 'rxjs'
import type * as t from 'io-ts'
import { authByMessage } from '../../transport/socket-auth.js'
import type { ManagedSocket } from '../../transport/socket.js'
import { decodedPushes } from '../kit/decoded-pushes.js'
import { openVenueSocket } from '../kit/venue-socket.js'
import { BybitOpFrame, isBybitPong } from './codecs.js'
import type { BybitContext } from './context.js'
import { bybitWsAuthMessage } from './sign.js'
import { BYBIT_SPEC } from './spec.js'

/** How far in the future the `auth` message's `expires` lies. */
const AUTH_EXPIRES_MS = 10_000

const CHANNEL = 'private'

/**
 * Creates the private socket of a context with credentials. Nothing connects until a topic is
 * subscribed; the context's `close` closes it.
 *
 * @example
 * const socket = createBybitPrivateSocket(ctx)
 * privateTopic$(ctx, socket, 'order', BybitOrderPush).subscribe(handle)
 */
export function createBybitPrivateSocket(ctx: BybitContext): ManagedSocket {
  const { apiKey, secret } = ctx.options
  if (!apiKey || !secret) throw new RangeError('the bybit private socket needs an API key and secret')
  return openVenueSocket(ctx, CHANNEL, {
    url: ctx.options.privateWsUrl,
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
  })
}

/**
 * One private topic's pushes, decoded (see `decodedPushes`: a push the codec refuses is a
 * `decode-error` event, and the stream goes on).
 *
 * @example
 * privateTopic$(ctx, socket, 'wallet', BybitWalletPush).subscribe((push) => push.data)
 */
export function privateTopic$<A>(
  ctx: BybitContext,
  socket: ManagedSocket,
  topic: string,
  codec: t.Decoder<unknown, A>,
): Observable<A> {
  const isTopic = (f: unknown) =>
    typeof f === 'object' && f !== null && (f as { topic?: unknown }).topic === topic
  return socket.topic$(topic, { filter: isTopic }).pipe(decodedPushes(ctx, CHANNEL, `bybit ${topic}`, codec))
}
