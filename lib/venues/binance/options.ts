/**
 * The options of the Binance driver, and the same with every default filled in.
 */
import type { VenueOptions } from '../kit/options.js'
import { resolveVenueOptions } from '../kit/resolved-options.js'
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

/** {@link BinanceOptions} with the defaults filled in; Binance always has a WebSocket API. */
export type ResolvedBinanceOptions = ReturnType<typeof resolveBinanceOptions>

/** The options with their defaults; the network's URLs unless a URL was given. */
export function resolveBinanceOptions(options: BinanceOptions) {
  const resolved = resolveVenueOptions(BINANCE_SPEC, options)
  const max = BINANCE_STREAMS.maxStreamsPerConnection
  return {
    ...resolved,
    wsUrl: resolved.wsUrl.replace(/\/+$/, ''),
    wsApiUrl: resolved.wsApiUrl ?? BINANCE_SPEC.networks.mainnet.wsApi,
    privateKey: options.privateKey,
    depthUpdateSpeed: options.depthUpdateSpeed ?? '100ms',
    plannedReconnectMs: options.plannedReconnectMs ?? BINANCE_STREAMS.plannedReconnectMs,
    maxStreamsPerConnection: Math.min(options.maxStreamsPerConnection ?? max, max),
  }
}
