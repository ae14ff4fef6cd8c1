/**
 * A driver's context made from its {@link VenueSpec}: options resolved by the spec's networks and
 * defaults, the spec's rate windows and listing lifetime, and the signatures a signer makes scrubbed
 * like the credentials.
 */
import { defer, map, throwError, type Observable } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { Instrument, VenueId } from '../../core/model.js'
import type { RateLimiter } from '../../transport/rate-limit.js'
import { SecretList } from '../../core/secret-list.js'
import { SymbolMap } from '../../core/symbols.js'
import { VenueError } from '../../core/errors.js'
import { createDefaultTransport } from '../../transport/http-default.js'
import type { HttpRequest, HttpResponse } from '../../transport/http.js'
import type { ResponseInfo, RestClient } from '../../transport/rest.js'
import {
  createDriverBase,
  type DriverBaseOptions,
  type DriverContext,
  type DriverCore,
} from './driver-base.js'
import { specResponseError, type EnvelopeReader } from './error-response.js'
import { headerInt } from './error-table.js'
import { reportUndecodedListing } from './listing.js'
import { exactNumbers } from './exact-numbers.js'
import type { VenueOptions } from './options.js'
import { observePathUsage } from './path-usage.js'
import { resolveVenueOptions, type ResolvedVenueOptions } from './resolved-options.js'
import type { VenueSpec } from './spec.js'
import { observeUsageHeaders } from './usage-headers.js'

/**
 * The credentials a signer is made with.
 *
 * @example
 * const credentials: SignerCredentials = { apiKey, secret, recvWindowMs: 5000 }
 */
export interface SignerCredentials {
  readonly apiKey: string
  /** `''` when the venue's asymmetric `privateKey` was given instead. */
  readonly secret: string
  /** An asymmetric key (PEM), where the venue takes one instead of a secret. */
  readonly privateKey?: string | undefined
  readonly recvWindowMs: number
}

/**
 * What a venue adds to its spec to make its context.
 *
 * @example
 * const hooks: SpecContextHooks = { fetchServerTime, errorBody, signer, signatureHeader: 'x-bapi-sign', listing }
 */
export interface SpecContextHooks<O extends SpecResolvedOptions = ResolvedVenueOptions> extends Pick<
  DriverBaseOptions<VenueId, O>,
  'fetchServerTime'
> {
  /** Sees the headers of every response; default: the spec's `usage` and `pathUsage` headers fed into the limiter. */
  readonly onResponse?: DriverBaseOptions<VenueId, O>['onResponse'] | undefined
  /** The venue's own options resolved over the common ones; default: the common ones alone. */
  resolve?(options: VenueOptions): O
  /** Reads the venue's error envelope (see `specResponseError`, which the context's errors come from). */
  readonly errorBody?: EnvelopeReader | undefined
  /**
   * Or the venue's error for a response, read its own way (see `DriverBaseOptions.mapError`); `secrets`
   * to scrub from it.
   */
  mapError?(
    response: HttpResponse,
    info: ResponseInfo,
    core: DriverCore,
    secrets: SecretList,
  ): VenueError | undefined
  /**
   * The request signer; the context makes one only when an API key and a secret (or private key) were
   * given. A signer that cannot be made of them (a secret that is not base64) may throw: each signed
   * call then fails with its error, not the driver's creation.
   */
  signer(credentials: SignerCredentials): (request: HttpRequest, now: number) => HttpRequest
  /** The header that carries the signature (lower case): each one made is scrubbed from then on. */
  readonly signatureHeader?: string | undefined
  /** Or the query parameter that carries it (each one made is scrubbed likewise). */
  readonly signatureParam?: string | undefined
  /**
   * True where the venue writes prices and sizes as JSON numbers (FalconX): each answer has its numbers
   * quoted as their text ({@link exactNumbers}) before it is parsed, for its codecs to read them exactly.
   */
  readonly numbersAsText?: boolean | undefined
  /**
   * Set where the venue answers signed calls only, its listing too (FalconX): `listing` is given the
   * signed client, and without one (no key) it is refused with `auth`, "`<venue>` answers signed calls
   * only: its `<listed>` need `<credentials>`" (`credentials` as the message names them).
   */
  readonly signedListing?: { readonly listed: string; readonly credentials: string } | undefined
  /** The venue's instruments; `limiter` for limits the listing announces. */
  listing(rest: RestClient, logger: Logger, limiter: RateLimiter): Observable<readonly Instrument[]>
}

