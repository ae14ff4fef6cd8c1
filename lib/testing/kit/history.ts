/**
 * Which items of a history (orders, fills, public trades) a list query gets: from an id on, within a
 * time range (no longer than the venue allows), the latest ones, or the page after a cursor. Each
 * venue names the parameters and writes the cursor its own way.
 */
import type { VenueError } from '../../core/errors.js'

/**
 * A list query by id or time, oldest first.
 *
 * @example
 * const q: HistoryQuery<TradeRecord> = { id: (t) => Number(t.tradeId), time: (t) => t.time, fromId: 7, limit: 500, take: 'first' }
 */
export interface HistoryQuery<T> {
  id(item: T): number
  time(item: T): number
  /** From this id on (the first `limit` of them); the time range is then not looked at. */
  readonly fromId?: number | undefined
  /** Earliest time, inclusive. */
  readonly start?: number | undefined
  /** Latest time, inclusive. */
  readonly end?: number | undefined
  readonly limit: number
  /** Without `fromId`: the oldest `limit` of the range, or the newest. */
  readonly take: 'first' | 'last'
}

/**
 * The items of a query, oldest first (`items` are oldest first too).
 *
 * @example
 * history(orders.all(), { id: (o) => o.orderId ?? 0, time: (o) => o.createdAt, start, limit: 500, take: start === undefined ? 'last' : 'first' })
 */
export function history<T>(items: readonly T[], q: HistoryQuery<T>): T[] {
  const { fromId, start, end } = q
  if (fromId !== undefined) return items.filter((t) => q.id(t) >= fromId).slice(0, q.limit)
  const list = items.filter((t) => {
    const time = q.time(t)
    return (start === undefined || time >= start) && (end === undefined || time <= end)
  })
  return q.take === 'first' ? list.slice(0, q.limit) : list.slice(-q.limit)
}

/**
 * One page of a list: the `limit` items after the one keyed `after` (from the start without it), the
 * last item's key when more follow; `undefined` when `after` keys no item (a cursor that is not valid).
 *
 * @example
 * const page = pageAfter(orders, (o) => o.orderId, cursorKey, 20)
 * if (page === undefined) throw reject('params', 'cursor is not valid')
 * const next = page.nextKey === undefined ? '' : encodeCursor(page.nextKey)
 */
export function pageAfter<T>(
  items: readonly T[],
  key: (item: T) => string,
  after: string | undefined,
  limit: number,
): { readonly list: T[]; readonly nextKey: string | undefined } | undefined {
  const from = after === undefined ? 0 : items.findIndex((item) => key(item) === after) + 1
  if (from === 0 && after !== undefined) return undefined
  const list = items.slice(from, from + limit)
  const last = list[list.length - 1]
  return { list, nextKey: from + limit < items.length && last !== undefined ? key(last) : undefined }
}

/**
 * Refuses a time range that ends before it starts or spans more than `maxMs`; a range open at either
 * end passes.
 *
 * @throws VenueError `refuse()`, the venue's words.
 * @example
 * checkSpan(startTime, endTime, DAY, () => binanceError('badParam', 'The difference between startTime and endTime must be at most 24 hours.'))
 */
export function checkSpan(
  start: number | undefined,
  end: number | undefined,
  maxMs: number,
  refuse: () => VenueError,
): void {
  if (start !== undefined && end !== undefined && (end < start || end - start > maxMs)) throw refuse()
}
