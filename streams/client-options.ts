/**
 * The options of a client and of its streams, and their checks: an unknown or misspelt option is
 * refused naming it (`lib/core/option-check.ts`), never left to fall back to its default.
 */
import { throwError, type Observable, type SchedulerLike } from 'rxjs'
import { Decimal } from '../lib/core/decimal.js'
import { VenueError } from '../lib/core/errors.js'
import type { Logger } from '../lib/core/logging.js'
import type { VenueId } from '../lib/core/model.js'
import { checkOptions, optionProblem, type OptionKind, type OptionKinds } from '../lib/core/option-check.js'
import { own } from '../lib/core/own.js'
import { didYouMean } from '../lib/core/suggest.js'
import type {
  BookChangesOptions,
  CandleHistoryRequest,
  HistoryRange,
  HttpTransport,
  Venue,
  WebSocketCtor,
} from '../lib/venues/contract/index.js'
import {
  findVenueModule,
  PLANNED_VENUES,
  type AnyVenueModule,
  type VenueSettings,
} from '../lib/venues/registry.js'

/**
 * Options of {@link createClient}.
 *
 * @example
 * const options: ClientOptions = { venues: { bybit: {} }, drivers: { mock: createMockVenue({ seed: 1 }) }, logger: silentLogger }
 */
export interface ClientOptions {
  /** Settings per venue; a venue is created on first use. */
  readonly venues?: VenueSettings | undefined
  /**
   * Venue modules besides the built-in ones: a venue of your own, made from its settings under
   * `venues[id]` like any other.
   */
  readonly modules?: readonly AnyVenueModule[] | undefined
  /** Ready-made drivers that take the place of the built-in ones (a fake, a wrapped venue). */
  readonly drivers?: Partial<Record<VenueId, Venue>> | undefined
  /**
   * Passed to every driver the client makes. Default: loglevel loggers named `rxvenue:<venue>`, at the
   * levels `RXVENUE_LOG` gives them when the client is created (`debug`, `bybit:debug,rest:trace`), else warn.
   */
  readonly logger?: Logger | undefined
  /**
   * Transports every driver the client makes uses instead of its own: an HTTP transport (a proxy, a
   * recorder, a fake) and a WebSocket constructor. A venue's own settings still win. The caller keeps
   * ownership: `close()` does not close them.
   */
  readonly transports?: ClientTransports | undefined
  /** Timers of the client's own operators (throttling, staleness, health sampling). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined
  /**
   * A stream whose venue has never answered fails after this long with `network`, naming the host and
   * the cause (`cannot reach api.bybit.com: getaddrinfo ENOTFOUND api.bybit.com`); until then, and
   * forever once the venue was reached, failures it may recover from are retried. A stream whose market
   * connection has been in use this long without a readable frame fails the same way, and one whose
   * answers could not be decoded for this long after subscription (with nothing emitted) fails with the
   * last `decode` error. A number of ms > 0; default 20 000 ms.
   */
  readonly connectTimeoutMs?: number | undefined
  /**
   * Use only the venues named under `venues` or `drivers`: any other venue id, `mock` included, is
   * refused with `invalid-request` instead of being made on the venue's real endpoints (or, for the
   * mock, in process). An offline test setup sets it so that a venue it forgot cannot reach production
   * by mistake; `sim.clientOptions()` of `rxvenue/testing` sets it. `true`, or a function that gives
   * the message for a refused venue (`configured`: the venues that can be used). Default `false`.
   */
  readonly onlyConfiguredVenues?: boolean | OnlyConfiguredRefusal | undefined
}

/**
 * The message for a venue a client with `onlyConfiguredVenues` refuses, given the venue asked for and
 * those it can use.
 *
 * @example
 * const refusal: OnlyConfiguredRefusal = (venue, configured) =>
 *   `${venue} is not served by this test rig (it serves: ${configured.join(', ')})`
 * createClient({ venues: { bybit: { restUrl, wsUrl } }, onlyConfiguredVenues: refusal })
 */
export type OnlyConfiguredRefusal = (venue: string, configured: readonly string[]) => string

/**
 * Transports shared by the drivers of a client.
 *
 * @example
 * const http: HttpTransport = { request: (req, signal) => recorder.send(req, signal) }
 * createClient({ transports: { http, WebSocket: MyWebSocket } })
 */
