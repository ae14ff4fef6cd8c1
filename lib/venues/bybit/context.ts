/**
 * What every part of the Bybit driver shares: the kit's driver base made from {@link BYBIT_SPEC} (which
 * names the per-path `X-Bapi-Limit*` usage headers), with what is Bybit's own: the error envelope and the
 * signer.
 */
import type { DriverContext } from '../kit/driver-base.js'
import type { EnvelopeReader } from '../kit/error-response.js'
import { headerInt } from '../kit/error-table.js'
import { createSpecContext } from '../kit/spec-context.js'
import { BybitEnvelopeHead } from './codecs.js'
import type { BybitOptions, ResolvedBybitOptions } from './options.js'
import { fetchInstruments, fetchServerTime } from './listing.js'
import { signBybitRequest } from './sign.js'
import { BYBIT_SPEC } from './spec.js'

/** The shared state of one Bybit driver instance. */
export type BybitContext = DriverContext<'bybit', ResolvedBybitOptions>

/**
 * Builds the shared state of a Bybit driver from its options.
 *
 * @throws VenueError `invalid-request` when both `testnet` and `demo` are set.
 */
export function createBybitContext(options: BybitOptions = {}): BybitContext {
  return createSpecContext(BYBIT_SPEC, options, {
    fetchServerTime,
    errorBody: bybitErrorBody,
    signer: (credentials) => (request, now) => signBybitRequest(request, credentials, now),
    signatureHeader: 'x-bapi-sign',
    listing: fetchInstruments,
  }) as BybitContext
}

/**
 * Bybit's envelope, when its `retCode` is not 0: a rate limit waits until `X-Bapi-Limit-Reset-Timestamp`.
 * The message never holds the signed pre-hash string Bybit echoes on a bad signature (it holds the key).
 */
export const bybitErrorBody: EnvelopeReader = (body, { headers }, now) => {
  if (!BybitEnvelopeHead.is(body) || body.retCode === 0) return undefined
  const reset = headerInt(headers['x-bapi-limit-reset-timestamp'])
  return {
    code: body.retCode,
    // https://bybit-exchange.github.io/docs/v5/error: a bad signature echoes `origin_string[...]`
    message: body.retMsg.replace(/origin_string[\s\S]*/i, 'origin_string [redacted]'),
    failed: true,
    retryAfterMs: reset === undefined ? undefined : Math.max(0, reset - now),
  }
}
