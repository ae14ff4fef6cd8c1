/**
 * The user data stream over the WebSocket API: `userDataStream.subscribe.signature` on every
 * (re)connect, events wrapped in `{subscriptionId, event}`, a new subscription when the venue ends one
 * (`eventStreamTerminated`). The listenKey flow is retired for spot and not used.
 * https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/user-data-stream-requests
 */
import {
  catchError,
  concat,
  EMPTY,
  ignoreElements,
  map,
  retry,
  share,
  tap,
  throwError,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { SecretList } from '../../core/secret-list.js'
import type { BackoffOptions } from '../../transport/backoff.js'
import { createSocket, type ManagedSocket, type WebSocketCtor } from '../../transport/socket.js'
import type { VenueEventBody, WatchedSocket } from '../kit/lifecycle.js'
import { reportChannel } from '../kit/socket-events.js'
import { errorKind } from '../kit/error-table.js'
import { BINANCE_SPEC } from './spec.js'
import { BinanceUserEventFrame, BinanceWsApiResponse } from './private-codecs.js'
import { binanceWsApiSigned, type BinanceCredentials } from './sign.js'

/** The event channel of the user data socket. */
export const USER_DATA_CHANNEL = 'user-data'

/** What the user data socket needs from the driver's context. */
export interface UserDataContext {
  readonly options: {
    readonly wsApiUrl: string
    readonly WebSocketCtor?: WebSocketCtor | undefined
    readonly backoff?: Omit<BackoffOptions, 'resetAfterMs'> | undefined
    readonly maxFrameBytes?: number | undefined
  }
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  /** Where the signatures of the subscriptions go, so that an echo of them is scrubbed. */
  readonly secrets: SecretList
  /** Venue time for the subscription's timestamp, and a resync after a refused one. */
  readonly clock: { now(): number; resync(): Observable<unknown> }
  emit(event: VenueEventBody): void
  onClose(release: () => void | Promise<void>): void
  /** True once the driver closes (a drop then reads `closed`). */
  readonly closed?: boolean | undefined
  /** Reports the socket's health; the driver's context has it, hand-made test contexts may not. */
  watchSocket?(channel: string, socket: WatchedSocket): () => void
}

/** The user data socket of one account and its event frames. */
export interface UserDataSocket {
  readonly socket: ManagedSocket
  /**
   * Every user data event (`frame.event` still undecoded), shared; subscribes on the first subscriber.
   * A subscription refused for its timestamp or a rate limit is made again after a clock resync and a
   * pause; any other refusal (a bad key) fails the stream.
   */
  readonly events$: Observable<BinanceUserEventFrame['event']>
}

/**
 * Creates the user data socket. Nothing connects until `events$` is subscribed; the context's
 * `onClose` closes it.
 */
export function createBinanceUserData(ctx: UserDataContext, credentials: BinanceCredentials): UserDataSocket {
  let resubscribes = 0
  const subscribeMessage = (id: number | string) => {
    const params = binanceWsApiSigned({}, credentials, ctx.clock.now())
    ctx.secrets.add(String(params.signature))
    return { id, method: 'userDataStream.subscribe.signature', params }
  }
  const socket = createSocket({
    url: ctx.options.wsApiUrl,
    venue: 'binance',
    secrets: ctx.secrets,
    WebSocketCtor: ctx.options.WebSocketCtor,
    scheduler: ctx.scheduler,
    ...(ctx.options.maxFrameBytes === undefined ? {} : { maxFrameBytes: ctx.options.maxFrameBytes }),
    // The venue pings at the protocol level (answered by the WebSocket itself) and a quiet account
    // sends nothing, so silence is no sign of a dead connection here.
    reconnect: { backoff: ctx.options.backoff },
    subscriptions: {
      matchAck: (f) =>
        BinanceWsApiResponse.is(f)
          ? { ok: f.status === 200, id: f.id ?? undefined, reason: f.error?.msg, code: f.error?.code }
          : undefined,
    },
  })
  ctx.watchSocket?.(USER_DATA_CHANNEL, socket)
  const reporter = { emit: ctx.emit, logger: ctx.logger, closed: () => ctx.closed === true }
  const events = reportChannel(reporter, socket, USER_DATA_CHANNEL)
  ctx.onClose(() => {
    events.unsubscribe()
    socket.close()
  })

  const frames$ = socket.topic$<BinanceUserEventFrame>('userDataStream', {
    filter: (f): f is BinanceUserEventFrame => BinanceUserEventFrame.is(f),
    subscribe: (id) => subscribeMessage(id),
    unsubscribe: (id) => ({ id, method: 'userDataStream.unsubscribe' }),
  })

  const events$ = frames$.pipe(
    retry({
      delay: (e: unknown, n: number) => {
        const kind =
          e instanceof VenueError && typeof e.code === 'number'
            ? errorKind(BINANCE_SPEC.errors, { status: 400, code: e.code })
            : undefined
        if (kind !== 'clock-skew' && kind !== 'rate-limit' && kind !== 'temporary') return throwError(() => e)
        ctx.logger.warn('user data subscription refused; subscribing again', { error: e, attempt: n })
        return concat(
          ctx.clock.resync().pipe(
            ignoreElements(),
            catchError(() => EMPTY),
          ),
          timer(Math.min(60_000, 1000 * 2 ** (n - 1)), ctx.scheduler),
        )
      },
    }),
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
