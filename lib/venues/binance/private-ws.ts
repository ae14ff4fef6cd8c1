/**
 * The user data stream over the WebSocket API: `userDataStream.subscribe.signature` on every
 * (re)connect, events wrapped in `{subscriptionId, event}`, a new subscription when the venue ends one
 * (`eventStreamTerminated`). The listenKey flow is retired for spot and not used.
 * https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests
 */
import { map, share, tap, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { SecretList } from '../../core/secret-list.js'
import { errorKind } from '../kit/error-table.js'
import { resubscribeRefused } from '../kit/refused-subscription.js'
import { openVenueSocket, type SocketHost } from '../kit/venue-socket.js'
import { BinanceUserEventFrame, BinanceWsApiResponse } from './private-codecs.js'
import { binanceWsApiSigned, type BinanceCredentials } from './sign.js'
import { BINANCE_SPEC } from './spec.js'

/** The event channel of the user data socket. */
export const USER_DATA_CHANNEL = 'user-data'

/** What the user data socket needs of the driver: venue time signs the subscription. */
export interface UserDataContext extends SocketHost {
  readonly options: SocketHost['options'] & { readonly wsApiUrl: string }
  readonly clock: { now(): number; resync(): Observable<unknown> }
  readonly secrets: SecretList
}

/**
 * The user data socket of one account and its events (`frame.event`, still undecoded, shared); nothing
 * connects until `events$` is subscribed.
 */
export function createBinanceUserData(ctx: UserDataContext, credentials: BinanceCredentials) {
  let resubscribes = 0
  const subscribeMessage = (id: number | string) => {
    const params = binanceWsApiSigned({}, credentials, ctx.clock.now())
    ctx.secrets.add(String(params.signature))
    return { id, method: 'userDataStream.subscribe.signature', params }
  }
  let pings = 0
  const socket = openVenueSocket(ctx, USER_DATA_CHANNEL, {
    url: ctx.options.wsApiUrl,
    signed: true,
    // a quiet account sends nothing and the venue's ping frames never reach us (the WebSocket answers
    // them): the API's `ping` request keeps the connection speaking, so a dead one goes stale
    // https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/general-requests
    heartbeat: {
      intervalMs: BINANCE_SPEC.socket.pingIntervalMs,
      ping: () => ({ id: `ping-${++pings}`, method: 'ping' }),
      isHeartbeat: (f) => BinanceWsApiResponse.is(f) && typeof f.id === 'string' && f.id.startsWith('ping-'),
    },
    subscriptions: {
      // a refusal's kind is its code's, as on REST: a bad signature or API key (-1022, -2014, -2015)
      // is `auth`, which subscribing again does not cure
      matchAck: (f) =>
        BinanceWsApiResponse.is(f)
          ? {
              ok: f.status === 200,
              id: f.id ?? undefined,
              reason: f.error?.msg,
              code: f.error?.code,
              kind:
                f.status === 200
                  ? undefined
                  : errorKind(BINANCE_SPEC.errors, {
                      status: f.status,
                      code: f.error?.code,
                      message: f.error?.msg,
                    }),
            }
          : undefined,
    },
  })
  const refusalKind = (e: unknown) =>
    e instanceof VenueError && typeof e.code === 'number'
      ? errorKind(BINANCE_SPEC.errors, { status: 400, code: e.code })
      : undefined
  const events$ = socket
    .topic$<BinanceUserEventFrame>('userDataStream', {
      filter: (f): f is BinanceUserEventFrame => BinanceUserEventFrame.is(f),
      subscribe: (id) => subscribeMessage(id),
      unsubscribe: (id) => ({ id, method: 'userDataStream.unsubscribe' }),
    })
    .pipe(
      resubscribeRefused(ctx, refusalKind),
      tap((frame) => {
        if (frame.event.e !== 'eventStreamTerminated') return
        ctx.logger.info('user data subscription ended by the venue; subscribing again')
        socket.send(subscribeMessage(`resubscribe-${++resubscribes}`))
      }),
      map((frame) => frame.event),
      share(),
    )
  return { socket, events$ }
}
