/**
 * Options of the Bybit driver: the common ones, plus Bybit's demo trading and its private stream.
 */
import type { VenueOptions } from '../kit/options.js'
import type { ResolvedVenueOptions } from '../kit/resolved-options.js'

/**
 * Options of the Bybit driver. Everything is optional; the defaults talk to Bybit's mainnet, or with
 * `testnet: true` or `demo: true` to that network. A socket is replaced after 30 s without a frame
 * (`staleAfterMs`): the driver pings every 20 s and Bybit answers each ping. Frames are taken up to 1 MiB
 * (`maxFrameBytes`), above a private `order` push of 500 orders (about 440 KB).
 *
 * @example
 * createBybitVenue({ apiKey, secret, testnet: true }) // REST and both sockets on Bybit's testnet
 */
export interface BybitOptions extends VenueOptions {
  /**
   * Bybit's demo trading (keys made under Demo Trading of a mainnet account): REST
   * `https://api-demo.bybit.com`, private stream `wss://stream-demo.bybit.com/v5/private`; market data
   * stays on the mainnet public stream, which is what the demo service trades against. A URL given
   * still wins. Not together with `testnet`. Default false.
   */
  readonly demo?: boolean | undefined
  /** The private (account) stream. Default `wss://stream.bybit.com/v5/private` (see `testnet` and `demo`). */
  readonly privateWsUrl?: string | undefined
}

/**
 * {@link BybitOptions} with the defaults filled in; Bybit always has a private stream.
 *
 * @example
 * ctx.options.privateWsUrl // 'wss://stream.bybit.com/v5/private' unless given
 */
export interface ResolvedBybitOptions extends ResolvedVenueOptions {
  readonly privateWsUrl: string
}
