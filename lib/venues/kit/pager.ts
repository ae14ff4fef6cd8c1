/**
 * History paged lazily: one request at a time, the next only once the consumer has taken the previous
 * page, so `take(n)` asks for no more pages than it needs and an unsubscribe stops the walk.
 */
import {
  concat,
  concatMap,
  defer,
  EMPTY,
  filter,
  from,
  type MonoTypeOperatorFunction,
  type Observable,
} from 'rxjs'

/**
 * One page: its items, and where the next page starts (`undefined`: this was the last).
 *
 * @example
 * const page: Page<string, Order> = { items: orders, next: answer.nextPageCursor || undefined }
 */
export interface Page<C, T> {
  readonly items: readonly T[]
  readonly next?: C | undefined
}

/**
 * Every item of every page from `first` on, in page order. A cursor seen before ends the walk (a venue
 * that repeats a cursor would otherwise loop), as does `maxPages`.
 *
 * ```
 * fetch:  p1 ----- p2 ----- p3(next: undefined)
 * items:  a b c    d e      f |
 * ```
 *
 * @example
 * pageThrough(undefined as string | undefined, (cursor) => api.orders(cursor).pipe(map((a) => ({ items: a.list, next: a.cursor }))))
 */
export function pageThrough<C, T>(
  first: C,
  fetch: (cursor: C) => Observable<Page<C, T>>,
  options: { readonly maxPages?: number } = {},
): Observable<T> {
  const maxPages = options.maxPages ?? Infinity
  const seen = new Set<C>()
  const walk = (cursor: C, n: number): Observable<T> =>
    fetch(cursor).pipe(
      concatMap((page) => {
        const next = page.next
        const more = next !== undefined && n + 1 < maxPages && page.items.length > 0 && !seen.has(next)
        if (more) seen.add(next)
        return concat(from(page.items), more ? defer(() => walk(next, n + 1)) : EMPTY)
      }),
    )
  return defer(() => walk(first, 0))
}

/**
 * Keeps items whose time is in `[fromMs, toMs)` and later than the last one kept: pages that overlap
 * at their edges then neither repeat nor reorder an item.
 *
 * @example
 * pageThrough(start, fetchKlines).pipe(inTimeOrder(fromMs, toMs, (c) => c.timestamp.getTime()))
 */
export function inTimeOrder<T>(
  fromMs: number,
  toMs: number,
  timeOf: (item: T) => number,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      let last = -Infinity
      return source.pipe(
        filter((item) => {
          const at = timeOf(item)
          if (at < fromMs || at >= toMs || at <= last) return false
          last = at
          return true
        }),
      )
    })
}