export interface ClientTransports {
  /** Sends every REST request. */
  readonly http?: HttpTransport | undefined
  /** Opens every WebSocket; the `ws` package's constructor by default. */
  readonly WebSocket?: WebSocketCtor | undefined
}

/**
 * Options of {@link Client.orderBook$}.
 *
 * @example
 * orderBook$('bybit', 'BTC/USDT', { depth: 10, throttleMs: 250 }) // 10 levels a side, at most 4 views a second
 */
export interface BookStreamOptions {
  /** Levels per side. Default: the venue's default book stream. */
  readonly depth?: number | undefined
  /**
   * At most one view per this many ms: the first at once, then the latest at the end of each window
   * (conflated; views in between are dropped, never queued). Default: every change.
   */
  readonly throttleMs?: number | undefined
}

/**
 * Options of the aggregation streams.
 *
 * @example
 * bestBidAsk$(pairs, { staleAfterMs: 30_000 }) // a quiet market: silent for 30 s before flagged
 */
export interface AggregateOptions {
  /**
   * A pair with no book view for this long is marked stale (`silent`) and left out until its next
   * view. Default 5 000 ms, for liquid markets that change many times a second; raise it for quiet ones.
   */
  readonly staleAfterMs?: number | undefined
  /**
   * At most one result per this many ms: the first at once, then the latest at the end of each window
   * (for screens and logs; a strategy usually wants every change). Default: every change.
   */
  readonly throttleMs?: number | undefined
}

/**
 * Options of {@link Client.mergedBook$}.
 *
 * @example
 * mergedBook$(pairs, { depth: 10, fees: { bybit: new Decimal('0.001'), binance: new Decimal('0.00075') } })
 */
export interface MergedBookOptions extends AggregateOptions {
  /** Merged levels per side. Default 20. */
  readonly depth?: number | undefined
  /**
   * Taker fee rate per venue (`0.001` for 0.1 %): bid prices become price × (1 − fee) and ask prices
   * price × (1 + fee) before levels merge, so the book shows what a taker would really get.
   */
  readonly fees?: Partial<Record<VenueId, Decimal>> | undefined
}

/**
 * Options of {@link Client.health$}.
 *
 * @example
 * health$('binance', { intervalMs: 5000 }).subscribe(report)
 */
export interface HealthOptions {
  /** Sampling period. Default 1 000 ms; connection and breaker events also trigger a sample. */
  readonly intervalMs?: number | undefined
}

const CLIENT_OPTIONS: { readonly [K in keyof ClientOptions]-?: OptionKind } = {
  venues: 'object',
  modules: 'object',
  drivers: 'object',
  logger: 'object',
  transports: 'object',
  scheduler: 'object',
  // 0 would fail every stream at once (RXVENUE_CONNECT_TIMEOUT_MS refuses it too)
  connectTimeoutMs: 'period',
  onlyConfiguredVenues: 'any',
}

/**
 * Refuses, when the client is made, an option it does not have and a venue's settings that name an
 * unknown venue or an option the venue does not have: a misspelt URL option would otherwise leave a
 * driver on the venue's mainnet.
 */
export function checkClientOptions(options: ClientOptions, modules: readonly AnyVenueModule[]): void {
  const refuse = (message: string, venue?: string) =>
    new VenueError({ kind: 'invalid-request', venue, message })
  checkOptions('client', options, CLIENT_OPTIONS)
  const only: unknown = options.onlyConfiguredVenues
  if (only !== undefined && typeof only !== 'boolean' && typeof only !== 'function') {
    throw refuse(`client: onlyConfiguredVenues must be true, false or a function, got ${String(only)}`)
  }
  for (const [id, settings] of Object.entries(options.venues ?? {})) {
    if (settings === undefined || own(options.drivers, id) !== undefined) continue
    const module = findVenueModule(modules, id)
    if (module === undefined) throw unknownVenue(id, modules, options)
    if (typeof settings !== 'object' || settings === null) throw refuse(`venues.${id} must be an object`, id)
    module.checkOptions?.(settings)
  }
}

