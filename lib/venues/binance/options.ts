/**
 * The options of the Binance driver, and the same with every default filled in.
 */
import type { BackoffOptions } from '../../transport/backoff.js'
import type { WebSocketCtor } from '../../transport/socket.js'
import { DEFAULT_ORDER_DEADLINE_MS, resolveEndpoints, type VenueOptions } from '../kit/options.js'
import { BINANCE_SPEC, BINANCE_STREAMS } from './spec.js'

/**
 * Options of the Binance driver: the common {@link VenueOptions} (with `testnet: true`, REST, market
 * streams and the WebSocket API all move to the Spot Test Network, which has its own keys and books)
 * and Binance's own. `wsUrl` is given without a path (the driver adds `/stream?streams=`); `backoff`
 * also spaces depth snapshots that could not be read (there from 250 ms to 10 s).
 *
 * @example
 * createBinanceVenue({ apiKey, secret, testnet: true }) // REST, market streams and WebSocket API on the testnet
 */
export interface BinanceOptions extends VenueOptions {
  /** The WebSocket API (user data). Default `wss://ws-api.binance.com:443/ws-api/v3` (see `testnet`). */
  readonly wsApiUrl?: string | undefined
  /** Ed25519 private key (PEM), instead of an HMAC secret. */
  readonly privateKey?: string | undefined
  /** Update speed of the diff depth stream. Default `100ms`. */
  readonly depthUpdateSpeed?: '100ms' | '1000ms' | undefined
  /**
   * A market stream connection is replaced (a new one opened, the old closed once the new one
   * delivers) this long after it opened, ahead of the venue's 24 h cut-off. Default 23 h.
   */
  readonly plannedReconnectMs?: number | undefined
  /** Most streams on one connection. Default (and the venue's maximum) 1024. */
  readonly maxStreamsPerConnection?: number | undefined
}

/**
 * {@link BinanceOptions} with the defaults filled in.
 *
 * @example
 * ctx.options.staleAfterMs // 60 000 unless given
 */
export interface ResolvedBinanceOptions {
  readonly restUrl: string
  readonly wsUrl: string
  readonly wsApiUrl: string
  readonly apiKey: string | undefined
  readonly secret: string | undefined
  readonly privateKey: string | undefined
  readonly recvWindowMs: number
  readonly orderDeadlineMs: number
  readonly maxBodyBytes: number
  readonly WebSocketCtor: WebSocketCtor | undefined
  readonly backoff: Omit<BackoffOptions, 'resetAfterMs'> | undefined
  readonly staleAfterMs: number
  readonly depthUpdateSpeed: '100ms' | '1000ms'
  readonly plannedReconnectMs: number
  readonly maxStreamsPerConnection: number
  readonly maxFrameBytes: number
}

/** The options with their defaults; the network's URLs unless a URL was given. */
export function resolveBinanceOptions(options: BinanceOptions): ResolvedBinanceOptions {
  const urls = resolveEndpoints('binance', BINANCE_SPEC.networks, options)
  const { defaults } = BINANCE_SPEC
  const max = BINANCE_STREAMS.maxStreamsPerConnection
  return {
    restUrl: urls.rest,
    wsUrl: urls.ws.replace(/\/+$/, ''),
    wsApiUrl: urls.wsApi ?? BINANCE_SPEC.networks.mainnet.wsApi,
    apiKey: options.apiKey,
    secret: options.secret,
    privateKey: options.privateKey,
    recvWindowMs: options.recvWindowMs ?? defaults.recvWindowMs,
    orderDeadlineMs: options.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS,
    maxBodyBytes: options.maxBodyBytes ?? defaults.maxBodyBytes,
    WebSocketCtor: options.WebSocketCtor,
    backoff: options.backoff,
    staleAfterMs: options.staleAfterMs ?? defaults.staleAfterMs,
    depthUpdateSpeed: options.depthUpdateSpeed ?? '100ms',
    plannedReconnectMs: options.plannedReconnectMs ?? BINANCE_STREAMS.plannedReconnectMs,
    maxStreamsPerConnection: Math.min(options.maxStreamsPerConnection ?? max, max),
    maxFrameBytes: options.maxFrameBytes ?? defaults.maxFrameBytes,
  }
}
