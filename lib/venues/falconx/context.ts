/**
 * What every part of the FalconX driver shares: the kit's driver base made from {@link FALCONX_SPEC},
 * with FalconX's own error body, signer, exact numbers and pairs.
 */
import { VenueError } from '../../core/errors.js'
import { asyncScheduler, defer, from, map, of, throwError } from 'rxjs'
import { createDefaultTransport } from '../../transport/http-default.js'
import type { HttpResponse, HttpTransport } from '../../transport/http.js'
import type { ResponseInfo } from '../../transport/rest.js'
import type { DriverContext } from '../kit/driver-base.js'
import { venueError } from '../kit/error-table.js'
import { createSpecContext } from '../kit/spec-context.js'
import type { ResolvedVenueOptions } from '../kit/resolved-options.js'
import { FxFailure, FxPairs, quoteJsonNumbers } from './codecs.js'
import { pairInstrument } from './mappers.js'
import type { FalconxOptions } from './options.js'
import { falconxSigner } from './sign.js'
import { FALCONX_ERRORS, FALCONX_SPEC } from './spec.js'

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
  const scheduler = options.scheduler ?? asyncScheduler
  const owned = options.transport === undefined ? createDefaultTransport() : undefined
  const transport = exactNumbers(options.transport ?? (owned as NonNullable<typeof owned>))
  const passphrase = options.passphrase ?? ''
  const base: DriverContext<'falconx', ResolvedVenueOptions> = createSpecContext(
    FALCONX_SPEC,
    { ...options, transport },
    {
      // FalconX has no time endpoint: requests are signed with the local clock
      fetchServerTime: () => defer(() => of(scheduler.now())),
      mapError: (response, info, _core, secrets) => falconxResponseError(response, info, secrets),
      onResponse: () => undefined,
      signer: (credentials) => {
        try {
          return falconxSigner({ apiKey: credentials.apiKey, secret: credentials.secret, passphrase })
        } catch (e) {
          // a secret that is not base64 fails each signed call, not the driver's creation
          return () => {
            throw e
          }
        }
      },
      signatureHeader: 'fx-access-sign',
      listing: () =>
        defer(() => {
          const rest = base.privateRest
          if (rest === undefined) {
            const message =
              'falconx answers signed calls only: its pairs need an API key, secret and passphrase'
            return throwError(() => new VenueError({ kind: 'auth', venue: 'falconx', message }))
          }
          const pairs$ = rest.request$({ path: '/v1/pairs', codec: FxPairs })
          return pairs$.pipe(map((pairs) => pairs.flatMap((p) => pairInstrument(p) ?? [])))
        }),
    },
  )
  if (passphrase !== '') base.secrets.add(passphrase)
  if (owned !== undefined) base.onClose(() => owned.close?.())
  return Object.assign(base, {
    platform: options.platform ?? 'api',
    signed: Boolean(options.apiKey && options.secret && passphrase),
  })
}

/**
 * The error of a FalconX answer, `undefined` on success: a body with `status: "failure"` (whatever
 * the HTTP status) by its `error.code` in {@link FALCONX_ERRORS}, else by its `reason` (the table's
 * `reasons`); else the HTTP status (401 `auth`, 429 `rate-limit`, 5xx `temporary`).
 *
 * @example
 * falconxResponseError({ status: 200, headers: {}, body: '{"status":"failure","error":{"code":"QUOTE_EXPIRED","reason":"expired"}}' }, info)?.kind // 'expired'
 */
export function falconxResponseError(
  response: HttpResponse,
  info: Pick<ResponseInfo, 'method' | 'path' | 'retryAfterMs'>,
  secrets: Iterable<string> = [],
): VenueError | undefined {
  const ok = response.status >= 200 && response.status < 300
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    body = undefined
  }
  const failure = FxFailure.is(body) ? body.error : undefined
  if (ok && failure === undefined) return undefined
  return venueError('falconx', FALCONX_ERRORS, {
    status: response.status,
    code: failure?.code,
    message: failure?.reason ?? (failure === undefined ? response.body : failure.code),
    retryAfterMs: info.retryAfterMs,
    context: `${info.method} ${info.path}`,
    secrets,
  })
}

/** A transport whose answers have their numbers quoted as their text ({@link quoteJsonNumbers}). */
function exactNumbers(inner: HttpTransport): HttpTransport {
  return {
    request: (request, signal) =>
      from(inner.request(request, signal)).pipe(map((r) => ({ ...r, body: quoteJsonNumbers(r.body) }))),
    close: () => inner.close?.() ?? Promise.resolve(),
  }
}
