/**
 * A driver's pool of market connections (see `createSocketPool`), made the one way every driver makes
 * one: each connection with the driver's reconnect, frame size and WebSocket options, reported under a
 * channel (a connection retiring in a planned handover quietly), and the pool closed with the driver.
 */
import { createSocketPool, type SocketPool, type SocketPoolConfig } from '../../transport/socket-pool.js'
import { reportChannel } from './socket-events.js'
import { channelReporter, driverSocket, type SocketHost, type VenueSocketConfig } from './venue-socket.js'

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
  const created = createSocketPool<F>({
    ...pool,
    connect: () => driverSocket(host, socket),
    scheduler: host.scheduler,
    logger: host.logger,
    watch: (connection, retiring) => {
      const unwatch = host.watchSocket(channel, connection)
      const events = reportChannel(channelReporter(host), connection, channel, { quiet: retiring })
      return () => {
        events.unsubscribe()
        unwatch()
      }
    },
    closedError: () => host.closedError(),
  })
  host.onClose(() => {
    created.close()
    return created.whenClosed()
  })
  return created
}
