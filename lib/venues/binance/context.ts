/**
 * What every part of the Binance driver shares: the kit's driver base with Binance's error reading,
 * signer and listing, whose `rateLimits` become the limiter's limits.
 */
import type { DriverContext } from '../kit/driver-base.js'
import { createSpecContext } from '../kit/spec-context.js'
import type { EnvelopeReader } from '../kit/error-response.js'
import { BinanceErrorBody, type BinanceRateLimit } from './codecs.js'
import { resolveBinanceOptions, type BinanceOptions, type ResolvedBinanceOptions } from './options.js'
import { applyRateLimits, fetchExchangeInfo, fetchServerTime } from './listing.js'
import { signBinanceRequest } from './sign.js'
import { BINANCE_SPEC } from './spec.js'

/** The shared state of one Binance driver instance. */
export interface BinanceContext extends DriverContext<'binance', ResolvedBinanceOptions> {
  /** Adopts the venue's `rateLimits` as the limiter's limits (each fetch of the listing does). */
  applyRateLimits(limits: readonly BinanceRateLimit[]): void
}

/** Builds the shared state of a Binance driver from the kit's spec context. */
export function createBinanceContext(options: BinanceOptions = {}): BinanceContext {
  const base = createSpecContext(BINANCE_SPEC, options, {
    resolve: () => resolveBinanceOptions(options),
    fetchServerTime,
    errorBody: binanceErrorBody,
    signer: (credentials) => (request, now) => signBinanceRequest(request, credentials, now),
    signatureParam: 'signature',
    listing: fetchExchangeInfo,
  })
  return Object.assign(base, {
    applyRateLimits: (limits: readonly BinanceRateLimit[]) =>
      applyRateLimits(base.limiter, base.logger, limits),
  })
}

/** `{"code": -1121, "msg": "Invalid symbol."}` (https://developers.binance.com/docs/binance-spot-api-docs/errors). */
export const binanceErrorBody: EnvelopeReader = (body) =>
  BinanceErrorBody.is(body) ? { code: body.code, message: body.msg } : undefined
