/**
 * A venue's events as log lines: connection state changes, resyncs and circuit changes at info, so that
 * `RXVENUE_LOG=info` shows a venue healing itself; failed attempts at debug; custody alerts and warnings
 * at warn; decode errors at warn too, but a feed of garbage does not flood the log: the first of each
 * kind (its channel, and what was decoded and where it failed), then at most one a minute with the
 * count of those since, the rest at debug. An account push (the `private` channel, or a push that
 * `decodedPushes` skipped: an order, a fill) is always at warn: each one matters.
 */
import type { SchedulerLike, Subscription } from 'rxjs'
import type { DecodeError } from '../../core/errors.js'
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

/** After the first decode error of a kind, how often another one is written at warn. */
const DECODE_WARN_EVERY_MS = 60_000

/** The channel of the account socket: its decode errors are never written at debug. */
const ACCOUNT_CHANNEL = 'private'

/** Kinds kept per log before further ones share their channel's count. */
const MAX_KINDS = 256

/** Decode errors of account pushes (see {@link accountPushError}). */
const accountPushes = new WeakSet<DecodeError>()

/**
 * Marks `error` as that of an account push skipped (an order, a fill, a balance): the log writes it at
 * warn, never at debug, whatever its channel. Returns `error`.
 *
 * @example
 * host.emit({ type: 'decode-error', channel, error: accountPushError(result.left) })
 */
export function accountPushError<E extends DecodeError>(error: E): E {
  accountPushes.add(error)
  return error
}

type DecodeEvent = VenueEvent & { readonly type: 'decode-error' }

/** A kind of decode error as logged: when the last warn line was, how many went to debug since. */
interface DecodeWarnings {
  warnedAt: number
  since: number
  last: DecodeEvent
  timer: Subscription | undefined
}

/**
 * A venue's events written to its logger; see {@link createVenueEventLog}.
 *
 * @example
 * const log: VenueEventLog = createVenueEventLog(logger, scheduler)
 */
export interface VenueEventLog {
  /** Writes `event` at its level (nothing is formatted when that level is off). */
  log(event: VenueEvent): void
  /** Writes the decode errors counted and not yet written, and cancels their timers. Idempotent. */
  close(): void
}

/**
 * The event log of one driver. A decode error is at warn when it is the first of its kind (venue,
 * channel, what was decoded and the paths that failed, indices aside) or the first a minute after the
 * last warned of; the others within that minute go to debug and are counted. With a `scheduler`, the
 * count is written (at warn, with the last one's message) a minute after the warning it follows, by a
 * timer `close` cancels after writing what is pending; without one, at the next error of that kind a
 * minute later, or on `close`. An account push's decode error is always at warn.
 *
 * @example
 * const log = createVenueEventLog(logger, scheduler)
 * events.subscribe((e) => log.log(e))
 * // at close
 * log.close()
 */
export function createVenueEventLog(logger: Logger, scheduler?: SchedulerLike): VenueEventLog {
  const kinds = new Map<string, DecodeWarnings>()
  let closed = false
  const write = (level: Level, event: DecodeEvent, since: number) => {
    if (!logger.isLevelEnabled(level)) return
    const more = since === 0 ? '' : ` (${since} more since the last warning)`
    logger[level](`${event.channel} payload not understood${more}: ${event.error.message}`, { event })
  }
  const flush = (seen: DecodeWarnings, at: number) => {
    seen.timer?.unsubscribe()
    seen.timer = undefined
    if (seen.since === 0) return
    write('warn', seen.last, seen.since)
    seen.warnedAt = at
    seen.since = 0
  }
  const decodeError = (event: DecodeEvent) => {
    if (event.channel === ACCOUNT_CHANNEL || accountPushes.has(event.error)) return write('warn', event, 0)
    const kind = kindOf(event)
    const key = kinds.has(kind) || kinds.size < MAX_KINDS ? kind : `${event.venue} ${event.channel}`
    const at = event.at.getTime()
    const seen = kinds.get(key)
    if (seen === undefined) {
      kinds.set(key, { warnedAt: at, since: 0, last: event, timer: undefined })
      return write('warn', event, 0)
    }
    if (at - seen.warnedAt >= DECODE_WARN_EVERY_MS) {
      const since = seen.since
      seen.timer?.unsubscribe()
      seen.timer = undefined
      seen.warnedAt = at
      seen.since = 0
      seen.last = event
      return write('warn', event, since)
    }
    seen.since += 1
    seen.last = event
    if (scheduler !== undefined && seen.timer === undefined && !closed) {
      const delay = Math.max(0, seen.warnedAt + DECODE_WARN_EVERY_MS - scheduler.now())
      seen.timer = scheduler.schedule(() => flush(seen, scheduler.now()), delay)
    }
    write('debug', event, 0)
  }
  return {
    log: (event) => {
      if (event.type === 'decode-error') return decodeError(event)
      const level = LEVEL[event.type]
      if (!logger.isLevelEnabled(level)) return
      logger[level](describe(event), { event })
    },
    close: () => {
      if (closed) return
      closed = true
      for (const seen of kinds.values()) flush(seen, seen.last.at.getTime())
    },
  }
}

/** The kind of a decode error: venue, channel, what was decoded, the paths that failed (indices aside). */
function kindOf(event: DecodeEvent): string {
  const { context, paths } = event.error
  const where = paths.map((p) => (p.split(': ')[0] ?? p).replace(/\[\d+\]/g, '[]'))
  return `${event.venue} ${event.channel} ${context} ${[...new Set(where)].sort().join(';')}`
}

/** One log per logger (a driver's) for {@link logVenueEvent}: no timer, a count waits for the next error. */
const logs = new WeakMap<Logger, VenueEventLog>()

/**
 * Writes `event` to `logger` at its level, as {@link createVenueEventLog} does without a scheduler (the
 * count of the decode errors written at debug waits for the next warning of their kind); the limit on
 * decode errors is kept per logger.
 *
 * @example
 * events.subscribe((e) => logVenueEvent(logger, e)) // "[rxvenue:bybit] public reconnecting in 1200 ms (attempt 2): …"
 */
export function logVenueEvent(logger: Logger, event: VenueEvent): void {
  let log = logs.get(logger)
  if (log === undefined) {
    log = createVenueEventLog(logger)
    logs.set(logger, log)
  }
  log.log(event)
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
