/**
 * The options every driver takes, declared once, and how a venue's networks resolve into URLs.
 */
import type { SchedulerLike } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { VenueId } from '../../core/model.js'
import type { BackoffOptions } from '../../transport/backoff.js'
import type { HttpTransport } from '../../transport/http.js'
import type { WebSocketCtor } from '../../transport/socket.js'

/**
 * What every venue driver takes; a venue's own options extend it. Everything is optional: the defaults
 * talk to the venue's mainnet with no credentials.
 *
 * @example
 * const common: VenueOptions = { testnet: true, apiKey, secret, logger: silentLogger }
 */
export interface VenueOptions {
  /**
   * The venue's test network for every connection (REST and sockets), where it has one. It has its own
   * accounts and keys. A URL given here still wins. Default false.
   */
  readonly testnet?: boolean | undefined
  /** REST base URL. Default: the venue's, on the chosen network. */
  readonly restUrl?: string | undefined
  /** Public market-data WebSocket. Default: the venue's, on the chosen network. */
  readonly wsUrl?: string | undefined
  /** API key; with the venue's secret, enables trading. */
  readonly apiKey?: string | undefined
  readonly secret?: string | undefined
  /** Timestamp tolerance of signed requests, where the venue has one. Default 5 000 ms. */
  readonly recvWindowMs?: number | undefined
  /**
   * An order command (place, amend, cancel, cancel-all) not sent within this many ms of the call, as
   * it waits for the rate limiter, fails with `rate-limit` and is never sent later. Default 5 000.
   */
  readonly orderDeadlineMs?: number | undefined
  /** Largest REST response body read, in bytes. Default: the venue's, sized from its largest answers. */
  readonly maxBodyBytes?: number | undefined
  /**
   * Largest WebSocket frame taken, in bytes (characters of a text frame). A larger one is refused: an
   * error, then a reconnect that resyncs the books. Default: the venue's, sized from its largest frames.
   */
  readonly maxFrameBytes?: number | undefined
  /** Default: the loglevel logger `rxvenue:<venue>`, scrubbing the secrets. */
  readonly logger?: Logger | undefined
  /** Default: an undici keep-alive transport owned (and closed) by the driver. */
  readonly transport?: HttpTransport | undefined
  /** Default: isomorphic-ws. */
  readonly WebSocketCtor?: WebSocketCtor | undefined
  /** Timers and time. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike | undefined
  /**
   * Socket reconnect delays. Default 1 s → 60 s with full jitter, from the first delay again once a
   * reopened socket delivers data.
   */
  readonly backoff?: Omit<BackoffOptions, 'resetAfterMs'> | undefined
  /**
   * A socket with no frame for this long is dropped and reconnected. Default: the venue's window. `0`
   * turns this off: a socket that stops speaking without closing is then never replaced.
   */
  readonly staleAfterMs?: number | undefined
  /**
   * The venue's circuit breaker: `failureThreshold` network failures, timeouts or 5xx within `windowMs`
   * make every request fail fast with `circuit-open` for `openMs`. Default 5 within 10 s, open 30 s.
   */
  readonly circuitBreaker?: CircuitBreakerTuning | undefined
}

/**
 * How soon a venue's circuit breaker opens and how long it stays open.
 *
 * @example
 * createClient({ venues: { bybit: { circuitBreaker: { failureThreshold: 10, openMs: 5_000 } } } })
 */
export interface CircuitBreakerTuning {
  /** Failures (network, timeout, 5xx) within `windowMs` that open the circuit. Default 5. */
  readonly failureThreshold?: number | undefined
  /** The sliding window failures are counted in, in ms. Default 10 000. */
  readonly windowMs?: number | undefined
  /** How long the circuit stays open before a probe is let through, in ms. Default 30 000. */
  readonly openMs?: number | undefined
}

/**
 * The endpoints of one network of a venue.
 *
 * @example
 * const mainnet: VenueEndpoints = { rest: 'https://api.bybit.com', ws: 'wss://stream.bybit.com/v5/public/spot' }
 */
export interface VenueEndpoints {
  readonly rest: string
  readonly ws: string
  /** The private (account) stream, where the venue has one apart from the public stream. */
  readonly privateWs?: string | undefined
  /** A request/response WebSocket API, where the driver uses one. */
  readonly wsApi?: string | undefined
}

/**
 * A venue's networks: mainnet, and the test or demo networks it offers.
 *
 * @example
 * const networks: VenueNetworks = { mainnet, testnet: { rest: 'https://api-testnet.bybit.com', ws: '…' } }
 */
export interface VenueNetworks {
  readonly mainnet: VenueEndpoints
  readonly testnet?: VenueEndpoints | undefined
  /** A demo trading service (Bybit's), chosen with a venue option `demo: true`. */
  readonly demo?: VenueEndpoints | undefined
}

/**
 * The endpoints a driver uses: the chosen network's, each replaced by the URL the user gave for it.
 * `testnet` and `demo` together, or a network the venue lacks, is `invalid-request`.
 *
 * @example
 * resolveEndpoints('bybit', networks, { testnet: true, restUrl: 'http://127.0.0.1:9' })
 * // { rest: 'http://127.0.0.1:9', ws: 'wss://stream-testnet.bybit.com/v5/public/spot', … }
 */
export function resolveEndpoints(
  venue: VenueId,
  networks: VenueNetworks,
  options: {
    readonly testnet?: boolean | undefined
    readonly demo?: boolean | undefined
    readonly restUrl?: string | undefined
    readonly wsUrl?: string | undefined
    readonly privateWsUrl?: string | undefined
    readonly wsApiUrl?: string | undefined
  },
): Required<Pick<VenueEndpoints, 'rest' | 'ws'>> & VenueEndpoints {
  const network = chosenNetwork(venue, networks, options)
  return {
    rest: options.restUrl ?? network.rest,
    ws: options.wsUrl ?? network.ws,
    privateWs: options.privateWsUrl ?? network.privateWs,
    wsApi: options.wsApiUrl ?? network.wsApi,
  }
}

/**
 * How long an order command (place, amend, cancel, cancel-all) may wait for the rate limiter by
 * default: not sent within this many ms of the call (a paused venue, a full order window), it fails
 * with `rate-limit` and is never sent later, when the market has moved.
 *
 * @example
 * createClient({ venues: { binance: { orderDeadlineMs: DEFAULT_ORDER_DEADLINE_MS / 2 } } })
 */
export const DEFAULT_ORDER_DEADLINE_MS = 5000

/**
 * The network the options choose (`testnet`, `demo`, else mainnet): checked when the options are given,
 * so a venue without that network refuses them before anything loads.
 *
 * @throws VenueError `invalid-request` for both `testnet` and `demo`, or a network the venue does not offer.
 * @example
 * chosenNetwork('coinbase', COINBASE_SPEC.networks, { testnet: true }) // throws: coinbase has no testnet network
 */
export function chosenNetwork(
  venue: VenueId,
  networks: VenueNetworks,
  options: { readonly testnet?: boolean | undefined; readonly demo?: boolean | undefined },
): VenueEndpoints {
  if (options.testnet === true && options.demo === true) {
    throw new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${venue}: testnet and demo are two networks; choose one`,
    })
  }
  const name = options.testnet === true ? 'testnet' : options.demo === true ? 'demo' : 'mainnet'
  const network = networks[name]
  if (network === undefined) {
    throw new VenueError({ kind: 'invalid-request', venue, message: `${venue} has no ${name} network` })
  }
  return network
}
