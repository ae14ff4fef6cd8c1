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
import { DecodeError, VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { SecretList } from '../../core/secret-list.js'
import type { BackoffOptions } from '../../transport/backoff.js'
import {
  createSocket,
  type ManagedSocket,
  type SocketEvent,
  type WebSocketCtor,
} from '../../transport/socket.js'
import type { WatchedSocket } from '../kit/lifecycle.js'
import { binanceErrorKind } from './errors.js'
import { BinanceUserEventFrame, BinanceWsApiResponse } from './private-codecs.js'
import { binanceWsApiSigned, type BinanceCredentials } from './sign.js'

/** The event channel name of the user data socket. */
export const USER_DATA_CHANNEL = 'user-data'

/** The topic key the user data subscription lives under on its socket. */
export const USER_DATA_TOPIC = 'userDataStream'

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
  emit(event: UserDataEvent): void
  onClose(release: () => void | Promise<void>): void
  /** Reports the socket's health; the driver's context has it, hand-made test contexts may not. */
  watchSocket?(channel: string, socket: WatchedSocket): () => void
}

/** The venue events the user data socket reports. */
export type UserDataEvent =
  | { readonly type: 'connected'; readonly channel: string; readonly reconnect: boolean }
  | { readonly type: 'disconnected'; readonly channel: string; readonly reason: string }
  | {
      readonly type: 'reconnecting'
      readonly channel: string
      readonly attempt: number
      readonly delayMs: number
      readonly error?: VenueError | undefined
    }
  | { readonly type: 'decode-error'; readonly channel: string; readonly error: DecodeError }

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
 *
 * @example
 * const { events$ } = createBinanceUserData(ctx, { apiKey, secret })
 * events$.subscribe((event) => event.e === 'executionReport' && handle(event))
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
          ? {
              ok: f.status === 200,
              id: f.id ?? undefined,
              reason: f.error?.msg,
              code: f.error?.code,
            }
          : undefined,
    },
  })
  ctx.watchSocket?.(USER_DATA_CHANNEL, socket)
  const lifecycle = socket.events$.subscribe((e) => {
    const body = venueEvent(e)
    if (body !== undefined) ctx.emit(body)
  })
  ctx.onClose(() => {
    lifecycle.unsubscribe()
    socket.close()
  })

  const frames$ = socket.topic$<BinanceUserEventFrame>(USER_DATA_TOPIC, {
    filter: (f): f is BinanceUserEventFrame => BinanceUserEventFrame.is(f),
    subscribe: (id) => subscribeMessage(id),
    unsubscribe: (id) => ({ id, method: 'userDataStream.unsubscribe' }),
  })

  const events$ = frames$.pipe(
    retry({
      delay: (e: unknown, n: number) => {
        const kind =
          e instanceof VenueError && typeof e.code === 'number'
            ? binanceErrorKind({ status: 400, code: e.code })
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

function venueEvent(e: SocketEvent): UserDataEvent | undefined {
  switch (e.type) {
    case 'open':
      return { type: 'connected', channel: USER_DATA_CHANNEL, reconnect: e.attempt > 1 }
    case 'closed':
      return {
        type: 'disconnected',
        channel: USER_DATA_CHANNEL,
        reason: `closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`,
      }
    case 'reconnecting':
      return {
        type: 'reconnecting',
        channel: USER_DATA_CHANNEL,
        attempt: e.attempt,
        delayMs: e.inMs,
        error: e.cause,
      }
    case 'error':
      return e.error instanceof DecodeError
        ? { type: 'decode-error', channel: USER_DATA_CHANNEL, error: e.error }
        : undefined
    default:
      return undefined
  }
}
