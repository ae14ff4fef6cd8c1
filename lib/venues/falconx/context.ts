/**
 * What every part of the FalconX driver shares: the kit's driver base made from {@link FALCONX_SPEC},
 * with FalconX's own error body, signer, exact numbers and pairs.
 */
import { map } from 'rxjs'
import { dateHeaderTime } from '../kit/date-header-time.js'
import type { DriverContext } from '../kit/driver-base.js'
import type { EnvelopeReader } from '../kit/error-response.js'
import { createSpecContext } from '../kit/spec-context.js'
import type { ResolvedVenueOptions } from '../kit/resolved-options.js'
import { FxFailure, FxPairs } from './codecs.js'
import { pairInstrument } from './mappers.js'
import type { FalconxOptions } from './options.js'
import { falconxSigner } from './sign.js'
import { FALCONX_SPEC } from './spec.js'

/**
 * The shared state of one FalconX driver instance.
 *
 * @example
 * const ctx = createFalconxContext({ apiKey, secret, passphrase })
 * ctx.privateRest?.request$({ path: '/v1/pairs', codec: FxPairs })
 */
export interface FalconxContext extends DriverContext<'falconx', ResolvedVenueOptions> {
  /** The balances and executed quotes read. */
  readonly platform: 'api' | 'browser' | 'margin'
  /** True when key, secret and passphrase were all given. */
  readonly signed: boolean
}

/**
 * Builds the shared state of a FalconX driver from its options. Every call FalconX answers is signed,
 * the pairs too; answers have their numbers quoted as their text before they are parsed.
 *
 * @throws VenueError `invalid-request` for `testnet` (FalconX has none).
 * @example
 * const ctx = createFalconxContext({ apiKey, secret, passphrase, restUrl: sim.restUrl })
 */
export function createFalconxContext(options: FalconxOptions = {}): FalconxContext {
  const passphrase = options.passphrase ?? ''
  const base: DriverContext<'falconx', ResolvedVenueOptions> = createSpecContext(FALCONX_SPEC, options, {
    // FalconX has no time endpoint: the venue time is its answers' `Date` header (whole seconds)
    fetchServerTime: () =>
      dateHeaderTime('falconx', base.transport, `${base.options.restUrl}/v1/pairs`, {
        scheduler: base.scheduler,
      }),
    errorBody: falconxErrorBody,
    onResponse: () => undefined,
    numbersAsText: true,
    // a secret that is not base64 fails each signed call, not the driver's creation (the kit's rule)
    signer: ({ apiKey, secret }) => falconxSigner({ apiKey, secret, passphrase }),
    signatureHeader: 'fx-access-sign',
    signedListing: { listed: 'pairs', credentials: 'an API key, secret and passphrase' },
    listing: (rest) =>
      rest
        .request$({ path: '/v1/pairs', codec: FxPairs })
        .pipe(map((pairs) => pairs.flatMap((p) => pairInstrument(p) ?? []))),
  })
  base.secrets.keep(passphrase)
  return Object.assign(base, {
    platform: options.platform ?? 'api',
    signed: Boolean(options.apiKey && options.secret && passphrase),
  })
}

/**
 * FalconX's refusal, `status: "failure"` whatever the HTTP status: its `error.code` by the table of
 * {@link FALCONX_SPEC}, else its `reason` (the table's `reasons`); any other failed answer goes by the
 * HTTP status (401 `auth`, 429 `rate-limit`, 5xx `temporary`).
 *
 * @example
 * specResponseError(FALCONX_SPEC, falconxErrorBody, { status: 200, headers: {}, body: '{"status":"failure","error":{"code":"QUOTE_EXPIRED","reason":"expired"}}' }, info, now)?.kind // 'expired'
 */
export const falconxErrorBody: EnvelopeReader = (body, { status }) => {
  if (!FxFailure.is(body)) return undefined
  const { code, reason } = body.error
  // a failed HTTP status keeps the wait its Retry-After asked for
  return { code, message: reason ?? code, failed: status >= 200 && status < 300 }
}