// the options of each stream, with their kinds
export const BOOK_OPTIONS: { readonly [K in keyof BookStreamOptions]-?: OptionKind } = {
  depth: 'count',
  throttleMs: 'ms',
}
export const AGGREGATE_OPTIONS: { readonly [K in keyof AggregateOptions]-?: OptionKind } = {
  // 0 would make every pair stale at once
  staleAfterMs: 'period',
  throttleMs: 'ms',
}
export const MERGED_OPTIONS: { readonly [K in keyof MergedBookOptions]-?: OptionKind } = {
  ...AGGREGATE_OPTIONS,
  depth: 'count',
  fees: 'object',
}
export const BOOK_CHANGES_OPTIONS: { readonly [K in keyof BookChangesOptions]-?: OptionKind } = {
  depth: 'count',
}
export const HEALTH_OPTIONS: { readonly [K in keyof HealthOptions]-?: OptionKind } = { intervalMs: 'period' }
// history ranges: the times and the interval are checked where they are read, by the venue
export const HISTORY_OPTIONS: { readonly [K in keyof HistoryRange]-?: OptionKind } = {
  from: 'any',
  to: 'any',
  onProgress: 'function',
}
export const CANDLE_HISTORY_OPTIONS: { readonly [K in keyof CandleHistoryRequest]-?: OptionKind } = {
  ...HISTORY_OPTIONS,
  interval: 'any',
}

/**
 * A stream's options checked: the stream fails at once naming what is wrong (and the venue, for a
 * stream of one), or `undefined`.
 */
export function refusedOptions(
  stream: string,
  given: unknown,
  kinds: OptionKinds,
  venue?: string,
): Observable<never> | undefined {
  if (given === undefined) return undefined
  const problem = optionProblem(given, kinds)
  if (problem === undefined) return undefined
  return throwError(
    () => new VenueError({ kind: 'invalid-request', venue, message: `${stream}: ${problem}` }),
  )
}

/**
 * `mergedBook$`'s fees checked: each a `Decimal` (money is never a float), or the stream fails at once
 * naming the venue; `undefined` when they are fine. Their range is checked where they are applied.
 */
export function refusedFees(fees: unknown): Observable<never> | undefined {
  if (typeof fees !== 'object' || fees === null) return undefined
  for (const [venue, fee] of Object.entries(fees)) {
    if (fee === undefined || Decimal.isDecimal(fee)) continue
    const got =
      typeof fee === 'string' ? `the string ${JSON.stringify(fee)}` : `the ${typeof fee} ${String(fee)}`
    return throwError(
      () =>
        new VenueError({
          kind: 'invalid-request',
          venue,
          message: `mergedBook$: the ${venue} fee must be a Decimal, got ${got}`,
        }),
    )
  }
  return undefined
}

/** The error for a venue id this client cannot make. */
export function unknownVenue(
  id: string,
  modules: readonly AnyVenueModule[],
  options: ClientOptions,
): VenueError {
  if ((PLANNED_VENUES as readonly string[]).includes(id)) {
    return new VenueError({
      kind: 'invalid-request',
      venue: id,
      message: `${id} is not available in this version`,
    })
  }
  const available = [...new Set([...modules.map((m) => m.id), ...Object.keys(options.drivers ?? {})])]
  return new VenueError({
    kind: 'invalid-request',
    venue: id,
    message: `unknown venue ${JSON.stringify(id)}${typeof id === 'string' ? didYouMean(id, available) : ''}`,
  })
}

/**
 * The error for a venue a client with `onlyConfiguredVenues` does not use, or `undefined` when the
 * client may use it (the option is off, or the venue is named under `venues` or `drivers`).
 */
export function unconfiguredVenue(id: string, options: ClientOptions): VenueError | undefined {
  const only = options.onlyConfiguredVenues
  if (only === undefined || only === false) return undefined
  const venues = options.venues as Readonly<Record<string, unknown>> | undefined
  if (own(venues, id) !== undefined || own(options.drivers, id) !== undefined) return undefined
  const configured = [
    ...new Set([
      ...Object.keys(venues ?? {}).filter((v) => venues?.[v] !== undefined),
      ...Object.keys(options.drivers ?? {}).filter((v) => own(options.drivers, v) !== undefined),
    ]),
  ]
  const message =
    typeof only === 'function'
      ? only(id, configured)
      : `${id} is not configured on this client (onlyConfiguredVenues; it uses: ${configured.join(', ') || 'none'}); give its settings under venues`
  return new VenueError({ kind: 'invalid-request', venue: id, message })
}
