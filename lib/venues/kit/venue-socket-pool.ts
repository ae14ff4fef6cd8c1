/**
 * A driver's pool of market connections (see `createSocketPool`), made the one way every driver makes
 * one: each connection with the driver's reconnect, frame size and WebSocket options, reported under a
 * channel (a connection retiring in a planned handover quietly), and the pool closed with the driver.
 */
import { createSocket } from '../../transport/socket.js'
import { createSocketPool, type SocketPool, type SocketPoolConfig } from '../../transport/socket-pool.js'
import { reportChannel } from './socket-events.js'
import type { SocketHost, VenueSocketConfig } from './venue-socket.js'

/**
 * Creates the pool; `socket` is what the venue says of each connection, `pool` how streams spread.
 *
 * @example
 * const pool = openVenueSocketPool(ctx, 'public', { url, decode, route }, { eventKey, maxStreamsPerConnection: 1024, handoverTimeoutMs: 60_000 })
 */
export function openVenueSocketPool<F>(
  host: SocketHost & { closedError(): Error },
  channel: string,
  socket: VenueSocketConfig,
  pool: Omit<SocketPoolConfig<F>, 'connect' | 'scheduler' | 'logger' | 'watch' | 'closedError'>,
): SocketPool<F> {
  const { options } = host
  const { mayBeSilent, ...config } = socket
  const created = createSocketPool<F>({
    ...pool,
    connect: () =>
      createSocket({
        ...config,
        venue: host.venue,
        secrets: host.secrets,
        WebSocketCtor: options.WebSocketCtor,
        scheduler: host.scheduler,
        maxFrameBytes: options.maxFrameBytes,
        reconnect: {
          backoff: options.backoff,
          staleAfterMs: mayBeSilent === true ? undefined : options.staleAfterMs,
        },
      }),
    scheduler: host.scheduler,
    logger: host.logger,
    watch: (connection, retiring) => {
      const unwatch = host.watchSocket(channel, connection)
      const reporter = { emit: host.emit, logger: host.logger, closed: () => host.closed }
      const events = reportChannel(reporter, connection, channel, { quiet: retiring })
      return () => {
        events.unsubscribe()
        unwatch()
      }
    },
    closedError: () => host.closedError(),
  })
  host.onClose(() => created.close())
  return created
}
