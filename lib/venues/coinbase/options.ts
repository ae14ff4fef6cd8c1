/**
 * Options of the Coinbase driver: the common ones, its user-order stream, and the credentials of a
 * CDP API key.
 */
import type { VenueOptions } from '../kit/options.js'
import type { ResolvedVenueOptions } from '../kit/resolved-options.js'

/**
 * Options of the Coinbase Advanced Trade driver. Everything is optional; the defaults talk to
 * `https://api.coinbase.com` and `wss://advanced-trade-ws.coinbase.com`. Coinbase has no test network
 * for Advanced Trade: `testnet: true` is `invalid-request`. Credentials are a CDP API key: `apiKey` its
 * name (`organizations/{org_id}/apiKeys/{key_id}`), `secret` its EC private key in PEM
 * (`-----BEGIN EC PRIVATE KEY-----…`, ES256; `\n` written as two characters, as JSON key files carry
 * it, is read as a line break); they are scrubbed from every log line and error. Frames are taken up to
 * 64 MiB (`maxFrameBytes`): a BTC-USD `level2` snapshot is one frame of about 5 MB. A socket is
 * replaced after 15 s without a frame (`staleAfterMs`): every connection subscribes `heartbeats`, one
 * frame a second.
 *
 * @example
 * createCoinbaseVenue({ restUrl: sim.restUrl, wsUrl: sim.wsUrl }) // against the simulator
 */
export interface CoinbaseOptions extends VenueOptions {
  /**
   * The user-order stream (`user` channel). Default `wss://advanced-trade-ws-user.coinbase.com`.
   */
  readonly privateWsUrl?: string | undefined
}

/**
 * {@link CoinbaseOptions} with the defaults filled in.
 *
 * @example
 * ctx.options.wsUrl // 'wss://advanced-trade-ws.coinbase.com' unless given
 */
export type ResolvedCoinbaseOptions = ResolvedVenueOptions
