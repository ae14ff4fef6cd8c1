/**
 * What a driver reports about its own connections, REST traffic, rate budget and breaker, sampled on
 * demand by `health$`. Counters only: no timers, nothing kept per message beyond a count and a time.
 */
import type { VenueError } from '../../core/errors.js'
import type { CircuitState } from '../../transport/breaker.js'
import type { Headroom } from '../../transport/rate-limit.js'
import type { SocketState } from '../../transport/socket.js'

/**
 * One WebSocket connection of a venue, now.
 *
 * @example
 * const down = (c: ConnectionHealth) => c.state !== 'open' && c.reconnects > 0
 * venue.health?.().connections.filter(down).map((c) => c.channel)
 */
export interface ConnectionHealth {
  /** `public`, `private`, or the venue's own name for the connection (`ws-api`). */
  readonly channel: string
  readonly state: SocketState
  /** Frames received and decoded since the driver was made (heartbeats included; garbage not). */
  readonly messages: number
  /** Scheduler time (epoch ms) of the last frame decoded; `undefined` before the first. */
  readonly lastMessageAt: number | undefined
  /** Successful reconnects since the driver was made. */
  readonly reconnects: number
}

/**
 * REST traffic of a venue since its driver was made.
 *
 * @example
 * const rest: RestHealth | undefined = venue.health?.().rest
 * const failureRate = rest && rest.requests > 0 ? rest.failures / rest.requests : 0
 */
export interface RestHealth {
  /** Attempts that got a response or failed (retries count one each). */
  readonly requests: number
  /** Attempts that failed: network, timeout, 5xx, 429, or a venue error. */
  readonly failures: number
  /** Round-trip time of the last answered attempt, in ms. */
  readonly lastLatencyMs: number | undefined
  /** Exponentially weighted mean round-trip time (weight 0.2 on the newest), in ms. */
  readonly latencyMs: number | undefined
}

/**
 * A driver's health counters at one instant.
 *
 * @example
 * const now = venue.health?.()
 * now?.connections.find((c) => c.channel === 'public')?.state // 'open'
 */
export interface VenueHealthSnapshot {
  /** Scheduler time (epoch ms) of the sample. */
  readonly at: number
  readonly connections: readonly ConnectionHealth[]
  readonly rest: RestHealth
  /** The limiter's windows now; absent for a venue without one. */
  readonly rateLimit: Headroom | undefined
  /** The breaker's state now; absent for a venue without one. */
  readonly breaker: CircuitState | undefined
  /**
   * Scheduler time the venue first answered (a REST response of any status, or a socket that opened);
   * `undefined` while it has never been reached. Absent for a driver that does not tell.
   */
  readonly reachedAt?: number | undefined
  /**
   * The latest failure to reach the venue, or an answer of it that could not be decoded; absent before
   * the first.
   */
  readonly lastError?: ConnectivityError | undefined
}

/**
 * A failure to reach a venue: a refused, reset or timed-out connection, a DNS failure, a socket
 * dropped, or an answer it could not read.
 *
 * @example
 * const last: ConnectivityError | undefined = venue.health?.().lastError
 * if (last) console.warn(`${new Date(last.at).toISOString()} cannot reach ${last.host}: ${last.error.message}`)
 */
export interface ConnectivityError {
  /** Scheduler time (epoch ms) of the failure. */
  readonly at: number
  /** `rest`, `public`, `private`, or the venue's own name for the connection. */
  readonly channel: string
  /** Host (and port) that could not be reached. */
  readonly host: string
  readonly error: VenueError
}
