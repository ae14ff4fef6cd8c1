/**
 * Pages walked by cursor as Coinbase and Prime answer them: each page names the next cursor, and an
 * empty one (or a page that says there is no next) ends the walk.
 */
import { map, type Observable } from 'rxjs'
import { pageThrough } from './pager.js'

/**
 * What a page says: its records, the next cursor, and (where the venue says it) whether there is a
 * next page.
 *
 * @example
 * const page: CursorPage<Order> = { items: p.orders, next: p.cursor, more: p.has_next }
 */
export interface CursorPage<R> {
  readonly items: readonly R[]
  readonly next: string | undefined
  readonly more?: boolean | undefined
}

/**
 * Every record of every page, lazily, from the first page (no cursor) to the last or `maxPages`.
 *
 * @example
 * cursorPages((cursor) => send('/orders', OrderPage, { query: { cursor } }), (p) => ({ items: p.orders, next: p.cursor, more: p.has_next }))
 */
export function cursorPages<P, R>(
  fetch: (cursor: string | undefined) => Observable<P>,
  read: (page: P) => CursorPage<R>,
  maxPages?: number,
): Observable<R> {
  return pageThrough(
    undefined as string | undefined,
    (cursor) =>
      fetch(cursor).pipe(
        map((page) => {
          const { items, next, more } = read(page)
          return { items, next: more === false ? undefined : next || undefined }
        }),
      ),
    { maxPages },
  )
}
