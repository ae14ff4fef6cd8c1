/**
 * A venue's events as log lines: connection state changes, resyncs and circuit changes at info, so that
 * `RXVENUE_LOG=info` shows a venue healing itself; failed attempts at debug; custody alerts and warnings
 * at warn; decode errors at warn too, but a feed of garbage does not flood the log: the first of each
 * channel, then at most one a minute with the count of those since, the rest at debug.
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

/** After the first decode error of a channel, how often another one is written at warn. */
const DECODE_WARN_EVERY_MS = 60_000

/** A channel's decode errors as logged: when the last warn line was, and how many went to debug since. */
interface DecodeWarnings {
  warnedAt: number
  since: number
}

/** Per logger (a driver's), per venue and channel. */
const decodeWarnings = new WeakMap<Logger, Map<string, DecodeWarnings>>()

/**
 * Writes `event` to `logger` at its level (nothing is formatted when that level is off). A decode error
 * is at warn when it is the first of its channel or the first a minute after the last warned of, with
 * the count of those between; at debug otherwise.
 *
 * @example
 * events.subscribe((e) => logVenueEvent(logger, e)) // "[rxvenue:bybit] public reconnecting in 1200 ms (attempt 2): …"
 */
export function logVenueEvent(logger: Logger, event: VenueEvent): void {
  if (event.type === 'decode-error') return logDecodeError(logger, event)
  const level = LEVEL[event.type]
  if (!logger.isLevelEnabled(level)) return
  logger[level](describe(event), { event })
}

function logDecodeError(logger: Logger, event: VenueEvent & { readonly type: 'decode-error' }): void {
  let channels = decodeWarnings.get(logger)
  if (channels === undefined) {
    channels = new Map()
    decodeWarnings.set(logger, channels)
  }
  const key = `${event.venue} ${event.channel}`
  const at = event.at.getTime()
  const seen = channels.get(key)
  let level: Level = LEVEL['decode-error']
  let since = 0
  if (seen === undefined) channels.set(key, { warnedAt: at, since: 0 })
  else if (at - seen.warnedAt >= DECODE_WARN_EVERY_MS) {
    since = seen.since
    seen.warnedAt = at
    seen.since = 0
  } else {
    seen.since += 1
    level = 'debug'
  }
  if (!logger.isLevelEnabled(level)) return
  const more = since === 0 ? '' : ` (${since} more since the last warning)`
  logger[level](`${event.channel} payload not understood${more}: ${event.error.message}`, { event })
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
