/**
 * A driver's options with its venue's defaults filled in, once for every venue.
 */
import type { VenueId } from '../../core/model.js'
import type { BackoffOptions } from '../../transport/backoff.js'
import type { WebSocketCtor } from '../../transport/socket.js'
import { DEFAULT_ORDER_DEADLINE_MS, resolveEndpoints, type VenueOptions } from './options.js'
import type { VenueSpec } from './spec.js'

/**
 * What every driver reads of its options, defaults filled in.
 *
 * @example
 * const resolved: ResolvedVenueOptions = resolveVenueOptions(BYBIT_SPEC, { testnet: true })
 * resolved.staleAfterMs // the venue's default unless given
 */
export interface ResolvedVenueOptions {
  readonly restUrl: string
  readonly wsUrl: string
  /** The private (account) stream, where the venue has one apart from the public stream. */
  readonly privateWsUrl: string | undefined
  /** The request/response WebSocket API, where the driver uses one. */
  readonly wsApiUrl: string | undefined
  readonly apiKey: string | undefined
  readonly secret: string | undefined
  readonly recvWindowMs: number
  readonly orderDeadlineMs: number
  readonly maxBodyBytes: number
  readonly maxFrameBytes: number
  readonly staleAfterMs: number
  readonly backoff: Omit<BackoffOptions, 'resetAfterMs'> | undefined
  readonly WebSocketCtor: WebSocketCtor | undefined
}

/**
 * The options a driver runs with: the chosen network's URLs (see `resolveEndpoints`), each replaced by
 * the one given, and the venue's defaults for what was not given.
 *
 * @throws VenueError `invalid-request` for `testnet` and `demo` together, or a network the venue lacks.
 * @example
 * resolveVenueOptions(BYBIT_SPEC, { demo: true }).restUrl // 'https://api-demo.bybit.com'
 */
export function resolveVenueOptions<Id extends VenueId>(
  spec: Pick<VenueSpec<Id>, 'id' | 'networks' | 'defaults'>,
  options: VenueOptions & {
    readonly demo?: boolean | undefined
    readonly privateWsUrl?: string | undefined
    readonly wsApiUrl?: string | undefined
  },
): ResolvedVenueOptions {
  const urls = resolveEndpoints(spec.id, spec.networks, options)
  const { defaults } = spec
  return {
    restUrl: urls.rest,
    wsUrl: urls.ws,
    privateWsUrl: urls.privateWs,
    wsApiUrl: urls.wsApi,
    apiKey: options.apiKey,
    secret: options.secret,
    recvWindowMs: options.recvWindowMs ?? defaults.recvWindowMs,
    orderDeadlineMs: options.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS,
    maxBodyBytes: options.maxBodyBytes ?? defaults.maxBodyBytes,
    maxFrameBytes: options.maxFrameBytes ?? defaults.maxFrameBytes,
    staleAfterMs: options.staleAfterMs ?? defaults.staleAfterMs,
    backoff: options.backoff,
    WebSocketCtor: options.WebSocketCtor,
  }
}
