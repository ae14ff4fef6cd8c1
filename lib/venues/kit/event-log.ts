/**
 * A venue's events as log lines: connection state changes, resyncs and circuit changes at info, so that
 * `RXVENUE_LOG=info` shows a venue healing itself; failed attempts at debug; decode errors and custody
 * alerts and warnings at warn.
 */
import type { Logger, LogLevelName } from '../../core/logging.js'
import type { VenueEvent } from '../contract/index.js'

type Level = Exclude<LogLevelName, 'silent'>

const LEVEL: Readonly<Record<VenueEvent['type'], Level>> = {
  connected: 'info',
  disconnected: 'info',
  reconnecting: 'info',
  resync: 'info',
  circuit: 'info',
  'request-failed': 'debug',
  // the driver warns of it where it knows the path
  'rate-limited': 'debug',
  'decode-error': 'warn',
  'custody-alert': 'warn',
  'custody-warning': 'warn',
}

/**
 * Writes `event` to `logger` at its level (nothing is formatted when that level is off).
 *
 * @example
 * events.subscribe((e) => logVenueEvent(logger, e)) // "[rxvenue:bybit] public reconnecting in 1200 ms (attempt 2): …"
 */
export function logVenueEvent(logger: Logger, event: VenueEvent): void {
  const level = LEVEL[event.type]
  if (!logger.isLevelEnabled(level)) return
  logger[level](describe(event), { event })
}

function describe(e: VenueEvent): string {
  const why = (error: { message: string } | undefined) => (error === undefined ? '' : `: ${error.message}`)
  switch (e.type) {
    case 'connected':
      return `${e.channel} ${e.reconnect ? 'reconnected' : 'connected'}`
    case 'disconnected':
      return `${e.channel} disconnected (${e.reason})${why(e.error)}`
    case 'reconnecting':
      return `${e.channel} reconnecting in ${e.delayMs} ms (attempt ${e.attempt})${why(e.error)}`
    case 'request-failed':
      return `request to ${e.host} got no answer${why(e.error)}`
    case 'resync':
      return `resync ${e.symbol} (${e.reason})`
    case 'decode-error':
      return `${e.channel} payload not understood${why(e.error)}`
    case 'rate-limited':
      return `rate limited${e.retryAfterMs === undefined ? '' : ` for ${e.retryAfterMs} ms`}`
    case 'circuit':
      return `circuit ${e.state}${why(e.error)}`
    case 'custody-alert':
      return `transaction ${e.transactionId} ${e.reason === 'stuck' ? 'is stuck' : 'waits for approval past its timeout'} (${e.venueState})`
    case 'custody-warning':
      return `${e.transactionId === undefined ? '' : `transaction ${e.transactionId}: `}${e.message}`
  }
}
