/**
 * The {@link Venue} contract assembled from a driver's context, its spec and its market data parts:
 * every stream and history ends when the driver closes.
 */
import { throwError } from 'rxjs'
import type { VenueId } from '../../core/model.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import { unsupported, type Venue } from '../contract/index.js'
import type { DriverContext, ResolvedDriverOptions } from './driver-base.js'
import type { VenueSpec } from './spec.js'

/**
 * A driver's market data, as the contract names it; a venue without public trade history leaves
 * `tradeHistory` out.
 *
 * @example
 * const market: MarketParts = { ...createBybitPublicStreams(ctx), candleHistory: rest.candleHistory }
 */
export type MarketParts = Pick<Venue, 'bookChanges$' | 'trades$' | 'ticker$' | 'candles$' | 'candleHistory'> &
  Partial<Pick<Venue, 'tradeHistory'>>

/**
 * The venue-neutral part of a driver: everything of {@link Venue} but the optional surfaces (`trading`,
 * `rfq`, `custody`), which the venue adds.
 *
 * @example
 * const base: AssembledVenue<'bybit'> = assembleVenue(ctx, BYBIT_SPEC, market)
 */
export type AssembledVenue<V extends VenueId> = Omit<Venue, 'trading' | 'rfq' | 'custody'> & {
  readonly id: V
  health(): VenueHealthSnapshot
}

/**
 * Assembles a driver's {@link Venue} members from its context and market data parts.
 *
 * @example
 * return { ...assembleVenue(ctx, BYBIT_SPEC, market), trading: createBybitTrading(ctx), rfq: undefined, custody: undefined }
 */
export function assembleVenue<V extends VenueId>(
  ctx: DriverContext<V, ResolvedDriverOptions>,
  spec: Pick<VenueSpec<V>, 'id' | 'capabilities' | 'bookSequence'>,
  market: MarketParts,
): AssembledVenue<V> {
  const tradeHistory = market.tradeHistory
  return {
    id: spec.id,
    capabilities: spec.capabilities,
    bookSequence: spec.bookSequence,
    instruments: () => ctx.instruments().pipe(ctx.untilClosed()),
    bookChanges$: (symbol, options) => market.bookChanges$(symbol, options).pipe(ctx.untilClosed()),
    trades$: (symbol) => market.trades$(symbol).pipe(ctx.untilClosed()),
    ticker$: (symbol) => market.ticker$(symbol).pipe(ctx.untilClosed()),
    candles$: (symbol, interval) => market.candles$(symbol, interval).pipe(ctx.untilClosed()),
    candleHistory: (symbol, request) => market.candleHistory(symbol, request).pipe(ctx.untilClosed()),
    tradeHistory: (symbol, range) =>
      tradeHistory === undefined
        ? throwError(() => unsupported(spec.id, 'trade history'))
        : tradeHistory(symbol, range).pipe(ctx.untilClosed()),
    events$: ctx.events.asObservable(),
    health: () => ctx.health(),
    close: () => ctx.close(),
  }
}
