/**
 * Cancel-all on a venue that cancels one symbol at a time.
 */
import { concatMap, from, map, of, toArray, type Observable, type SchedulerLike } from 'rxjs'
import type { Order, UnifiedSymbol, VenueId } from '../../../core/model.js'
import { beforeSendDeadline } from './send-deadline.js'
import { oldestFirst } from './surface.js'

/**
 * The orders of `symbol` canceled, or without one, those of every symbol with open orders, a symbol at
 * a time; oldest first. The open orders must be known by `sendBy`, or nothing is sent.
 *
 * @example
 * cancelPerSymbol(symbol, sendBy, { venue: 'binance', scheduler, openOrders: () => queries.openOrders(), cancelSymbol })
 */
export function cancelPerSymbol(
  symbol: UnifiedSymbol | undefined,
  sendBy: number,
  venue: {
    readonly venue: VenueId
    readonly scheduler: SchedulerLike
    openOrders(): Observable<readonly Order[]>
    cancelSymbol(symbol: UnifiedSymbol): Observable<readonly Order[]>
  },
): Observable<readonly Order[]> {
  const symbols$ =
    symbol !== undefined
      ? of([symbol])
      : venue.openOrders().pipe(
          beforeSendDeadline(sendBy, venue.scheduler, venue.venue, 'the open orders'),
          map((open) => [...new Set(open.map((o) => o.symbol))]),
        )
  return symbols$.pipe(
    concatMap((list) => from(list)),
    concatMap((s) => venue.cancelSymbol(s)),
    toArray(),
    map((lists) => oldestFirst(lists.flat())),
  )
}
