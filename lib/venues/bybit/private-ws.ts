/**
 * The private WebSocket (`/v5/private`): authenticated on every (re)connect, heartbeated, its topics
 * resubscribed after a reconnect, its lifecycle reported as venue events on channel `private`.
 * https://bybit-exchange.github.io/docs/v5/ws/connect
 */
import { EMPTY, mergeMap, of, type Observable } from 'rxjs'
import type * as t from 'io-ts'
import { DecodeError } from '../../core/errors.js'
import { decodeEither } from '../../codec/decode.js'
import { authByMessage } from '../../transport/socket-auth.js'
import { createSocket, type ManagedSocket, type SocketEvent } from '../../transport/socket.js'
import { BybitOpFrame, isBybitPong } from './codecs.js'
import type { BybitContext, VenueEventBody } from './context.js'
import { bybitWsAuthMessage } from './sign.js'

/** How often the private socket pings; Bybit recommends 20 s. */
export const BYBIT_PING_INTERVAL_MS = 20_000

/** How far in the future the `auth` message's `expires` lies. */
export const BYBIT_AUTH_EXPIRES_MS = 10_000

/** The event channel name of the private socket. */
export const PRIVATE_CHANNEL = 'private'

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
  const socket = createSocket({
    url: ctx.options.privateWsUrl,
    venue: 'bybit',
    secrets: ctx.secrets,
    WebSocketCtor: ctx.options.WebSocketCtor,
    scheduler: ctx.scheduler,
    maxFrameBytes: ctx.options.maxFrameBytes,
    reconnect: { backoff: ctx.options.backoff, staleAfterMs: ctx.options.staleAfterMs },
    heartbeat: {
      intervalMs: BYBIT_PING_INTERVAL_MS,
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
        const auth = bybitWsAuthMessage({ apiKey, secret }, ctx.clock.now() + BYBIT_AUTH_EXPIRES_MS)
        ctx.secrets.add(auth.args[2])
        return auth
      },
      matchAck: (f) =>
        BybitOpFrame.is(f) && f.op === 'auth' ? { ok: f.success === true, reason: f.ret_msg } : undefined,
    }),
  })
  ctx.watchSocket(PRIVATE_CHANNEL, socket)
  const events = socket.events$.subscribe((e) => {
    const body = venueEvent(e)
    if (body !== undefined) ctx.emit(body)
    else if (e.type === 'error') ctx.logger.warn('bybit private socket error', { error: e.error })
  })
  ctx.onClose(() => {
    events.unsubscribe()
    socket.close()
  })
  return socket
}

/**
 * One private topic's pushes, decoded. A push the codec refuses becomes a `decode-error` venue event
 * and is skipped; the stream goes on.
 *
 * @example
 * privateTopic$(ctx, socket, 'wallet', BybitWalletPush).subscribe((push) => push.data)
 */
export function privateTopic$<A>(
  ctx: Pick<BybitContext, 'emit' | 'secrets'>,
  socket: ManagedSocket,
  topic: string,
  codec: t.Decoder<unknown, A>,
): Observable<A> {
  return socket
    .topic$(topic, {
      filter: (f) => typeof f === 'object' && f !== null && (f as { topic?: unknown }).topic === topic,
    })
    .pipe(
      mergeMap((frame) => {
        const result = decodeEither(codec, frame, `bybit ${topic}`, 'bybit', ctx.secrets)
        if (result._tag === 'Right') return of(result.right)
        ctx.emit({ type: 'decode-error', channel: PRIVATE_CHANNEL, error: result.left })
        return EMPTY
      }),
    )
}

function venueEvent(e: SocketEvent): VenueEventBody | undefined {
  switch (e.type) {
    case 'open':
      return { type: 'connected', channel: PRIVATE_CHANNEL, reconnect: e.attempt > 1 }
    case 'closed':
      return {
        type: 'disconnected',
        channel: PRIVATE_CHANNEL,
        reason: `closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`,
      }
    case 'reconnecting':
      return {
        type: 'reconnecting',
        channel: PRIVATE_CHANNEL,
        attempt: e.attempt,
        delayMs: e.inMs,
        error: e.cause,
      }
    case 'auth':
      return e.ok
        ? undefined
        : { type: 'disconnected', channel: PRIVATE_CHANNEL, reason: 'authentication failed', error: e.error }
    case 'error':
      return e.error instanceof DecodeError
        ? { type: 'decode-error', channel: PRIVATE_CHANNEL, error: e.error }
        : undefined
    default:
      return undefined
  }
}
