/**
 * What every part of the Fordefi driver shares: the kit's driver base made from {@link FORDEFI_SPEC},
 * with Fordefi's token and request signature and its error answers. Fordefi lists no instruments and
 * serves no time: the venue clock is the machine's.
 */
import { defer, of } from 'rxjs'
import type { DriverContext } from '../kit/driver-base.js'
import type { EnvelopeReader } from '../kit/error-response.js'
import type { ResolvedVenueOptions } from '../kit/resolved-options.js'
import { createSpecContext } from '../kit/spec-context.js'
import { FordefiErrorBody } from './codecs.js'
import type { FordefiOptions } from './options.js'
import { fordefiSigner } from './sign.js'
import { FORDEFI_SPEC } from './spec.js'

/**
 * The shared state of one Fordefi driver instance.
 *
 * @example
 * const ctx = createFordefiContext({ restUrl: sim.restUrl, apiKey, secret })
 * ctx.privateRest?.request$({ path: '/api/v1/vaults', codec: FordefiVaultsPage })
 */
export type FordefiContext = DriverContext<'fordefi', ResolvedVenueOptions>

/**
 * Builds the shared state of a Fordefi driver from its options.
 *
 * @example
 * const ctx = createFordefiContext({ apiKey: token, secret: pem })
 */
export function createFordefiContext(options: FordefiOptions = {}): FordefiContext {
  return createSpecContext(FORDEFI_SPEC, options, {
    fetchServerTime: () => defer(() => of(Date.now())),
    errorBody: fordefiErrorBody,
    onResponse: () => undefined,
    signer: fordefiSigner,
    signatureHeader: 'x-signature',
    listing: () => of([]),
  })
}

/**
 * Fordefi's error body: its `detail` or `title` as the message; the kind goes by the HTTP status and
 * the table of {@link FORDEFI_SPEC} (a 429 waits for its Retry-After).
 *
 * @example
 * specResponseError(FORDEFI_SPEC, fordefiErrorBody, { status: 404, headers: {}, body: '{"title":"Not found"}' }, info, now)?.kind // 'not-found'
 */
export const fordefiErrorBody: EnvelopeReader = (body) =>
  FordefiErrorBody.is(body)
    ? { code: body.system_error_code, message: body.detail ?? body.title ?? body.message }
    : undefined