/**
 * Resolved options of a driver made by {@link createSpecContext}: the common ones, and a venue's own.
 *
 * @example
 * const options: SpecResolvedOptions = { ...resolveVenueOptions(BINANCE_SPEC, {}), privateKey: pem }
 */
export type SpecResolvedOptions = ResolvedVenueOptions & { readonly privateKey?: string | undefined }

const noEnvelope: EnvelopeReader = () => undefined

/** The signature a signed request carries in `header` or query parameter `param`. */
function signatureOf(request: HttpRequest, header?: string, param?: string): string | undefined {
  if (header !== undefined) return request.headers[header]
  if (param === undefined) return undefined
  const value = new URL(request.url).searchParams.get(param)
  return value ?? undefined
}

type Signer = ReturnType<SpecContextHooks['signer']>

/** The signer `make` makes, or one whose every call throws what `make` threw. */
function signerOrRefusal(make: () => Signer): Signer {
  try {
    return make()
  } catch (e) {
    return () => {
      throw e
    }
  }
}

/**
 * Makes the context of a driver from its spec, the user's options and the venue's hooks.
 *
 * @example
 * const ctx = createSpecContext(BYBIT_SPEC, options, hooks) // DriverContext<'bybit', ResolvedVenueOptions>
 */
export function createSpecContext<V extends VenueId, O extends SpecResolvedOptions = ResolvedVenueOptions>(
  spec: VenueSpec<V>,
  given: Parameters<typeof resolveVenueOptions>[1] & VenueOptions,
  hooks: SpecContextHooks<O>,
): DriverContext<V, O> {
  // a transport wrapped for exact numbers is the context's to close when it made the inner one
  const owned = hooks.numbersAsText && given.transport === undefined ? createDefaultTransport() : undefined
  const inner = given.transport ?? owned
  const options =
    hooks.numbersAsText && inner !== undefined ? { ...given, transport: exactNumbers(inner) } : given
  const resolved = hooks.resolve?.(options) ?? (resolveVenueOptions(spec, options) as O)
  const { apiKey, secret, privateKey, recvWindowMs } = resolved
  const secrets = new SecretList([apiKey, secret, privateKey])
  const base: DriverContext<V, O> = createDriverBase({
    venue: spec.id,
    options: resolved,
    common: options,
    secrets,
    windows: spec.rateWindows,
    instrumentsTtlMs: spec.defaults.instrumentsTtlMs,
    fetchServerTime: hooks.fetchServerTime,
    mapError: (response, info, core) =>
      hooks.mapError === undefined
        ? specResponseError(spec, hooks.errorBody ?? noEnvelope, response, info, core.clock.now(), secrets)
        : hooks.mapError(response, info, core, secrets),
    onResponse:
      hooks.onResponse ??
      ((headers, { path, sentAt, sentOn }, { limiter }) => {
        observeUsageHeaders(limiter, spec.usage, headers, sentAt)
        const names = spec.pathUsage
        if (names === undefined) return
        const [remaining, limit, resetAt] = [names.remaining, names.limit, names.resetAt].map((name) =>
          headerInt(headers[name]),
        )
        observePathUsage(limiter, spec, path, { remaining, limit, resetAt }, sentAt, sentOn)
      }),
    signer: () => {
      if (!apiKey || !(secret || privateKey)) return undefined
      const sign = signerOrRefusal(() =>
        hooks.signer({ apiKey, secret: secret ?? '', privateKey, recvWindowMs }),
      )
      return (request, now) => {
        const signed = sign(request, now)
        const signature = signatureOf(signed, hooks.signatureHeader, hooks.signatureParam)
        if (signature !== undefined) secrets.add(signature)
        return signed
      }
    },
    loadSymbols: (rest, { logger, limiter }) => {
      const signed = hooks.signedListing
      const listed: Observable<readonly Instrument[]> =
        signed === undefined
          ? hooks.listing(rest, logger, limiter)
          : defer(() => {
              if (base.privateRest !== undefined) return hooks.listing(base.privateRest, logger, limiter)
              const message = `${spec.id} answers signed calls only: its ${signed.listed} need ${signed.credentials}`
              return throwError(() => new VenueError({ kind: 'auth', venue: spec.id, message }))
            })
      return listed.pipe(
        reportUndecodedListing((event) => base.emit(event)),
        map((list) => new SymbolMap(spec.id, list)),
      )
    },
  })
  if (owned !== undefined) base.onClose(() => owned.close?.())
  return base
}
