/**
 * A driver's context made from its {@link VenueSpec}: options resolved by the spec's networks and
 * defaults, the spec's rate windows and listing lifetime, and the signatures a signer makes scrubbed
 * like the credentials.
 */
import { map, type Observable } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { Instrument, VenueId } from '../../core/model.js'
import { SecretList } from '../../core/secret-list.js'
import { SymbolMap } from '../../core/symbols.js'
import type { VenueError } from '../../core/errors.js'
import type { HttpRequest, HttpResponse } from '../../transport/http.js'
import type { ResponseInfo, RestClient } from '../../transport/rest.js'
import {
  createDriverBase,
  type DriverBaseOptions,
  type DriverContext,
  type DriverCore,
} from './driver-base.js'
import type { VenueOptions } from './options.js'
import { resolveVenueOptions, type ResolvedVenueOptions } from './resolved-options.js'
import type { VenueSpec } from './spec.js'

/**
 * The credentials a signer is made with.
 *
 * @example
 * const credentials: SignerCredentials = { apiKey, secret, recvWindowMs: 5000 }
 */
export interface SignerCredentials {
  readonly apiKey: string
  readonly secret: string
  readonly recvWindowMs: number
}

/**
 * What a venue adds to its spec to make its context.
 *
 * @example
 * const hooks: SpecContextHooks = { fetchServerTime, mapError, onResponse, signer, signatureHeader: 'x-bapi-sign', listing }
 */
export interface SpecContextHooks extends Pick<
  DriverBaseOptions<VenueId, ResolvedVenueOptions>,
  'fetchServerTime' | 'onResponse'
> {
  /** The venue's error for a response (see `DriverBaseOptions.mapError`); `secrets` to scrub from it. */
  mapError(
    response: HttpResponse,
    info: ResponseInfo,
    core: DriverCore,
    secrets: SecretList,
  ): VenueError | undefined
  /** The request signer; the context makes one only when both an API key and a secret were given. */
  signer(credentials: SignerCredentials): (request: HttpRequest, now: number) => HttpRequest
  /** The header that carries the signature (lower case): each one made is scrubbed from then on. */
  readonly signatureHeader: string
  /** The venue's instruments. */
  listing(rest: RestClient, logger: Logger): Observable<Instrument[]>
}

/**
 * Makes the context of a driver from its spec, the user's options and the venue's hooks.
 *
 * @example
 * const ctx = createSpecContext(BYBIT_SPEC, options, hooks) // DriverContext<'bybit', ResolvedVenueOptions>
 */
export function createSpecContext<V extends VenueId>(
  spec: VenueSpec<V>,
  options: Parameters<typeof resolveVenueOptions>[1] & VenueOptions,
  hooks: SpecContextHooks,
): DriverContext<V, ResolvedVenueOptions> {
  const resolved = resolveVenueOptions(spec, options)
  const { apiKey, secret, recvWindowMs } = resolved
  const secrets = new SecretList([apiKey, secret])
  return createDriverBase({
    venue: spec.id,
    options: resolved,
    common: options,
    secrets,
    windows: spec.rateWindows,
    instrumentsTtlMs: spec.defaults.instrumentsTtlMs,
    fetchServerTime: hooks.fetchServerTime,
    mapError: (response, info, core) => hooks.mapError(response, info, core, secrets),
    onResponse: hooks.onResponse,
    signer: () => {
      if (!apiKey || !secret) return undefined
      const sign = hooks.signer({ apiKey, secret, recvWindowMs })
      return (request, now) => {
        const signed = sign(request, now)
        const signature = signed.headers[hooks.signatureHeader]
        if (signature !== undefined) secrets.add(signature)
        return signed
      }
    },
    loadSymbols: (rest, { logger }) =>
      hooks.listing(rest, logger).pipe(map((list) => new SymbolMap(spec.id, list))),
  })
}
