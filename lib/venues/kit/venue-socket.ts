/**
 * A driver's WebSocket, made the one way every driver makes one: with the driver's reconnect, frame
 * size and WebSocket options, its health reported under a channel, its life published as venue events
 * (see `reportChannel`), and closed with the driver.
 */
import { concat, defer, of, type Observable, type SchedulerLike } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { VenueId } from '../../core/model.js'
import { createSocket, type ManagedSocket, type SocketConfig } from '../../transport/socket.js'
import type { VenueEventBody, WatchedSocket } from './lifecycle.js'
import type { ResolvedVenueOptions } from './resolved-options.js'
import { reportChannel, type ChannelHooks } from './socket-events.js'

/**
 * What {@link openVenueSocket} needs of a driver (a `DriverContext` with resolved options is one).
 *
 * @example
 * const host: SocketHost = ctx
 */
export interface SocketHost {
  readonly venue: VenueId
  readonly options: Pick<ResolvedVenueOptions, 'WebSocketCtor' | 'backoff' | 'staleAfterMs' | 'maxFrameBytes'>
  readonly scheduler: SchedulerLike
  readonly logger: Logger
  /** Scrubbed from the socket's errors and events. */
  readonly secrets: Iterable<string>
  /** True once the driver closed. */
  readonly closed: boolean
  emit(event: VenueEventBody): void
  watchSocket(channel: string, socket: WatchedSocket): () => void
  onClose(release: () => void | Promise<void>): void
  /** Completes once the venue clock is measured (a driver's `clockMeasured`); for `signed` sockets. */
  clockMeasured?(): Observable<never>
}

/**
 * What a venue says of its socket; the rest comes from the driver's options.
 *
 * @example
 * const config: VenueSocketConfig = { url: ctx.options.wsUrl, decode, heartbeat, subscriptions }
 */
export type VenueSocketConfig = Omit<
  SocketConfig,
  'venue' | 'secrets' | 'WebSocketCtor' | 'scheduler' | 'maxFrameBytes' | 'reconnect'
> & {
  /**
   * Its messages are signed at venue time (an `auth` expiry, a JWT, signed subscriptions): each connect
   * waits for the venue clock's first measurement (at once once there is one, at most 5 s) before
   * `authenticate` and the subscriptions, so a local clock off the venue's does not get the first
   * connection refused.
   */
  readonly signed?: boolean | undefined
}

/**
 * Creates a socket of the driver on `channel`. Nothing connects until a topic is subscribed; the
 * driver's `close` closes it.
 *
 * @example
 * const socket = openVenueSocket(ctx, 'public', { url: ctx.options.wsUrl, decode }, { opened: feeds.reopened })
 * socket.topic$('publicTrade.BTCUSDT', { filter }).subscribe(onTrade)
 */
export function openVenueSocket(
  host: SocketHost,
  channel: string,
  config: VenueSocketConfig,
  hooks?: ChannelHooks,
): ManagedSocket {
  const socket = driverSocket(host, config)
  host.watchSocket(channel, socket)
  const report = reportChannel(channelReporter(host), socket, channel, hooks)
  host.onClose(() => {
    socket.close()
    report.unsubscribe()
    return socket.whenClosed()
  })
  return socket
}

/**
 * A socket as `config` says, with the driver's WebSocket, scheduler, frame size, reconnect and secrets:
 * the one place a driver's socket options are applied (single sockets and pooled connections alike).
 * Its `stats()` count the frames it could read: a frame that cannot be decoded (garbage, a proxy's
 * page) is a `decode-error` event, and no sign that the venue answers, so a socket that only ever sent
 * such frames reads as one that never delivered (see `reachWithin`).
 *
 * @example
 * const connection = driverSocket(ctx, { url, decode, route })
 */
export function driverSocket(host: SocketHost, config: VenueSocketConfig): ManagedSocket {
  const { options } = host
  const { heartbeat, signed, authenticate, ...rest } = config
  const staleAfterMs = options.staleAfterMs
  const measured = signed === true ? host.clockMeasured : undefined
  const decode = rest.decode ?? JSON.parse
  let readable = 0
  let lastReadableAt: number | undefined
  const socket = createSocket({
    ...rest,
    // a frame counts once it decoded: one that throws is not counted
    decode: (text) => {
      const frame: unknown = decode(text)
      readable += 1
      lastReadableAt = host.scheduler.now()
      return frame
    },
    authenticate:
      measured === undefined
        ? authenticate
        : (session) =>
            concat(
              defer(() => measured.call(host)),
              defer(() => authenticate?.(session) ?? of(undefined)),
            ),
    // a ping within two thirds of `staleAfterMs`, its reply the last third to come: a quiet channel keeps
    // speaking, only a dead one goes stale
    heartbeat:
      heartbeat?.intervalMs !== undefined && staleAfterMs > 0
        ? { ...heartbeat, intervalMs: Math.min(heartbeat.intervalMs, Math.floor((staleAfterMs * 2) / 3)) }
        : heartbeat,
    venue: host.venue,
    secrets: host.secrets,
    WebSocketCtor: options.WebSocketCtor,
    scheduler: host.scheduler,
    maxFrameBytes: options.maxFrameBytes,
    reconnect: { backoff: options.backoff, staleAfterMs },
  })
  return {
    events$: socket.events$,
    state$: socket.state$,
    get state() {
      return socket.state
    },
    messages$: socket.messages$,
    topic$: (key, topic) => socket.topic$(key, topic),
    send: (message) => socket.send(message),
    stats: () => ({ ...socket.stats(), messages: readable, lastMessageAt: lastReadableAt }),
    close: () => socket.close(),
    whenClosed: () => socket.whenClosed(),
  }
}

/**
 * How a driver's socket events reach its event stream and log, silenced once the driver closed.
 *
 * @example
 * reportChannel(channelReporter(ctx), socket, 'public')
 */
export function channelReporter(host: SocketHost) {
  return {
    emit: (e: VenueEventBody) => host.emit(e),
    logger: host.logger,
    closed: () => host.closed,
  }
}
