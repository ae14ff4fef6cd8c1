/**
 * One mapping of a managed socket's events to a venue's events, for every socket of every driver:
 * `connected`, `disconnected` (once per drop), `reconnecting` (with its cause), `decode-error`.
 */
import type { Subscription } from 'rxjs'
import { DecodeError, type VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { ManagedSocket } from '../../transport/socket.js'
import type { VenueEventBody } from './lifecycle.js'

/** Why the previous connection of a channel ended, told to {@link ChannelHooks.opened}. */
export type LostBy = 'reconnect' | 'stale'

/**
 * What a driver wants to hear about a channel besides the events it publishes.
 *
 * @example
 * const hooks: ChannelHooks = { opened: (reconnect, lostBy) => feeds.forEach((f) => f.reopened(reconnect ? lostBy : undefined)) }
 */
export interface ChannelHooks {
  /**
   * A connection is usable (opened, signed in where it signs in): the first (`reconnect` false) or one
   * after a drop, and why that one ended.
   */
  readonly opened?: ((reconnect: boolean, lostBy: LostBy) => void) | undefined
  /** A drop to keep quiet about (a pooled connection retired on purpose). */
  readonly quiet?: (() => boolean) | undefined
}

/**
 * What {@link reportChannel} publishes through.
 *
 * @example
 * reportChannel({ emit: ctx.emit, logger: ctx.logger, closed: () => ctx.closed, venue: 'bybit' }, socket, 'public')
 */
export interface ChannelReporter {
  emit(event: VenueEventBody): void
  readonly logger: Logger
  /** True once the driver closes: a drop then reads `closed`. */
  closed(): boolean
}

/**
 * Publishes a socket's life as venue events on `channel`: `connected` each time the connection is
 * usable (open and, where it signs in, authenticated, its topics sent; `reconnect` after a drop), one
 * `disconnected` per drop with its reason (closed, stale, idle, an authentication refusal),
 * `reconnecting` with its attempt, delay and cause, and `decode-error` for a frame that could not be
 * read; other socket errors are logged. Unsubscribe to stop. Whoever reconciles on `connected` (the
 * order manager) so asks the venue only once the stream is back.
 *
 * ```
 * socket:  open ready ... closed(1006) reconnecting(#1, 1000 ms) ... open auth ready
 * events:  connected      disconnected  reconnecting                       connected(reconnect)
 * ```
 *
 * @example
 * ctx.onClose(reportChannel(reporter, socket, 'public', { opened: (again, lostBy) => resync(again, lostBy) }).unsubscribe)
 */
export function reportChannel(
  reporter: ChannelReporter,
  socket: ManagedSocket,
  channel: string,
  hooks: ChannelHooks = {},
): Subscription {
  let up = false
  let lostBy: LostBy = 'reconnect'
  const down = (reason: string, error?: VenueError): void => {
    if (!up) return
    up = false
    if (hooks.quiet?.() === true) return
    reporter.emit({
      type: 'disconnected',
      channel,
      reason,
      ...(error === undefined ? {} : { error }),
    })
  }
  const sub = socket.events$.subscribe((event) => {
    switch (event.type) {
      case 'open':
        // up from here, so that a refused sign-in is reported as a drop
        up = true
        break
      case 'ready': {
        const reconnect = event.attempt > 1
        up = true
        reporter.emit({ type: 'connected', channel, reconnect })
        hooks.opened?.(reconnect, lostBy)
        lostBy = 'reconnect'
        break
      }
      case 'closed':
        down(`closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`)
        break
      case 'stale':
        lostBy = 'stale'
        down(`stale: no frame for ${event.silentForMs} ms`)
        break
      case 'auth':
        if (!event.ok) down('authentication failed', event.error)
        break
      case 'reconnecting':
        down(event.cause.message)
        if (hooks.quiet?.() === true) break
        reporter.emit({
          type: 'reconnecting',
          channel,
          attempt: event.attempt,
          delayMs: event.inMs,
          error: event.cause,
        })
        break
      case 'error':
        if (event.error instanceof DecodeError)
          reporter.emit({ type: 'decode-error', channel, error: event.error })
        else reporter.logger.warn(`${channel} socket`, { error: event.error.message })
        break
      default:
        break
    }
  })
  sub.add(
    socket.state$.subscribe((state) => {
      if (state === 'idle' || state === 'closed')
        down(state === 'closed' || reporter.closed() ? 'closed' : 'idle')
    }),
  )
  return sub
}
