/**
 * Cancel, amend and cancel-all for a venue that acknowledges them before its order queries show them:
 * each acknowledgement is followed by lookups until the order settles.
 */
import { concatMap, from, map, mergeMap, toArray, type Observable, type SchedulerLike } from 'rxjs'
import type { Order, OrderAmendment, OrderRef, UnifiedSymbol, VenueId } from '../../../core/model.js'
import { isTerminal } from '../../../core/order-status.js'
import type { SymbolMap } from '../../../core/symbols.js'
import type { ReconcileOptions } from './place-without-duplicates.js'
import { checkAmendment } from './amendment.js'
import { beforeSendDeadline } from './send-deadline.js'
import { oldestFirst, orderOrNotFound, pendingCancel, settle, type TradingParts } from './surface.js'

/**
 * How the commands wait for an order to settle.
 *
 * @example
 * const options: SettleOptions = { reconcile: { lookupDelayMs: 100 }, settleLookups: 2 }
 */
export interface SettleOptions {
  /** Delays of the lookups (`lookupDelayMs`, doubling up to `maxLookupDelayMs`). */
  readonly reconcile?: ReconcileOptions | undefined
  /** How many lookups wait for a cancel or amend to show in the venue's order queries. Default 4. */
  readonly settleLookups?: number | undefined
}

/**
 * What a venue brings to {@link createSettledCommands}: its requests, each emitting the id of the order
 * (or ids of the orders) the venue acknowledged, and its queries.
 *
 * @example
 * const source: SettledCommandSource = { venue: 'bybit', scheduler, symbolsBy, cancel, amend, cancelAll, lookup, openOrders, byId }
 */
export interface SettledCommandSource {
  readonly venue: VenueId
  readonly scheduler: SchedulerLike
  /** The symbol map, before the command's deadline. */
  symbolsBy(sendBy: number): Observable<SymbolMap>
  cancel(ref: OrderRef, symbols: SymbolMap, sendBy: number): Observable<string>
  amend(ref: OrderRef, changes: OrderAmendment, symbols: SymbolMap, sendBy: number): Observable<string>
  cancelAll(
    symbol: UnifiedSymbol | undefined,
    symbols: SymbolMap,
    sendBy: number,
  ): Observable<readonly string[]>
  lookup(ref: OrderRef): Observable<Order | undefined>
  openOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** An order the venue names by id alone; nothing when unknown. */
  byId(symbols: SymbolMap, orderId: string): Observable<Order>
}

const finished = (o: Order): boolean => isTerminal(o.status)

/**
 * What a cancel or an amend alone takes of a {@link SettledCommandSource} (a venue without cancel-all).
 *
 * @example
 * const source: SettleSource = { venue: 'prime', scheduler, symbolsBy, lookup }
 */
export type SettleSource = Pick<SettledCommandSource, 'venue' | 'scheduler' | 'symbolsBy' | 'lookup'>

/** Looks an order up until `done`, as the options time it. */
function settler(source: SettleSource, options: SettleOptions) {
  const getOrder = orderOrNotFound(source.venue, source.lookup)
  const settling = {
    lookups: options.settleLookups ?? 4,
    delayMs: options.reconcile?.lookupDelayMs ?? 250,
    maxDelayMs: options.reconcile?.maxLookupDelayMs ?? 2000,
    scheduler: source.scheduler,
  }
  return (ref: OrderRef, done: (o: Order) => boolean) => settle(getOrder, ref, done, settling)
}

/**
 * The trading surface's cancel: the venue's, then `pending-cancel` until the queries show the order
 * finished.
 *
 * @example
 * const cancel = settledCancel({ venue: 'prime', scheduler, symbolsBy, lookup, cancel: (ref) => cancelById(ref) })
 */
export function settledCancel(
  source: SettleSource & Pick<SettledCommandSource, 'cancel'>,
  options: SettleOptions = {},
): TradingParts['cancel'] {
  const settled = settler(source, options)
  return (ref, sendBy) =>
    source.symbolsBy(sendBy).pipe(
      concatMap((symbols) => source.cancel(ref, symbols, sendBy)),
      concatMap((id) => settled({ ...ref, id }, finished)),
      map(pendingCancel),
    )
}

/**
 * The trading surface's amend: the venue's, then lookups until the queries show the new price and
 * quantity (or the order finished).
 *
 * @example
 * const amend = settledAmend({ venue: 'prime', scheduler, symbolsBy, lookup, amend: (ref, changes) => edit(ref, changes) })
 */
export function settledAmend(
  source: SettleSource & Pick<SettledCommandSource, 'amend'>,
  options: SettleOptions = {},
): NonNullable<TradingParts['amend']> {
  const settled = settler(source, options)
  return (ref, changes, sendBy) =>
    source.symbolsBy(sendBy).pipe(
      // checked against the instrument before anything is sent, whatever the venue's amend does
      concatMap((symbols) =>
        source.amend(
          ref,
          checkAmendment(source.venue, changes, symbols.instrument(ref.symbol)),
          symbols,
          sendBy,
        ),
      ),
      concatMap((id) =>
        settled(
          { ...ref, id },
          (o) =>
            finished(o) ||
            ((changes.price === undefined || (o.price?.eq(changes.price) ?? false)) &&
              (changes.quantity === undefined || o.quantity.eq(changes.quantity))),
        ),
      ),
    )
}

/**
 * The cancel, amend and cancel-all of the trading surface: a cancel reads `pending-cancel` until the
 * queries show it finished; an amend waits until they show the new price and quantity; cancel-all lists
 * the open orders first (before the deadline), since a venue's acknowledgement may name orders by id
 * only, then settles each it names.
 *
 * @example
 * const { cancel, amend, cancelAll } = createSettledCommands(source, { settleLookups: 2 })
 */
export function createSettledCommands(
  source: SettledCommandSource,
  options: SettleOptions = {},
): Pick<TradingParts, 'cancel'> & Required<Pick<TradingParts, 'amend' | 'cancelAll'>> {
  const settled = settler(source, options)

  return {
    cancel: settledCancel(source, options),
    amend: settledAmend(source, options),

    cancelAll: (symbol, sendBy) =>
      source.symbolsBy(sendBy).pipe(
        concatMap((symbols) =>
          source.openOrders(symbol).pipe(
            beforeSendDeadline(sendBy, source.scheduler, source.venue, 'the open orders'),
            concatMap((before) => {
              const symbolOf = new Map(before.map((o) => [o.id, o.symbol]))
              return source.cancelAll(symbol, symbols, sendBy).pipe(
                mergeMap((ids) => from(ids)),
                mergeMap((id) => {
                  const known = symbolOf.get(id) ?? symbol
                  return known === undefined
                    ? source.byId(symbols, id)
                    : settled({ symbol: known, id }, finished)
                }, 4),
              )
            }),
            map(pendingCancel),
            toArray(),
            map(oldestFirst),
          ),
        ),
      ),
  }
}
