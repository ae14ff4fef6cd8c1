/**
 * What every part of the Coinbase driver shares: the kit's driver base made from {@link COINBASE_SPEC},
 * with what is Coinbase's own: its error body, its JWT signer, its listing and the products that share
 * another's market data.
 */
import { map } from 'rxjs'
import type { Instrument, UnifiedSymbol } from '../../core/model.js'
import type { DriverContext } from '../kit/driver-base.js'
import type { EnvelopeReader } from '../kit/error-response.js'
import { createSpecContext } from '../kit/spec-context.js'
import { CoinbaseErrorBody } from './codecs.js'
import { fetchListing, fetchServerTime } from './listing.js'
import type { CoinbaseOptions, ResolvedCoinbaseOptions } from './options.js'
import { coinbaseSigner } from './sign.js'
import { COINBASE_SPEC } from './spec.js'

/**
 * The shared state of one Coinbase driver instance.
 *
 * @example
 * const ctx = createCoinbaseContext({ restUrl: sim.restUrl })
 * ctx.symbols().subscribe((map) => map.toVenue('BTC/USD')) // 'BTC-USD'
 */
export interface CoinbaseContext extends DriverContext<'coinbase', ResolvedCoinbaseOptions> {
  /**
   * Where an instrument's socket streams come from: the product whose market data they carry, its
   * `alias` as the last listing gave it (`BTC-USDC` → `BTC-USD`), else itself; and that product's own
   * symbol. The docs: channels other than `user` "return the same data as the corresponding -USD based
   * products" for -USDC ones
   * (https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels).
   */
  marketOf(instrument: Instrument): MarketSource
}

/**
 * The product an instrument's market data is sent under, and that product's symbol.
 *
 * @example
 * ctx.marketOf(btcUsdc) // { product: 'BTC-USD', symbol: 'BTC/USD' }
 */
export interface MarketSource {
  readonly product: string
  readonly symbol: UnifiedSymbol
}

/**
 * Builds the shared state of a Coinbase driver from its options.
 *
 * @throws VenueError `invalid-request` for `testnet` (Coinbase has none for Advanced Trade).
 * @example
 * const ctx = createCoinbaseContext({ apiKey, secret })
 * ctx.rest.request$({ path: '/api/v3/brokerage/time', codec: CoinbaseServerTime })
 */
export function createCoinbaseContext(options: CoinbaseOptions = {}): CoinbaseContext {
  // the last listing's aliases, and the symbol of every product
  let aliases: ReadonlyMap<string, string> = new Map()
  let symbols: ReadonlyMap<string, UnifiedSymbol> = new Map()
  const base = createSpecContext(COINBASE_SPEC, options, {
    fetchServerTime,
    errorBody: coinbaseErrorBody,
    signer: coinbaseSigner,
    signatureHeader: 'authorization',
    listing: (rest, logger) =>
      fetchListing(rest, logger).pipe(
        map((listing) => {
          aliases = listing.aliases
          symbols = new Map(listing.instruments.map((i) => [i.venueSymbol, i.symbol]))
          return listing.instruments
        }),
      ),
  })
  return Object.assign(base, {
    marketOf: (instrument: Instrument): MarketSource => {
      const product = aliases.get(instrument.venueSymbol) ?? instrument.venueSymbol
      return { product, symbol: symbols.get(product) ?? instrument.symbol }
    },
  })
}

/**
 * Coinbase's error body: its `error` name as the code, by the table of {@link COINBASE_SPEC}; any other
 * failed answer goes by the HTTP status (a 429 waits for its `Retry-After`; a 401's body is the text
 * `Unauthorized`).
 *
 * @example
 * specResponseError(COINBASE_SPEC, coinbaseErrorBody, { status: 404, headers: {}, body: '{"error":"NOT_FOUND","message":"no such product"}' }, info, now)?.kind // 'not-found'
 */
export const coinbaseErrorBody: EnvelopeReader = (body) =>
  CoinbaseErrorBody.is(body)
    ? { code: body.error, message: body.message || body.error_details || body.error }
    : undefined
