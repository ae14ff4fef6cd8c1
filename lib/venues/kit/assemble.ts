/**
 * A driver put together the one way every venue's is: the spec's id, capabilities and book rule, the
 * context's instruments, events, health and close, each stream completed when the driver closes, and
 * the market data the capabilities declare absent refused.
 */
import type { MonoTypeOperatorFunction, Observable, Subject } from 'rxjs'
import type { Instrument, VenueId } from '../../core/model.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue, VenueEvent } from '../contract/index.js'
import { refusedStreams, unofferedCalls, type MarketCall } from './refused-streams.js'
import type { VenueSpec } from './spec.js'

/**
 * What {@link assembleVenue} takes of a driver's context (a `DriverContext` is one).
 *
 * @example
 * const host: AssemblyHost = createBybitContext(options)
 */
export interface AssemblyHost {
  instruments(): Observable<readonly Instrument[]>
  readonly events: Subject<VenueEvent>
  health(): VenueHealthSnapshot
  close(): Promise<void>
  untilClosed<T>(options?: { readonly request?: boolean | undefined }): MonoTypeOperatorFunction<T>
}

type Streams = Record<string, (...args: never[]) => Observable<unknown>>

/**
 * The parts of a driver: `streams` end when it closes: a live stream (its name ends in `$`) completes,
 * a request (paged history: any other name) fails with the closed error, so that an answer cut off is
 * never taken for a whole one; `calls` are taken as they are (one-shot requests, counters), `trading`
 * is present with credentials.
 *
 * @example
 * const parts: VenueParts<{ trades$: typeof trades$ }, { serverTime: typeof serverTime }, undefined> = { streams: { trades$ }, calls: { serverTime }, trading: undefined }
 */
export interface VenueParts<S extends Streams, C extends object, T> {
  readonly streams: S
  readonly calls: C
  readonly trading: T
}

/**
 * The driver of a venue from its spec, context and parts. A market-data call its capabilities declare
 * absent (see `unofferedCalls`) and `streams` does not give refuses with `invalid-request`.
 *
 * @example
 * return assembleVenue(BYBIT_SPEC, ctx, { streams: { ...streams, candleHistory }, calls: { serverTime }, trading })
 */
export function assembleVenue<Id extends VenueId, S extends Streams, C extends object, T>(
  spec: Pick<VenueSpec<Id>, 'id' | 'capabilities' | 'bookSequence'>,
  host: AssemblyHost,
  parts: VenueParts<S, C, T>,
): {
  readonly id: Id
  readonly capabilities: VenueSpec<Id>['capabilities']
  readonly bookSequence: VenueSpec<Id>['bookSequence']
  instruments(): Observable<readonly Instrument[]>
  readonly trading: T
  readonly rfq: undefined
  readonly custody: undefined
  readonly events$: Observable<VenueEvent>
  health(): VenueHealthSnapshot
  close(): Promise<void>
} & Pick<Venue, MarketCall> &
  S &
  C {
  const streams: Record<string, unknown> = {}
  const given = { ...refusedStreams(spec.id, unofferedCalls(spec.capabilities)), ...parts.streams }
  for (const [name, open] of Object.entries(given)) {
    // a live stream ends in `$`; any other (candleHistory, tradeHistory) is a request
    const request = !name.endsWith('$')
    streams[name] = (...args: never[]) => open(...args).pipe(host.untilClosed({ request }))
  }
  return {
    ...parts.calls,
    ...(streams as Pick<Venue, MarketCall> & S),
    id: spec.id,
    capabilities: spec.capabilities,
    bookSequence: spec.bookSequence,
    instruments: () => host.instruments().pipe(host.untilClosed({ request: true })),
    trading: parts.trading,
    rfq: undefined,
    custody: undefined,
    events$: host.events.asObservable(),
    health: () => host.health(),
    close: () => host.close(),
  }
}
